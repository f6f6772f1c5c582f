package io.softswitch.lcr;

import io.softswitch.lcr.internal.PrefixRates;
import io.softswitch.lcr.internal.QualityWindow;
import io.softswitch.lcr.internal.QualityWindows;
import io.softswitch.lcr.internal.RouteBlocks;
import io.softswitch.lcr.internal.RouteCandidates;

import java.time.Instant;

/**
 * The LCR engine's state and rules, for the engine thread alone: the current snapshot, blocks,
 * vendor availability, quality windows and weighted round-robin counters. Not thread-safe by
 * design (single writer); {@link LcrEngine} feeds it from its ring.
 *
 * <p>A query collects each vendor's longest prefix in force, runs the exclusion checks in the
 * order of {@link ExclusionReason}, orders the survivors by the customer's mode and copies the
 * first {@code maxAttempts} names into a pooled {@link RouteResult}. The candidates and their
 * ordering are {@link RouteCandidates}, the quality windows and their rules {@link QualityWindows}.
 * Every array it works in is sized when a snapshot is swapped in, so a query allocates nothing.
 */
final class RouteSelector
{
    private final RouteResultPool pool;
    private final VendorStates states;
    private final RouteBlocks blocks = new RouteBlocks();
    private final QualityWindows windows = new QualityWindows();
    final RouteCandidates candidates = new RouteCandidates();
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
    /** The current query's stamp for {@link RouteCandidates#add}. */
    private int mark;
    private boolean checkVendorBlocks;
    private boolean checkStates;
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
            windows.clear();
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
        candidates.resize(vendors);
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
            final int k = candidates.order[i];
            final int v = candidates.vendor[k];
            result.add(toId[v], snapshot.vendorNames[v], candidates.depth[k], snapshot.buy.rate(candidates.entry[k]));
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
        mark = candidates.startQuery();
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
                groupWindows[d] = windows.group(groupKeys[d]);
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
        for (int k = 0; k < candidates.count; k++)
        {
            candidates.demoted[k] = false;
            candidates.window[k] = null;
            candidates.reason[k] = exclusion(k, routing, prefixBlocked, digits, length, nowMs);
        }
    }

    private void collectVendors(final int pathLength, final long ratesAtMs)
    {
        final PrefixRates buy = snapshot.buy;
        final int[] buyStart = buy.start;
        // Deepest node first: the first entry of a vendor found is its longest prefix in force.
        for (int d = pathLength - 1; d > 0 && candidates.hasRoom(); d--)
        {
            final int node = path[d];
            final int end = buyStart[node + 1];
            for (int e = buyStart[node]; e < end; e++)
            {
                if (buy.inForce(e, ratesAtMs))
                {
                    candidates.add(buy.deck(e), e, d, mark);
                }
            }
        }
    }

    private int exclusion(final int k, final CustomerRouting routing, final boolean prefixBlocked, final char[] digits,
        final int length, final long nowMs)
    {
        final int id = toId[candidates.vendor[k]];
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
        if (!routing.marginKept(snapshot.sell.rate(sellEntry), snapshot.buy.rate(candidates.entry[k])))
        {
            return ExclusionReason.BELOW_MARGIN.ordinal();
        }
        final QualityWindow[] group = groupWindows[candidates.depth[k]];
        final QualityWindow window = group == null || id >= group.length ? null : group[id];
        candidates.window[k] = window;
        if (window != null && QualityWindows.isPoor(window, quality, nowMs))
        {
            if (quality.action() == QualityAction.EXCLUDE)
            {
                return ExclusionReason.POOR_QUALITY.ordinal();
            }
            candidates.demoted[k] = true;
        }
        return RouteCandidates.ELIGIBLE;
    }

    /**
     * Orders the eligible candidates into {@link RouteCandidates#order} by the customer's mode.
     *
     * @return how many were placed (at most {@code limit}).
     */
    int order(final int c, final CustomerRouting routing, final int limit, final boolean commit)
    {
        return candidates.order(routing.mode(), snapshot.priority[c], snapshot.weight[c], swrrCurrent[c], snapshot.buy,
            quality, limit, commit);
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
        candidates.startRanking(mode);
        final int wanted = routing.maxAttempts();
        final PrefixRates buy = snapshot.buy;
        final int[] buyStart = buy.start;
        checkVendorBlocks = blocks.anyVendorBlock();
        checkStates = states.anySet();
        int placed = 0;
        for (int d = pathLength - 1; d > 0 && candidates.hasRoom(); d--)
        {
            final int node = path[d];
            final int end = buyStart[node + 1];
            for (int e = buyStart[node]; e < end; e++)
            {
                final int k = buy.inForce(e, nowMs) ? candidates.add(buy.deck(e), e, d, mark) : -1;
                if (k >= 0 && exclusion(k, routing, false, digits, length, nowMs) == RouteCandidates.ELIGIBLE)
                {
                    candidates.key(k, mode, priority, buy, quality);
                    placed = candidates.insertTopK(k, placed, wanted, 0);
                }
            }
        }
        return placed;
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
        return windows.windowFor(vendorId, groupKey(digits, depth), snapshot.ids.vendorCount(), quality, nowMs);
    }

    /**
     * The destination group of a number for a vendor whose prefix matched {@code depth} digits
     * (see {@link QualityWindows#groupKey}).
     */
    long groupKey(final char[] digits, final int depth)
    {
        return QualityWindows.groupKey(digits, depth, quality.groupDigits());
    }

    QualityWindow window(final int vendorId, final long groupKey)
    {
        return windows.window(vendorId, groupKey);
    }
}
