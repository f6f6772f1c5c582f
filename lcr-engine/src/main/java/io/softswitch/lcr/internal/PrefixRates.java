package io.softswitch.lcr.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The rates of one direction (buy or sell) of a {@link RouteSnapshot}, grouped by the trie node of
 * their prefix.
 *
 * <p>What a query reads is interleaved in one {@code long} array, two words per entry, so that a
 * node's entries are one short sequential run of memory (the prefetcher streams it) rather than
 * one cache miss per field array. Validity periods are few (one per deck version), so an entry
 * holds the index of its period in a small table that stays in cache. What only the route
 * simulator reads (connect fee, destination name) is kept apart.
 *
 * <pre>
 *   hot[2e]:      | deck (high 32 bits) | period (low 32 bits) |
 *   hot[2e + 1]:  | ratePerMinuteMicros                        |
 *   period p:     fromMs[p] (inclusive) .. untilMs[p] (exclusive)
 *
 *   start:   node 0   node 1         node 2   ...
 *            0        0              3        ...
 *   entries:          [d0 d1 d1]     [d4] ...    d1 twice: one rate now, one future-dated
 * </pre>
 *
 * <p>The entries of node {@code n} are {@code start[n]} to {@code start[n + 1] - 1}, in deck
 * order (decks are indexed by sorted trunk name).
 */
public final class PrefixRates
{
    private static final int STRIDE = 2;
    private static final int KEY = 0;
    private static final int RATE = 1;

    public final int[] start;
    public final long[] hot;
    public final long[] periodFromMs;
    public final long[] periodUntilMs;
    public final long[] connectFeeMicros;
    public final int[] destination;

    private PrefixRates(final Builder builder, final int nodeCount)
    {
        final int count = builder.count;
        start = new int[nodeCount + 1];
        for (int i = 0; i < count; i++)
        {
            start[builder.node[i] + 1]++;
        }
        for (int n = 0; n < nodeCount; n++)
        {
            start[n + 1] += start[n];
        }
        hot = new long[count * STRIDE];
        periodFromMs = Arrays.copyOf(builder.periodFrom, builder.periodCount);
        periodUntilMs = Arrays.copyOf(builder.periodUntil, builder.periodCount);
        connectFeeMicros = new long[count];
        destination = new int[count];
        // Counting sort by node; stable, so entries keep the order they were added in (deck order).
        final int[] next = Arrays.copyOf(start, nodeCount);
        for (int i = 0; i < count; i++)
        {
            final int e = next[builder.node[i]]++;
            final int base = e * STRIDE;
            hot[base + KEY] = ((long) builder.deck[i] << 32) | builder.period[i];
            hot[base + RATE] = builder.rate[i];
            connectFeeMicros[e] = builder.fee[i];
            destination[e] = builder.destination[i];
        }
    }

    /**
     * Number of rate entries.
     *
     * @return the count.
     */
    public int size()
    {
        return destination.length;
    }

    /**
     * The deck of an entry.
     *
     * @param entry the entry.
     * @return the deck index.
     */
    public int deck(final int entry)
    {
        return (int) (hot[entry * STRIDE + KEY] >>> 32);
    }

    /**
     * The rate of an entry.
     *
     * @param entry the entry.
     * @return price per minute, micro-units.
     */
    public long rate(final int entry)
    {
        return hot[entry * STRIDE + RATE];
    }

    /**
     * Whether an entry applies at an instant.
     *
     * @param entry the entry.
     * @param nowMs the instant, epoch milliseconds.
     * @return true when {@code from <= now < until}.
     */
    public boolean inForce(final int entry, final long nowMs)
    {
        final int period = (int) hot[entry * STRIDE + KEY];
        return periodFromMs[period] <= nowMs && nowMs < periodUntilMs[period];
    }

    /**
     * The entry of one deck at one node in force at an instant.
     *
     * @param node  trie node.
     * @param deck  deck index.
     * @param nowMs the instant, epoch milliseconds.
     * @return the entry, or -1.
     */
    public int find(final int node, final int deck, final long nowMs)
    {
        final int end = start[node + 1];
        for (int e = start[node]; e < end; e++)
        {
            if (deck(e) == deck && inForce(e, nowMs))
            {
                return e;
            }
        }
        return -1;
    }

    /**
     * Collects rows before they are grouped by node.
     */
    public static final class Builder
    {
        private int count;
        private int[] node = new int[1024];
        private int[] deck = new int[1024];
        private long[] rate = new long[1024];
        private long[] fee = new long[1024];
        private int[] period = new int[1024];
        private int[] destination = new int[1024];
        private final Map<Period, Integer> periodIds = new HashMap<>();
        private long[] periodFrom = new long[16];
        private long[] periodUntil = new long[16];
        private int periodCount;
        private int lastPeriod = -1;

        public void add(final int node, final int deck, final long rate, final long fee, final long from, final long until,
            final int destination)
        {
            if (count == this.node.length)
            {
                final int capacity = count * 2;
                this.node = Arrays.copyOf(this.node, capacity);
                this.deck = Arrays.copyOf(this.deck, capacity);
                this.rate = Arrays.copyOf(this.rate, capacity);
                this.fee = Arrays.copyOf(this.fee, capacity);
                this.period = Arrays.copyOf(this.period, capacity);
                this.destination = Arrays.copyOf(this.destination, capacity);
            }
            this.node[count] = node;
            this.deck[count] = deck;
            this.rate[count] = rate;
            this.fee[count] = fee;
            this.period[count] = periodId(from, until);
            this.destination[count] = destination;
            count++;
        }

        private record Period(long from, long until)
        {
        }

        private int periodId(final long from, final long until)
        {
            // Rows of one deck version share a period: most rows hit the last one.
            if (lastPeriod >= 0 && periodFrom[lastPeriod] == from && periodUntil[lastPeriod] == until)
            {
                return lastPeriod;
            }
            final Integer known = periodIds.get(new Period(from, until));
            if (known != null)
            {
                lastPeriod = known;
                return lastPeriod;
            }
            if (periodCount == periodFrom.length)
            {
                periodFrom = Arrays.copyOf(periodFrom, periodCount * 2);
                periodUntil = Arrays.copyOf(periodUntil, periodCount * 2);
            }
            periodFrom[periodCount] = from;
            periodUntil[periodCount] = until;
            periodIds.put(new Period(from, until), periodCount);
            lastPeriod = periodCount++;
            return lastPeriod;
        }

        public PrefixRates build(final int nodeCount)
        {
            return new PrefixRates(this, nodeCount);
        }
    }
}
