package io.softswitch.lcr.internal;

import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualitySettings;

import java.util.Arrays;

/**
 * The vendors one route query considers, as parallel arrays indexed by candidate {@code k}, and
 * their ordering: sort keys by ordering mode, top-k insertion into {@link #order}, and the
 * smooth weighted round robin that picks the first place in {@link OrderingMode#WEIGHTED}.
 * Sized once per snapshot ({@link #resize}), so a query allocates nothing. Engine thread only.
 *
 * <pre>
 *   k:        0        1        2      ...  count - 1
 *   vendor:   deck index of the vendor
 *   entry:    its buy entry in PrefixRates (longest prefix in force)
 *   depth:    digits that prefix matched
 *   reason:   ELIGIBLE, or the ExclusionReason ordinal of the first check it failed
 *   demoted:  poor quality under the demote action
 *   window:   its quality window on the number's group, or null
 *   order:    candidate indexes, best first (filled by ranking)
 * </pre>
 */
public final class RouteCandidates
{
    /** The {@link #reason} of a candidate that passed every check. */
    public static final int ELIGIBLE = -1;

    /** Candidates collected for the current query. */
    public int count;
    /** Vendor deck index of each candidate. */
    public int[] vendor;
    /** Buy entry of each candidate. */
    public int[] entry;
    /** Digits of the number each candidate's prefix matched. */
    public int[] depth;
    /** {@link #ELIGIBLE} or the {@code ExclusionReason} ordinal of each candidate. */
    public int[] reason;
    /** Whether each candidate is demoted for poor quality. */
    public boolean[] demoted;
    /** Quality window of each candidate on the number's group, or null. */
    public QualityWindow[] window;
    /** Candidate indexes in ranked order. */
    public int[] order;

    private boolean[] picked;
    private long[] key;
    private long[] secondKey;
    /** ASR (per mille, 1..1000) each candidate is ranked with in {@link OrderingMode#QUALITY_ADJUSTED_COST}. */
    private int[] asr;
    /** Whether the current ranking is by rate / ASR, compared by cross-multiplication. */
    private boolean costPerAnswer;
    private int[] seen;
    private int stamp;
    private boolean groupDemoted;
    private long groupPriority;

    /**
     * Sizes every array for a snapshot's vendor decks.
     *
     * @param vendors how many vendor decks the snapshot has.
     */
    public void resize(final int vendors)
    {
        count = 0;
        vendor = new int[vendors];
        entry = new int[vendors];
        depth = new int[vendors];
        reason = new int[vendors];
        demoted = new boolean[vendors];
        window = new QualityWindow[vendors];
        order = new int[vendors];
        picked = new boolean[vendors];
        key = new long[vendors];
        secondKey = new long[vendors];
        asr = new int[vendors];
        seen = new int[vendors];
        stamp = 0;
    }

    /**
     * Starts a query: no candidates, and a stamp no vendor carries yet, so that the seen array
     * never needs clearing per query (cleared once when the counter would wrap).
     *
     * @return the stamp to pass to {@link #add}.
     */
    public int startQuery()
    {
        count = 0;
        if (stamp == Integer.MAX_VALUE)
        {
            Arrays.fill(seen, 0);
            stamp = 0;
        }
        return ++stamp;
    }

    /**
     * Whether a vendor can still be added: the query stops walking once every vendor is in.
     *
     * @return true while some vendor is not a candidate yet.
     */
    public boolean hasRoom()
    {
        return count < vendor.length;
    }

    /**
     * Adds a vendor the first time it is found in the query (deepest prefix first, so its first
     * entry found is its longest prefix in force), neither demoted nor with a window yet.
     *
     * @param v     vendor deck index.
     * @param e     its buy entry.
     * @param d     digits the prefix matched.
     * @param mark  the query's stamp from {@link #startQuery()}.
     * @return the candidate index, or -1 when the vendor is already a candidate.
     */
    public int add(final int v, final int e, final int d, final int mark)
    {
        if (seen[v] == mark)
        {
            return -1;
        }
        seen[v] = mark;
        final int k = count++;
        vendor[k] = v;
        entry[k] = e;
        depth[k] = d;
        demoted[k] = false;
        window[k] = null;
        return k;
    }

    /**
     * Orders the eligible candidates into {@link #order}: the weighted first place when the mode
     * is {@link OrderingMode#WEIGHTED}, then the rest by the mode's keys.
     *
     * @param mode     the customer's ordering.
     * @param priority the customer's priority of each vendor deck.
     * @param weight   the customer's weight of each vendor deck.
     * @param current  the customer's round-robin counters by vendor deck.
     * @param buy      the buy rates.
     * @param quality  the quality settings (ASR of unknown vendors).
     * @param limit    the most places to fill.
     * @param commit   whether the round-robin counters move (a call) or not (a simulation).
     * @return how many were placed (at most {@code limit}).
     */
    public int order(final OrderingMode mode, final int[] priority, final int[] weight, final long[] current,
        final PrefixRates buy, final QualitySettings quality, final int limit, final boolean commit)
    {
        startRanking(mode);
        int eligible = 0;
        for (int k = 0; k < count; k++)
        {
            picked[k] = false;
            if (reason[k] == ELIGIBLE)
            {
                eligible++;
                key(k, mode, priority, buy, quality);
            }
        }
        final int wanted = Math.min(limit, eligible);
        int placed = 0;
        if (mode == OrderingMode.WEIGHTED && wanted > 0)
        {
            final int winner = weightedFirst(weight, current, commit);
            if (winner >= 0)
            {
                picked[winner] = true;
                order[placed++] = winner;
            }
        }
        final int first = placed;
        for (int k = 0; k < count; k++)
        {
            if (reason[k] == ELIGIBLE && !picked[k])
            {
                placed = insertTopK(k, placed, wanted, first);
            }
        }
        return placed;
    }

    /**
     * Starts ranking candidates one by one with {@link #key} and {@link #insertTopK}.
     *
     * @param mode the customer's ordering.
     */
    public void startRanking(final OrderingMode mode)
    {
        costPerAnswer = mode == OrderingMode.QUALITY_ADJUSTED_COST;
    }

    /**
     * Sets a candidate's sort keys for an ordering mode.
     *
     * @param k        the candidate.
     * @param mode     the customer's ordering.
     * @param priority the customer's priority of each vendor deck.
     * @param buy      the buy rates.
     * @param quality  the quality settings (ASR of unknown vendors).
     */
    public void key(final int k, final OrderingMode mode, final int[] priority, final PrefixRates buy,
        final QualitySettings quality)
    {
        final long rate = buy.rate(entry[k]);
        switch (mode)
        {
            case LEAST_COST ->
            {
                key[k] = rate;
                secondKey[k] = 0;
            }
            case QUALITY_ADJUSTED_COST ->
            {
                // rate / ASR is never computed: before() cross-multiplies, exact for every rate.
                key[k] = rate;
                asr[k] = QualityWindows.effectiveAsrPermille(window[k], quality);
                secondKey[k] = rate;
            }
            case PRIORITY, WEIGHTED ->
            {
                key[k] = priority[vendor[k]];
                secondKey[k] = rate;
            }
        }
    }

    /**
     * Top-k by insertion into {@code order[first..wanted)}: k is small (attempts), and most
     * candidates lose to the current last place in a single comparison.
     *
     * @param k      the candidate, keyed.
     * @param placed places filled so far.
     * @param wanted places to fill at most.
     * @param first  the first place open to ranking (1 after a weighted first place).
     * @return the new number of places filled.
     */
    public int insertTopK(final int k, final int placed, final int wanted, final int first)
    {
        int filled = placed;
        int i;
        if (filled < wanted)
        {
            i = filled++;
        }
        else if (wanted > first && before(k, order[wanted - 1]))
        {
            i = wanted - 1;
        }
        else
        {
            return filled;
        }
        while (i > first && before(k, order[i - 1]))
        {
            order[i] = order[i - 1];
            i--;
        }
        order[i] = k;
        return filled;
    }

    private boolean before(final int a, final int b)
    {
        if (demoted[a] != demoted[b])
        {
            return !demoted[a];
        }
        if (costPerAnswer)
        {
            // rateA / asrA < rateB / asrB, as rateA * asrB < rateB * asrA in 128 bits (ASR > 0).
            final int cost = ExactProducts.compare(key[a], asr[b], key[b], asr[a]);
            if (cost != 0)
            {
                return cost < 0;
            }
        }
        else if (key[a] != key[b])
        {
            return key[a] < key[b];
        }
        if (secondKey[a] != secondKey[b])
        {
            return secondKey[a] < secondKey[b];
        }
        // Vendors are indexed by sorted name: equal costs go in name order, the same every time.
        return vendor[a] < vendor[b];
    }

    /**
     * Smooth weighted round robin (as in nginx's upstream module) among the eligible candidates
     * of the best priority that quality has not demoted: each adds its weight to its counter,
     * the largest counter wins and gives back the group's total weight. Over any run of
     * {@code total} queries with the same group, each vendor wins exactly {@code weight} times,
     * evenly spread.
     *
     * @return the winning candidate, or -1 when the group has no weight.
     */
    private int weightedFirst(final int[] weight, final long[] current, final boolean commit)
    {
        findWeightedGroup();
        long total = 0;
        int winner = -1;
        long winnerCurrent = 0;
        for (int k = 0; k < count; k++)
        {
            if (inWeightedGroup(k))
            {
                final int v = vendor[k];
                final int w = weight[v];
                if (w == 0)
                {
                    continue;
                }
                total += w;
                final long value = current[v] + w;
                if (winner < 0 || value > winnerCurrent)
                {
                    winner = k;
                    winnerCurrent = value;
                }
            }
        }
        if (winner < 0 || !commit)
        {
            return winner;
        }
        for (int k = 0; k < count; k++)
        {
            if (inWeightedGroup(k))
            {
                current[vendor[k]] += weight[vendor[k]];
            }
        }
        current[vendor[winner]] -= total;
        return winner;
    }

    /**
     * Finds the group that shares the first place by weight: the eligible candidates of the best
     * (lowest) priority among those quality has not demoted, or among all when every one is
     * demoted. Needs the keys of {@link OrderingMode#WEIGHTED} (priority first).
     */
    public void findWeightedGroup()
    {
        long bestPriority = Long.MAX_VALUE;
        boolean bestDemoted = true;
        for (int k = 0; k < count; k++)
        {
            if (reason[k] == ELIGIBLE && (demoted[k] == bestDemoted ? key[k] < bestPriority : !demoted[k]))
            {
                bestDemoted = demoted[k];
                bestPriority = key[k];
            }
        }
        groupDemoted = bestDemoted;
        groupPriority = bestPriority;
    }

    /**
     * Whether a candidate belongs to the group {@link #findWeightedGroup()} found.
     *
     * @param k the candidate.
     * @return true when it shares the weighted first place.
     */
    public boolean inWeightedGroup(final int k)
    {
        return reason[k] == ELIGIBLE && demoted[k] == groupDemoted && key[k] == groupPriority;
    }
}
