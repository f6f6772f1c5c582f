package io.softswitch.lcr;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the LCR engine would answer for one call, and why: the route simulator's result, built
 * from plain values (records, no JSON here) so the admin API can serialise it and the command
 * line can print it ({@link #toTable()}). docs/lcr-engine.md states every rule it applies.
 *
 * @param customer         customer trunk name.
 * @param dialled          the number as the customer dialled it (tech prefix, {@code 00}, {@code +} ...).
 * @param number           the E.164 digits the trunk's number rules made of it, the number a call
 *                         would be routed with; {@code null} when the rules leave none.
 * @param at               the instant whose rates were used.
 * @param ratesFromHistory whether the rates came from the deck history (an instant before the
 *                         live snapshot was loaded) rather than the live snapshot.
 * @param outcome          the outcome the query would have.
 * @param note             why, when the outcome needs more than its name (the number is not
 *                         routable, the tech prefix is missing ...); {@code null} otherwise.
 * @param mode             the customer's ordering mode.
 * @param maxAttempts      the most vendors a call tries: the length of the hunt list.
 * @param sellRate         the customer's sell rate for the number, or {@code null} when it has none.
 * @param routes           the hunt list: the vendors a call would try, in order.
 * @param excluded         every other vendor of the configuration, with the reason it is not
 *                         tried: first those beyond {@code maxAttempts} in rank order, then by
 *                         reason in check order and by name, then those without a rate, by name.
 */
public record RouteSimulation(
    String customer,
    String dialled,
    String number,
    Instant at,
    boolean ratesFromHistory,
    RouteResult.Outcome outcome,
    String note,
    OrderingMode mode,
    int maxAttempts,
    SellRate sellRate,
    List<VendorRoute> routes,
    List<VendorRoute> excluded)
{
    /**
     * Copies the lists.
     */
    public RouteSimulation
    {
        Objects.requireNonNull(outcome, "outcome");
        routes = List.copyOf(routes);
        excluded = List.copyOf(excluded);
    }

    /**
     * A simulation that routes nothing because the number cannot be routed at all (not digits,
     * no digits left by the number rules, too long, tech prefix missing).
     *
     * @param customer customer trunk name.
     * @param dialled  the number as dialled.
     * @param at       the instant asked about.
     * @param routing  the customer's routing.
     * @param note     why.
     * @return the simulation, outcome {@link RouteResult.Outcome#NO_ROUTE}.
     */
    public static RouteSimulation unroutable(final String customer, final String dialled, final Instant at,
        final CustomerRouting routing, final String note)
    {
        return new RouteSimulation(customer, dialled, null, at, false, RouteResult.Outcome.NO_ROUTE, note,
            routing.mode(), routing.maxAttempts(), null, List.of(), List.of());
    }

    /**
     * This simulation for the number as it was dialled.
     *
     * @param asDialled the number as the customer dialled it.
     * @return the simulation with {@link #dialled()} set.
     */
    public RouteSimulation dialledAs(final String asDialled)
    {
        return new RouteSimulation(customer, asDialled, number, at, ratesFromHistory, outcome, note, mode, maxAttempts,
            sellRate, routes, excluded);
    }

    /**
     * This simulation marked as answered from the deck history.
     *
     * @return the simulation with {@link #ratesFromHistory()} set.
     */
    public RouteSimulation fromHistory()
    {
        return new RouteSimulation(customer, dialled, number, at, true, outcome, note, mode, maxAttempts, sellRate,
            routes, excluded);
    }

    /**
     * The customer's sell rate that matched the number.
     *
     * @param prefix              the matched prefix.
     * @param destination         destination name from the deck.
     * @param ratePerMinuteMicros price per minute, micro-units.
     * @param connectFeeMicros    connect fee, micro-units.
     */
    public record SellRate(String prefix, String destination, long ratePerMinuteMicros, long connectFeeMicros)
    {
    }

    /**
     * One vendor as the simulator sees it.
     *
     * @param vendor              vendor trunk name.
     * @param position            1 for the first vendor tried, 2 for the next ...; 0 when excluded.
     * @param prefix              the vendor's matched prefix, or {@code null} without a rate.
     * @param destination         destination name from the vendor's deck, or {@code null}.
     * @param ratePerMinuteMicros buy rate per minute, micro-units, or {@code null} without a rate.
     * @param connectFeeMicros    connect fee, micro-units, or {@code null} without a rate.
     * @param marginMicros        sell less buy rate per minute, micro-units, or {@code null} when
     *                            either is missing.
     * @param marginBasisPoints   margin as a share of the sell rate in basis points (rounded
     *                            toward zero, held to the range of a {@code long}), or
     *                            {@code null} when either rate is missing or the sell rate is 0.
     * @param quality             measured quality on the destination, or {@code null} without a rate.
     * @param demoted             whether quality put the vendor after the vendors of good quality.
     * @param exclusion           why the vendor is not tried, or {@code null} when it is.
     * @param weight              in {@link OrderingMode#WEIGHTED}: the vendor's configured weight;
     *                            {@code null} in the other modes.
     * @param firstChoiceShareBasisPoints in {@link OrderingMode#WEIGHTED}, for the vendors that share
     *                            the first place: the share of calls whose first attempt goes to
     *                            it, {@code weight * 10000 / sum of the group's weights}, rounded
     *                            down (0 for weight 0); {@code null} for every other vendor.
     */
    public record VendorRoute(
        String vendor,
        int position,
        String prefix,
        String destination,
        Long ratePerMinuteMicros,
        Long connectFeeMicros,
        Long marginMicros,
        Long marginBasisPoints,
        QualityFigures quality,
        boolean demoted,
        ExclusionReason exclusion,
        Integer weight,
        Long firstChoiceShareBasisPoints)
    {
    }

    /**
     * The vendor names in the order they would be tried.
     *
     * @return the names.
     */
    public List<String> vendorNames()
    {
        return routes.stream().map(VendorRoute::vendor).toList();
    }

    /**
     * The simulation as a plain-text table for the command line.
     *
     * @return the table, lines ending in {@code \n}.
     */
    public String toTable()
    {
        final StringBuilder out = new StringBuilder(256);
        out.append("customer=").append(customer).append(" dialled=").append(dialled).append(" number=")
            .append(number == null ? "-" : number).append(" at=").append(at)
            .append(ratesFromHistory ? " (rates from deck history)" : "").append(" outcome=").append(outcome)
            .append('\n');
        out.append("mode=").append(mode).append(" max-attempts=").append(maxAttempts).append('\n');
        if (note != null)
        {
            out.append("note: ").append(note).append('\n');
        }
        if (sellRate == null)
        {
            out.append("sell: none\n");
        }
        else
        {
            out.append("sell: prefix=").append(sellRate.prefix()).append(" rate/min=")
                .append(money(sellRate.ratePerMinuteMicros())).append(" connect=")
                .append(money(sellRate.connectFeeMicros())).append(" destination=").append(sellRate.destination())
                .append('\n');
        }
        final String format = "%-3s %-16s %-10s %12s %12s %8s %-8s %8s %6s %6s %8s %7s  %s";
        out.append(String.format(format, "#", "vendor", "prefix", "rate/min", "margin/min", "margin%", "group",
            "attempts", "ASR%", "NER%", "ACD s", "PDD ms", "note").stripTrailing()).append('\n');
        for (final VendorRoute route : routes)
        {
            row(out, format, route);
        }
        for (final VendorRoute route : excluded)
        {
            row(out, format, route);
        }
        return out.toString();
    }

    private static void row(final StringBuilder out, final String format, final VendorRoute route)
    {
        final QualityFigures quality = route.quality();
        final String share = route.firstChoiceShareBasisPoints() == null ? ""
            : "first choice " + hundredths(route.firstChoiceShareBasisPoints()) + "% (weight " + route.weight() + ")";
        final String reason = route.exclusion() != null
            ? "excluded: " + route.exclusion().description()
            : route.demoted() ? "demoted: quality below threshold" : "";
        final String note = share.isEmpty() || reason.isEmpty() ? share + reason : share + "; " + reason;
        out.append(String.format(format,
            route.position() == 0 ? "-" : Integer.toString(route.position()),
            route.vendor(),
            route.prefix() == null ? "-" : route.prefix(),
            route.ratePerMinuteMicros() == null ? "-" : money(route.ratePerMinuteMicros()),
            route.marginMicros() == null ? "-" : money(route.marginMicros()),
            route.marginBasisPoints() == null ? "-" : hundredths(route.marginBasisPoints()),
            quality == null ? "-" : quality.group(),
            quality == null ? "-" : Long.toString(quality.attempts()),
            quality == null || quality.asrPermille() < 0 ? "-" : tenths(quality.asrPermille()),
            quality == null || quality.nerPermille() < 0 ? "-" : tenths(quality.nerPermille()),
            quality == null || quality.acdMs() < 0 ? "-" : Long.toString(quality.acdMs() / 1000),
            quality == null || quality.pddMs() < 0 ? "-" : Long.toString(quality.pddMs()),
            note).stripTrailing()).append('\n');
    }

    /**
     * Micro-units as a decimal with six places, exactly: 1234567 is "1.234567".
     *
     * @param micros the amount.
     * @return the text.
     */
    static String money(final long micros)
    {
        final String sign = micros < 0 ? "-" : "";
        final long abs = Math.abs(micros);
        final String fraction = Long.toString(abs % 1_000_000);
        return sign + abs / 1_000_000 + "." + "0".repeat(6 - fraction.length()) + fraction;
    }

    private static String hundredths(final long basisPoints)
    {
        final String sign = basisPoints < 0 ? "-" : "";
        final long abs = Math.abs(basisPoints);
        final long fraction = abs % 100;
        return sign + abs / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private static String tenths(final int permille)
    {
        return permille / 10 + "." + permille % 10;
    }
}
