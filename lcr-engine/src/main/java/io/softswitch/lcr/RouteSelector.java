package io.softswitch.lcr;

import io.softswitch.lcr.internal.PrefixRates;
import io.softswitch.lcr.internal.QualityWindow;
import io.softswitch.lcr.internal.RouteBlocks;
import org.agrona.collections.Long2ObjectHashMap;

import java.time.Instant;
import java.util.Arrays;

/**
 * The LCR engine's state and rules, for the engine thread alone: the current snapshot, blocks,
 * vendor availability, quality windows and weighted round-robin counters. Not thread-safe by
 * design (single writer); {@link LcrEngine} feeds it from its ring.
 *
 * <p>A query collects each vendor's longest prefix in force, runs the exclusion checks in the
 * order of {@link ExclusionReason}, orders the survivors by the customer's mode and copies the
 * first {@code maxAttempts} names into a pooled {@link RouteResult}. Every array it works in is
 * sized when a snapshot is swapped in, so a query allocates nothing.
 */
final class RouteSelector
{
    static final int ELIGIBLE = -1;
    private static final QualityWindow[] NO_WINDOWS = new QualityWindow[0];

    private final RouteResultPool pool;
    private final VendorStates states;
    private final RouteBlocks blocks = new RouteBlocks();
    private final Long2ObjectHashMap<QualityWindow[]> windowsByGroup = new Long2ObjectHashMap<>();
    private long resultsAllocated;

    RouteSnapshot snapshot;
    QualitySettings quality;
    /** Vendor id of each vendor deck index of the snapshot. */
    int[] toId;
    /** Smooth weighted round robin counters by customer and vendor deck; long: weights up to 1e6 times thousands of vendors. */
    private long[][] swrrCurrent;
    int[] path;
    private long[] groupKeys;
    private QualityWindow[][] groupWindows;
    private int[] seen;
    private int stamp;
    int candidateCount;
    int[] candidateVendor;
    int[] candidateEntry;
    int[] candidateDepth;
    int[] candidateReason;
    boolean[] candidateDemoted;
    private boolean[] candidatePicked;
    private long[] candidateKey;
    private long[] candidateSecondKey;
    /** ASR (per mille, 1..1000) each candidate is ranked with in {@link OrderingMode#QUALITY_ADJUSTED_COST}. */
    private int[] candidateAsr;
    /** Whether the current query ranks by rate / ASR, compared by cross-multiplication. */
    private boolean costPerAnswer;
    private boolean checkVendorBlocks;
    private boolean checkStates;
    private boolean groupDemoted;
    private long groupPriority;
    private QualityWindow[] candidateWindow;
    int[] order;
    int sellEntry;
    /** Digits of the number the sell entry's prefix covers (its trie depth), 0 when none. */
    int sellDepth;
    boolean validNumber;

    RouteSelector(final RouteSnapshot snapshot, final RouteResultPool pool, final VendorStates states)
    {
        this.pool = pool;
        this.states = states;
        swap(snapshot);
    }

    /**
     * Puts a new snapshot in place. Quality windows survive unless the window shape changed;
     * weighted round-robin counters restart.
     *
     * @param next the new snapshot.
     */
    void swap(final RouteSnapshot next)
    {
        final QualitySettings nextQuality = next.settings.quality();
        // Windows are indexed by vendor id: they survive only a snapshot whose ids extend the old ones.
        if (quality != null && (!quality.sameWindow(nextQuality) || !next.ids.extendsIds(snapshot.ids)))
        {
            windowsByGroup.clear();
        }
        if (next.ids.vendorCount() > states.capacity())
        {
            throw new IllegalArgumentException("more vendor ids than vendor state: vendors=" + next.ids.vendorCount() +
                " capacity=" + states.capacity());
        }
        final int vendors = next.vendorNames.length;
        snapshot = next;
        quality = nextQuality;
        toId = next.vendorIds;
        blocks.resolve(next.ids);
        swrrCurrent = new long[next.customerNames.length][vendors];
        path = new int[next.maxDepth + 2];
        groupKeys = new long[next.maxDepth + 2];
        groupWindows = new QualityWindow[next.maxDepth + 2][];
        seen = new int[vendors];
        stamp = 0;
        candidateVendor = new int[vendors];
        candidateEntry = new int[vendors];
        candidateDepth = new int[vendors];
        candidateReason = new int[vendors];
        candidateDemoted = new boolean[vendors];
        candidatePicked = new boolean[vendors];
        candidateKey = new long[vendors];
        candidateSecondKey = new long[vendors];
        candidateAsr = new int[vendors];
        candidateWindow = new QualityWindow[vendors];
        order = new int[vendors];
    }

    RouteSnapshot snapshot()
    {
        return snapshot;
    }

    VendorStates states()
    {
        return states;
    }

    long resultsAllocated()
    {
        return resultsAllocated;
    }

    /**
     * Answers a route query.
     *
     * @param customerId customer trunk id; unknown ids have no sell rate.
     * @param digits     the number.
     * @param length     its length.
     * @param nowMs      the time, epoch milliseconds (rates and quality).
     * @return a constant result, or a pooled holder now owned by the caller.
     */
    RouteResult route(final int customerId, final char[] digits, final int length, final long nowMs)
    {
        final int c = snapshot.customerDeck(customerId);
        final int pathLength = prepare(c, digits, length, nowMs);
        if (pathLength < 0)
        {
            return RouteResult.NO_ROUTE;
        }
        if (sellEntry < 0)
        {
            return RouteResult.NO_SELL_RATE;
        }
        if (blocks.prefixBlocked(digits, length))
        {
            return RouteResult.NO_ROUTE;
        }
        final CustomerRouting routing = snapshot.customerRouting[c];
        final int picked;
        if (routing.mode() == OrderingMode.WEIGHTED)
        {
            collectVendors(pathLength, nowMs);
            classify(routing, false, digits, length, nowMs);
            picked = order(c, routing, routing.maxAttempts(), true);
        }
        else
        {
            picked = collectRanked(c, routing, pathLength, digits, length, nowMs);
        }
        if (picked == 0)
        {
            return RouteResult.NO_ROUTE;
        }
        RouteResult result = pool.take();
        if (result == null)
        {
            result = RouteResult.pooled(pool);
            resultsAllocated++;
        }
        result.acquire();
        // The margins were judged on these same entries: the record shows what the choice was made on.
        result.sell(sellDepth, snapshot.sell.rate(sellEntry));
        for (int i = 0; i < picked; i++)
        {
            final int k = order[i];
            final int v = candidateVendor[k];
            result.add(toId[v], snapshot.vendorNames[v], candidateDepth[k], snapshot.buy.rate(candidateEntry[k]));
        }
        return result;
    }

    /**
     * Explains what {@link #route} would answer: see {@link RouteSimulator}. Changes no state.
     *
     * @param customer customer trunk name, known to the snapshot's ids.
     * @param number   the E.164 number.
     * @param at       rates in force at this instant are used.
     * @param nowMs    the engine's time, for quality windows.
     * @return the simulation.
     */
    RouteSimulation simulate(final String customer, final String number, final Instant at, final long nowMs)
    {
        return new RouteSimulator(this).simulate(customer, number, at, nowMs);
    }

    /**
     * Counts one attempt's outcome against the vendor's window for the number's destination.
     *
     * @param vendor  vendor trunk id.
     * @param digits  the number.
     * @param length  its length.
     * @param sipCode final status (2xx = answered).
     * @param pddMs   post-dial delay, negative when none.
     * @param nowMs   the time.
     * @return false when the number was not digits or the vendor id is unknown.
     */
    boolean recordAttempt(final int vendor, final char[] digits, final int length, final int sipCode,
        final long pddMs, final long nowMs)
    {
        final QualityWindow window = windowForSample(vendor, digits, length, nowMs);
        if (window == null)
        {
            return false;
        }
        window.recordAttempt(nowMs, sipCode, pddMs);
        return true;
    }

    /**
     * Counts one ended call's duration against the vendor's window for the number's destination.
     *
     * @param vendor     vendor trunk id.
     * @param digits     the number.
     * @param length     its length.
     * @param durationMs how long it was connected.
     * @param nowMs      the time.
     * @return false when the number was not digits or the vendor id is unknown.
     */
    boolean recordCallEnded(final int vendor, final char[] digits, final int length, final long durationMs,
        final long nowMs)
    {
        final QualityWindow window = windowForSample(vendor, digits, length, nowMs);
        if (window == null)
        {
            return false;
        }
        window.recordCallEnded(nowMs, durationMs);
        return true;
    }

    void setVendorBlocked(final String vendor, final boolean blocked)
    {
        blocks.setVendorBlocked(vendor, blocked);
    }

    void setPrefixBlocked(final String prefix, final boolean blocked)
    {
        blocks.setPrefixBlocked(prefix, blocked);
    }

    void setVendorPrefixBlocked(final String vendor, final String prefix, final boolean blocked)
    {
        blocks.setVendorPrefixBlocked(vendor, prefix, blocked);
    }

    /**
     * Walks the number, finds the customer's sell entry and the destination group of each depth.
     *
     * @param c         customer index, or -1.
     * @param digits    the number.
     * @param length    its length.
     * @param ratesAtMs the time whose rates apply.
     * @return the number of trie nodes passed, or -1 when the number is not digits.
     */
    private int prepare(final int c, final char[] digits, final int length, final long ratesAtMs)
    {
        candidateCount = 0;
        sellEntry = -1;
        sellDepth = 0;
        final int pathLength = snapshot.walk(digits, length, path);
        validNumber = pathLength > 0;
        if (!validNumber)
        {
            return -1;
        }
        if (c >= 0)
        {
            // Deepest first, as RouteSnapshot.sellEntry, keeping the depth for the answer.
            for (int d = pathLength - 1; d > 0 && sellEntry < 0; d--)
            {
                sellEntry = snapshot.sell.find(path[d], c, ratesAtMs);
                sellDepth = sellEntry < 0 ? 0 : d;
            }
        }
        // Destination group of a match at each depth, built once for all vendors (see groupKey).
        final int groupDigits = quality.groupDigits();
        groupKeys[0] = 1;
        groupWindows[0] = null;
        for (int d = 1; d < pathLength; d++)
        {
            if (d <= groupDigits)
            {
                groupKeys[d] = groupKeys[d - 1] * 10 + (digits[d - 1] - '0');
                groupWindows[d] = windowsByGroup.get(groupKeys[d]);
            }
            else
            {
                groupKeys[d] = groupKeys[d - 1];
                groupWindows[d] = groupWindows[d - 1];
            }
        }
        return pathLength;
    }

    /**
     * Fills the candidate arrays for a number, every vendor with its exclusion reason: what the
     * simulator shows.
     *
     * @param c         customer index, or -1.
     * @param digits    the number.
     * @param length    its length.
     * @param ratesAtMs the time whose rates apply.
     * @param nowMs     the time for quality windows.
     */
    void evaluate(final int c, final char[] digits, final int length, final long ratesAtMs,
        final long nowMs)
    {
        final int pathLength = prepare(c, digits, length, ratesAtMs);
        if (pathLength < 0)
        {
            return;
        }
        collectVendors(pathLength, ratesAtMs);
        classify(c < 0 ? null : snapshot.customerRouting[c], blocks.prefixBlocked(digits, length), digits,
            length, nowMs);
    }

    private void classify(final CustomerRouting routing, final boolean prefixBlocked, final char[] digits,
        final int length, final long nowMs)
    {
        checkVendorBlocks = blocks.anyVendorBlock();
        checkStates = states.anySet();
        for (int k = 0; k < candidateCount; k++)
        {
            candidateDemoted[k] = false;
            candidateWindow[k] = null;
            candidateReason[k] = exclusion(k, routing, prefixBlocked, digits, length, nowMs);
        }
    }

    private void collectVendors(final int pathLength, final long ratesAtMs)
    {
        final PrefixRates buy = snapshot.buy;
        final int[] buyStart = buy.start;
        final int vendorCount = seen.length;
        final int mark = nextMark();
        // Deepest node first: the first entry of a vendor found is its longest prefix in force.
        for (int d = pathLength - 1; d > 0 && candidateCount < vendorCount; d--)
        {
            final int node = path[d];
            final int end = buyStart[node + 1];
            for (int e = buyStart[node]; e < end; e++)
            {
                final int v = buy.deck(e);
                if (seen[v] != mark && buy.inForce(e, ratesAtMs))
                {
                    seen[v] = mark;
                    final int k = candidateCount++;
                    candidateVendor[k] = v;
                    candidateEntry[k] = e;
                    candidateDepth[k] = d;
                }
            }
        }
    }

    private int exclusion(final int k, final CustomerRouting routing, final boolean prefixBlocked, final char[] digits,
        final int length, final long nowMs)
    {
        final int id = toId[candidateVendor[k]];
        if (prefixBlocked)
        {
            return ExclusionReason.PREFIX_BLOCKED.ordinal();
        }
        // Read once per query (checkVendorBlocks, checkStates): usually nothing is set at all.
        if (checkVendorBlocks)
        {
            if (blocks.vendorBlocked(id))
            {
                return ExclusionReason.VENDOR_BLOCKED.ordinal();
            }
            if (blocks.vendorPrefixBlocked(id, digits, length))
            {
                return ExclusionReason.VENDOR_PREFIX_BLOCKED.ordinal();
            }
        }
        if (checkStates)
        {
            if (states.isDown(id))
            {
                return ExclusionReason.DOWN.ordinal();
            }
            if (states.isAtCapacity(id))
            {
                return ExclusionReason.AT_CAPACITY.ordinal();
            }
        }
        if (sellEntry < 0)
        {
            return ExclusionReason.NO_SELL_RATE.ordinal();
        }
        if (!routing.marginKept(snapshot.sell.rate(sellEntry), snapshot.buy.rate(candidateEntry[k])))
        {
            return ExclusionReason.BELOW_MARGIN.ordinal();
        }
        final QualityWindow[] windows = groupWindows[candidateDepth[k]];
        final QualityWindow window = windows == null || id >= windows.length ? null : windows[id];
        candidateWindow[k] = window;
        if (window != null && isPoor(window, nowMs))
        {
            if (quality.action() == QualityAction.EXCLUDE)
            {
                return ExclusionReason.POOR_QUALITY.ordinal();
            }
            candidateDemoted[k] = true;
        }
        return ELIGIBLE;
    }

    private boolean isPoor(final QualityWindow window, final long nowMs)
    {
        window.advance(nowMs);
        final QualitySettings q = quality;
        if (window.attempts() < q.minSamples())
        {
            return false;
        }
        if (window.asrPermille() < q.minAsrPermille() || window.nerPermille() < q.minNerPermille())
        {
            return true;
        }
        if (q.minAcdMs() > 0 && window.ended() >= q.minSamples() && window.acdMs() < q.minAcdMs())
        {
            return true;
        }
        final long pdd = window.pddMs();
        return pdd >= 0 && pdd > q.maxPddMs();
    }

    /**
     * Orders the eligible candidates into {@link #order}.
     *
     * @return how many were placed (at most {@code limit}).
     */
    int order(final int c, final CustomerRouting routing, final int limit, final boolean commit)
    {
        final OrderingMode mode = routing.mode();
        final int[] priority = snapshot.priority[c];
        costPerAnswer = mode == OrderingMode.QUALITY_ADJUSTED_COST;
        int eligible = 0;
        for (int k = 0; k < candidateCount; k++)
        {
            candidatePicked[k] = false;
            if (candidateReason[k] == ELIGIBLE)
            {
                eligible++;
                key(k, mode, priority);
            }
        }
        final int wanted = Math.min(limit, eligible);
        int placed = 0;
        if (mode == OrderingMode.WEIGHTED && wanted > 0)
        {
            final int winner = weightedFirst(c, commit);
            if (winner >= 0)
            {
                candidatePicked[winner] = true;
                order[placed++] = winner;
            }
        }
        final int first = placed;
        for (int k = 0; k < candidateCount; k++)
        {
            if (candidateReason[k] == ELIGIBLE && !candidatePicked[k])
            {
                placed = insertTopK(k, placed, wanted, first);
            }
        }
        return placed;
    }

    /**
     * The query's fast path for every mode but {@link OrderingMode#WEIGHTED}: collects, checks,
     * keys and ranks each vendor in the one pass that finds its longest prefix, with the same
     * checks and keys as {@link #evaluate} and {@link #order}, which the simulator uses.
     *
     * @return how many vendors were placed in {@link #order}.
     */
    private int collectRanked(final int c, final CustomerRouting routing, final int pathLength, final char[] digits,
        final int length, final long nowMs)
    {
        final OrderingMode mode = routing.mode();
        final int[] priority = snapshot.priority[c];
        costPerAnswer = mode == OrderingMode.QUALITY_ADJUSTED_COST;
        final int wanted = routing.maxAttempts();
        final PrefixRates buy = snapshot.buy;
        final int[] buyStart = buy.start;
        final int vendorCount = seen.length;
        checkVendorBlocks = blocks.anyVendorBlock();
        checkStates = states.anySet();
        final int mark = nextMark();
        int placed = 0;
        for (int d = pathLength - 1; d > 0 && candidateCount < vendorCount; d--)
        {
            final int node = path[d];
            final int end = buyStart[node + 1];
            for (int e = buyStart[node]; e < end; e++)
            {
                final int v = buy.deck(e);
                if (seen[v] != mark && buy.inForce(e, nowMs))
                {
                    seen[v] = mark;
                    final int k = candidateCount++;
                    candidateVendor[k] = v;
                    candidateEntry[k] = e;
                    candidateDepth[k] = d;
                    candidateDemoted[k] = false;
                    candidateWindow[k] = null;
                    if (exclusion(k, routing, false, digits, length, nowMs) == ELIGIBLE)
                    {
                        key(k, mode, priority);
                        placed = insertTopK(k, placed, wanted, 0);
                    }
                }
            }
        }
        return placed;
    }

    /**
     * A stamp for {@link #seen} that no vendor carries yet, so the array never needs clearing
     * per query; cleared once when the counter would wrap.
     */
    private int nextMark()
    {
        if (stamp == Integer.MAX_VALUE)
        {
            Arrays.fill(seen, 0);
            stamp = 0;
        }
        return ++stamp;
    }

    private void key(final int k, final OrderingMode mode, final int[] priority)
    {
        final long rate = snapshot.buy.rate(candidateEntry[k]);
        switch (mode)
        {
            case LEAST_COST ->
            {
                candidateKey[k] = rate;
                candidateSecondKey[k] = 0;
            }
            case QUALITY_ADJUSTED_COST ->
            {
                // rate / ASR is never computed: before() cross-multiplies, exact for every rate.
                candidateKey[k] = rate;
                candidateAsr[k] = effectiveAsrPermille(candidateWindow[k]);
                candidateSecondKey[k] = rate;
            }
            case PRIORITY, WEIGHTED ->
            {
                candidateKey[k] = priority[candidateVendor[k]];
                candidateSecondKey[k] = rate;
            }
        }
    }

    /**
     * Top-k by insertion into {@code order[first..wanted)}: k is small (attempts), and most
     * candidates lose to the current last place in a single comparison.
     *
     * @return the new number of places filled.
     */
    private int insertTopK(final int k, final int placed, final int wanted, final int first)
    {
        int count = placed;
        int i;
        if (count < wanted)
        {
            i = count++;
        }
        else if (wanted > first && before(k, order[wanted - 1]))
        {
            i = wanted - 1;
        }
        else
        {
            return count;
        }
        while (i > first && before(k, order[i - 1]))
        {
            order[i] = order[i - 1];
            i--;
        }
        order[i] = k;
        return count;
    }

    private boolean before(final int a, final int b)
    {
        if (candidateDemoted[a] != candidateDemoted[b])
        {
            return !candidateDemoted[a];
        }
        if (costPerAnswer)
        {
            // rateA / asrA < rateB / asrB, as rateA * asrB < rateB * asrA in 128 bits (ASR > 0).
            final int cost = CustomerRouting.compare128(candidateKey[a], candidateAsr[b], candidateKey[b], candidateAsr[a]);
            if (cost != 0)
            {
                return cost < 0;
            }
        }
        else if (candidateKey[a] != candidateKey[b])
        {
            return candidateKey[a] < candidateKey[b];
        }
        if (candidateSecondKey[a] != candidateSecondKey[b])
        {
            return candidateSecondKey[a] < candidateSecondKey[b];
        }
        // Vendors are indexed by sorted name: equal costs go in name order, the same every time.
        return candidateVendor[a] < candidateVendor[b];
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
    private int weightedFirst(final int c, final boolean commit)
    {
        findWeightedGroup();
        final int[] weight = snapshot.weight[c];
        final long[] current = swrrCurrent[c];
        long total = 0;
        int winner = -1;
        long winnerCurrent = 0;
        for (int k = 0; k < candidateCount; k++)
        {
            if (inWeightedGroup(k))
            {
                final int v = candidateVendor[k];
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
        for (int k = 0; k < candidateCount; k++)
        {
            if (inWeightedGroup(k))
            {
                current[candidateVendor[k]] += weight[candidateVendor[k]];
            }
        }
        current[candidateVendor[winner]] -= total;
        return winner;
    }

    /**
     * Finds the group that shares the first place by weight: the eligible candidates of the best
     * (lowest) priority among those quality has not demoted, or among all when every one is demoted.
     */
    void findWeightedGroup()
    {
        long bestPriority = Long.MAX_VALUE;
        boolean bestDemoted = true;
        for (int k = 0; k < candidateCount; k++)
        {
            if (candidateReason[k] == ELIGIBLE && (candidateDemoted[k] == bestDemoted
                ? candidateKey[k] < bestPriority : !candidateDemoted[k]))
            {
                bestDemoted = candidateDemoted[k];
                bestPriority = candidateKey[k];
            }
        }
        groupDemoted = bestDemoted;
        groupPriority = bestPriority;
    }

    /**
     * Whether a candidate belongs to the group {@link #findWeightedGroup()} found.
     */
    boolean inWeightedGroup(final int k)
    {
        return candidateReason[k] == ELIGIBLE && candidateDemoted[k] == groupDemoted && candidateKey[k] == groupPriority;
    }

    private int effectiveAsrPermille(final QualityWindow window)
    {
        if (window == null || window.attempts() < quality.minSamples())
        {
            return quality.unknownAsrPermille();
        }
        return Math.max(window.asrPermille(), 1);
    }

    private QualityWindow windowForSample(final int vendorId, final char[] digits, final int length, final long nowMs)
    {
        final int pathLength = snapshot.walk(digits, length, path);
        if (pathLength < 0 || vendorId < 0 || vendorId >= snapshot.ids.vendorCount())
        {
            return null;
        }
        final int v = snapshot.vendorIndex.getValue(snapshot.ids.vendorName(vendorId));
        int depth = length;
        if (v >= 0)
        {
            for (int d = pathLength - 1; d > 0; d--)
            {
                if (snapshot.buy.find(path[d], v, nowMs) >= 0)
                {
                    depth = d;
                    break;
                }
            }
        }
        final long key = groupKey(digits, depth);
        QualityWindow[] windows = windowsByGroup.get(key);
        if (windows == null || vendorId >= windows.length)
        {
            windows = Arrays.copyOf(windows == null ? NO_WINDOWS : windows, snapshot.ids.vendorCount());
            windowsByGroup.put(key, windows);
        }
        QualityWindow window = windows[vendorId];
        if (window == null)
        {
            window = new QualityWindow(quality.bucketMs(), quality.bucketCount(), nowMs);
            windows[vendorId] = window;
        }
        return window;
    }

    /**
     * The destination group of a number for a vendor whose prefix matched {@code depth} digits:
     * its first {@code min(depth, groupDigits)} digits, read as a number behind a leading 1 so
     * that "4" and "04" differ.
     */
    long groupKey(final char[] digits, final int depth)
    {
        final int n = Math.min(depth, quality.groupDigits());
        long key = 1;
        for (int i = 0; i < n; i++)
        {
            key = key * 10 + (digits[i] - '0');
        }
        return key;
    }

    QualityWindow window(final int vendorId, final long groupKey)
    {
        final QualityWindow[] windows = windowsByGroup.get(groupKey);
        return windows == null || vendorId >= windows.length ? null : windows[vendorId];
    }
}
