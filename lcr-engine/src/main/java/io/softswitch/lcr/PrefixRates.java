package io.softswitch.lcr;

import java.util.Arrays;

/**
 * The rates of one direction (buy or sell) of a {@link RouteSnapshot}, grouped by the trie node of
 * their prefix, in flat parallel arrays.
 *
 * <p>Entry {@code e} is one deck row: deck {@code deck[e]} charges {@code ratePerMinuteMicros[e]}
 * from {@code fromMs[e]} (inclusive) to {@code untilMs[e]} (exclusive). The entries of node
 * {@code n} are {@code start[n]} to {@code start[n + 1] - 1}, in deck order (decks are indexed
 * by sorted trunk name), so a node with several decks is one contiguous run:
 *
 * <pre>
 *   node:    0    1         2    3 ...
 *   start:   0    0         3    4 ...
 *   entries:     [d0 d1 d1][d4]...     d1 twice: one rate now, one future-dated
 * </pre>
 */
final class PrefixRates
{
    final int[] start;
    final int[] deck;
    final long[] ratePerMinuteMicros;
    final long[] connectFeeMicros;
    final long[] fromMs;
    final long[] untilMs;
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
        deck = new int[count];
        ratePerMinuteMicros = new long[count];
        connectFeeMicros = new long[count];
        fromMs = new long[count];
        untilMs = new long[count];
        destination = new int[count];
        // Counting sort by node; stable, so entries keep the order they were added in (deck order).
        final int[] next = Arrays.copyOf(start, nodeCount);
        for (int i = 0; i < count; i++)
        {
            final int e = next[builder.node[i]]++;
            deck[e] = builder.deck[i];
            ratePerMinuteMicros[e] = builder.rate[i];
            connectFeeMicros[e] = builder.fee[i];
            fromMs[e] = builder.from[i];
            untilMs[e] = builder.until[i];
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
        return deck.length;
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
        return fromMs[entry] <= nowMs && nowMs < untilMs[entry];
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
            if (this.deck[e] == deck && inForce(e, nowMs))
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
