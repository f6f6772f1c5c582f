package io.softswitch.lcr;

import java.util.Arrays;

/**
 * The rates of one direction (buy or sell) of a {@link RouteSnapshot}, grouped by the trie node of
 * their prefix.
 *
 * <p>What a query reads is interleaved in one {@code long} array, four words per entry, so that a
 * node's entries are one sequential run of memory (the prefetcher streams it) rather than one
 * cache miss per field array. What only the route simulator reads (connect fee, destination name)
 * is kept apart.
 *
 * <pre>
 *   hot[4e .. 4e+3]:  | deck | ratePerMinuteMicros | fromMs (incl.) | untilMs (excl.) |
 *
 *   start:   node 0   node 1         node 2   ...
 *            0        0              3        ...
 *   entries:          [d0 d1 d1]     [d4] ...    d1 twice: one rate now, one future-dated
 * </pre>
 *
 * <p>The entries of node {@code n} are {@code start[n]} to {@code start[n + 1] - 1}, in deck
 * order (decks are indexed by sorted trunk name).
 */
final class PrefixRates
{
    private static final int STRIDE = 4;
    private static final int DECK = 0;
    private static final int RATE = 1;
    private static final int FROM = 2;
    private static final int UNTIL = 3;

    final int[] start;
    final long[] hot;
    final long[] connectFeeMicros;
    final int[] destination;

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
        connectFeeMicros = new long[count];
        destination = new int[count];
        // Counting sort by node; stable, so entries keep the order they were added in (deck order).
        final int[] next = Arrays.copyOf(start, nodeCount);
        for (int i = 0; i < count; i++)
        {
            final int e = next[builder.node[i]]++;
            final int base = e * STRIDE;
            hot[base + DECK] = builder.deck[i];
            hot[base + RATE] = builder.rate[i];
            hot[base + FROM] = builder.from[i];
            hot[base + UNTIL] = builder.until[i];
            connectFeeMicros[e] = builder.fee[i];
            destination[e] = builder.destination[i];
        }
    }

    /**
     * Number of rate entries.
     *
     * @return the count.
     */
    int size()
    {
        return destination.length;
    }

    /**
     * The deck of an entry.
     *
     * @param entry the entry.
     * @return the deck index.
     */
    int deck(final int entry)
    {
        return (int) hot[entry * STRIDE + DECK];
    }

    /**
     * The rate of an entry.
     *
     * @param entry the entry.
     * @return price per minute, micro-units.
     */
    long rate(final int entry)
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
    boolean inForce(final int entry, final long nowMs)
    {
        final int base = entry * STRIDE;
        return hot[base + FROM] <= nowMs && nowMs < hot[base + UNTIL];
    }

    /**
     * The entry of one deck at one node in force at an instant.
     *
     * @param node  trie node.
     * @param deck  deck index.
     * @param nowMs the instant, epoch milliseconds.
     * @return the entry, or -1.
     */
    int find(final int node, final int deck, final long nowMs)
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
    static final class Builder
    {
        private int count;
        private int[] node = new int[1024];
        private int[] deck = new int[1024];
        private long[] rate = new long[1024];
        private long[] fee = new long[1024];
        private long[] from = new long[1024];
        private long[] until = new long[1024];
        private int[] destination = new int[1024];

        void add(final int node, final int deck, final long rate, final long fee, final long from, final long until,
            final int destination)
        {
            if (count == this.node.length)
            {
                final int capacity = count * 2;
                this.node = Arrays.copyOf(this.node, capacity);
                this.deck = Arrays.copyOf(this.deck, capacity);
                this.rate = Arrays.copyOf(this.rate, capacity);
                this.fee = Arrays.copyOf(this.fee, capacity);
                this.from = Arrays.copyOf(this.from, capacity);
                this.until = Arrays.copyOf(this.until, capacity);
                this.destination = Arrays.copyOf(this.destination, capacity);
            }
            this.node[count] = node;
            this.deck[count] = deck;
            this.rate[count] = rate;
            this.fee[count] = fee;
            this.from[count] = from;
            this.until[count] = until;
            this.destination[count] = destination;
            count++;
        }

        PrefixRates build(final int nodeCount)
        {
            return new PrefixRates(this, nodeCount);
        }
    }
}
