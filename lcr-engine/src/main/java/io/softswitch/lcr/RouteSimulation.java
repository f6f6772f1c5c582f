package io.softswitch.lcr;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the LCR engine would answer for one call, and why: the route simulator's result, built
 * from plain values (records, no JSON here) so the admin API can serialise it and the command
 * line can print it ({@link #toTable()}).
 *
 * @param customer customer trunk name.
 * @param number   the dialled E.164 number.
 * @param at       the instant whose rates were used.
 * @param outcome  the outcome the query would have.
 * @param sellRate the customer's sell rate for the number, or {@code null} when it has none.
 * @param routes   the vendors in the order they would be tried.
 * @param excluded every other vendor with a deck, with the reason it is not tried.
 */
public record RouteSimulation(
    String customer,
    String number,
    Instant at,
    RouteResult.Outcome outcome,
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
     *                            toward zero), or {@code null} when either rate is missing or the
     *                            sell rate is 0.
     * @param quality             measured quality on the destination, or {@code null} without a rate.
     * @param demoted             whether quality put the vendor after the vendors of good quality.
     * @param exclusion           why the vendor is not tried, or {@code null} when it is.
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
        ExclusionReason exclusion)
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
        out.append("customer=").append(customer).append(" number=").append(number).append(" at=").append(at)
            .append(" outcome=").append(outcome).append('\n');
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
        final String note = route.exclusion() != null
            ? "excluded: " + route.exclusion().description()
            : route.demoted() ? "demoted: quality below threshold" : "";
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
