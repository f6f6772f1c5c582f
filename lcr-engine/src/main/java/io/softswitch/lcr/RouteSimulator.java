package io.softswitch.lcr;

import io.softswitch.lcr.internal.PrefixRates;
import io.softswitch.lcr.internal.QualityWindow;
import io.softswitch.lcr.internal.RouteCandidates;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a {@link RouteSimulation} from one evaluation of a {@link RouteSelector}: the same
 * checks and the same ranking as a call's query, then every vendor of the snapshot's ids with its
 * figures and its place or the reason it has none. Runs on the selector's thread; allocates
 * freely (an admin request, not a call).
 *
 * <p>Order of the answer (see docs/lcr-engine.md): the hunt list in rank order; then the
 * eligible vendors beyond {@code maxAttempts}, in rank order; then the excluded vendors by reason
 * in the order the checks run, by name within a reason; then the vendors with no rate in force
 * for the number, by name.
 */
final class RouteSimulator
{
    private static final ExclusionReason[] REASONS = ExclusionReason.values();
    private static final int MAX_DIGITS = LcrEvent.MAX_NUMBER_LENGTH;

    private final RouteSelector selector;
    private final RouteSnapshot snapshot;

    RouteSimulator(final RouteSelector selector)
    {
        this.selector = selector;
        this.snapshot = selector.snapshot;
    }

    RouteSimulation simulate(final String customer, final String number, final Instant at, final long nowMs)
    {
        final int c = snapshot.customerIndex.getValue(customer);
        final CustomerRouting routing = c < 0 ? snapshot.settings.customer(customer) : snapshot.customerRouting[c];
        if (number.length() > MAX_DIGITS)
        {
            return RouteSimulation.unroutable(customer, number, at, routing,
                "number longer than " + MAX_DIGITS + " digits: a call is not routed");
        }
        final char[] digits = number.toCharArray();
        final long atMs = at.toEpochMilli();
        selector.evaluate(c, digits, digits.length, atMs, nowMs);
        if (!selector.validNumber)
        {
            return RouteSimulation.unroutable(customer, number, at, routing, "number is not digits");
        }
        final int picked = c < 0 || selector.sellEntry < 0 ? 0 : selector.order(c, routing, selector.candidates.count, false);
        final int tried = Math.min(picked, routing.maxAttempts());
        final boolean weighted = routing.mode() == OrderingMode.WEIGHTED && c >= 0;
        long groupWeight = 0;
        if (weighted)
        {
            selector.candidates.findWeightedGroup();
            for (int k = 0; k < selector.candidates.count; k++)
            {
                if (selector.candidates.inWeightedGroup(k))
                {
                    groupWeight += snapshot.weight[c][selector.candidates.vendor[k]];
                }
            }
        }
        final List<RouteSimulation.VendorRoute> routes = new ArrayList<>();
        final List<RouteSimulation.VendorRoute> excluded = new ArrayList<>();
        final boolean[] listed = new boolean[snapshot.ids.vendorCount()];
        for (int i = 0; i < picked; i++)
        {
            final int k = selector.candidates.order[i];
            listed[selector.toId[selector.candidates.vendor[k]]] = true;
            final RouteSimulation.VendorRoute line = line(c, k, digits, i < tried ? i + 1 : 0,
                i < tried ? null : ExclusionReason.OVER_MAX_ATTEMPTS, weighted, groupWeight);
            (i < tried ? routes : excluded).add(line);
        }
        final List<RouteSimulation.VendorRoute> others = new ArrayList<>();
        for (int k = 0; k < selector.candidates.count; k++)
        {
            if (selector.candidates.reason[k] != RouteCandidates.ELIGIBLE)
            {
                listed[selector.toId[selector.candidates.vendor[k]]] = true;
                others.add(line(c, k, digits, 0, REASONS[selector.candidates.reason[k]], weighted, groupWeight));
            }
        }
        others.sort(Comparator.comparing(RouteSimulation.VendorRoute::exclusion)
            .thenComparing(RouteSimulation.VendorRoute::vendor));
        excluded.addAll(others);
        final List<String> withoutRate = new ArrayList<>();
        for (int id = 0; id < listed.length; id++)
        {
            if (!listed[id])
            {
                withoutRate.add(snapshot.ids.vendorName(id));
            }
        }
        withoutRate.sort(null);
        for (final String vendor : withoutRate)
        {
            excluded.add(new RouteSimulation.VendorRoute(vendor, 0, null, null, null, null, null, null, null, false,
                ExclusionReason.NO_RATE, weighted ? weight(c, vendor) : null, null));
        }
        final RouteResult.Outcome outcome = selector.sellEntry < 0 ? RouteResult.Outcome.NO_SELL_RATE
            : routes.isEmpty() ? RouteResult.Outcome.NO_ROUTE : RouteResult.Outcome.ROUTED;
        return new RouteSimulation(customer, number, number, at, false, outcome, null, routing.mode(),
            routing.maxAttempts(), sellRate(c, digits, atMs), routes, excluded);
    }

    private RouteSimulation.SellRate sellRate(final int c, final char[] digits, final long atMs)
    {
        final int entry = selector.sellEntry;
        if (entry < 0)
        {
            return null;
        }
        final PrefixRates rates = snapshot.sell;
        return new RouteSimulation.SellRate(new String(digits, 0, sellDepth(c, digits, atMs)),
            snapshot.destinations[rates.destination[entry]], rates.rate(entry), rates.connectFeeMicros[entry]);
    }

    private Integer weight(final int c, final String vendor)
    {
        final int v = snapshot.vendorIndex.getValue(vendor);
        return v < 0 ? snapshot.customerRouting[c].preference(vendor).weight() : snapshot.weight[c][v];
    }

    private RouteSimulation.VendorRoute line(final int c, final int k, final char[] digits, final int position,
        final ExclusionReason reason, final boolean weighted, final long groupWeight)
    {
        final PrefixRates buy = snapshot.buy;
        final int e = selector.candidates.entry[k];
        final int v = selector.candidates.vendor[k];
        final long rate = buy.rate(e);
        Long margin = null;
        Long marginBasisPoints = null;
        if (selector.sellEntry >= 0)
        {
            final long sell = snapshot.sell.rate(selector.sellEntry);
            margin = sell - rate;
            if (sell > 0)
            {
                // A loss on a tiny sell rate can be more basis points than a long holds: saturate.
                final BigInteger exact = BigInteger.valueOf(sell - rate).multiply(BigInteger.valueOf(10_000))
                    .divide(BigInteger.valueOf(sell));
                marginBasisPoints = exact.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE))
                    .longValue();
            }
        }
        final int depth = selector.candidates.depth[k];
        final QualitySettings quality = selector.quality;
        final QualityWindow window = selector.window(selector.toId[v], selector.groupKey(digits, depth));
        final String group = new String(digits, 0, Math.min(depth, quality.groupDigits()));
        final QualityFigures figures = window == null
            ? new QualityFigures(group, 0, 0, -1, -1, -1, -1, false)
            : new QualityFigures(group, window.attempts(), window.answered(), window.asrPermille(),
                window.nerPermille(), window.acdMs(), window.pddMs(), window.attempts() >= quality.minSamples());
        Integer weight = null;
        Long share = null;
        if (weighted)
        {
            weight = snapshot.weight[c][v];
            if (selector.candidates.inWeightedGroup(k))
            {
                // Exact share of first attempts (smooth weighted round robin), floored to basis points.
                share = groupWeight == 0 ? 0 : weight * 10_000L / groupWeight;
            }
        }
        return new RouteSimulation.VendorRoute(snapshot.vendorNames[v], position, new String(digits, 0, depth),
            snapshot.destinations[buy.destination[e]], rate, buy.connectFeeMicros[e], margin, marginBasisPoints,
            figures, selector.candidates.demoted[k], reason, weight, share);
    }

    private int sellDepth(final int c, final char[] digits, final long atMs)
    {
        final int[] path = selector.path;
        final int pathLength = snapshot.walk(digits, digits.length, path);
        for (int d = pathLength - 1; d > 0; d--)
        {
            if (snapshot.sell.find(path[d], c, atMs) >= 0)
            {
                return d;
            }
        }
        return 0;
    }
}
