package io.softswitch.lcr;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a route query: the vendor trunks to try, best first, or the reason there are none.
 *
 * <p>Instances are immutable and meant to be built once per table entry, so answering a query
 * allocates nothing.
 *
 * @param outcome whether routes were found.
 * @param vendors names of the vendor trunks to try in order; empty unless {@code ROUTED}.
 */
public record RouteResult(Outcome outcome, List<String> vendors)
{
    /** The result when no prefix of the number has a route. */
    public static final RouteResult NO_ROUTE = new RouteResult(Outcome.NO_ROUTE, List.of());

    /**
     * Why a query ended as it did.
     */
    public enum Outcome
    {
        /** At least one vendor trunk to try. */
        ROUTED,
        /** No route covers the number: the customer gets 404. */
        NO_ROUTE
    }

    /**
     * Checks the pairing of outcome and vendors.
     */
    public RouteResult
    {
        Objects.requireNonNull(outcome, "outcome");
        vendors = List.copyOf(vendors);
        if ((outcome == Outcome.ROUTED) == vendors.isEmpty())
        {
            throw new IllegalArgumentException("outcome=" + outcome + " vendors=" + vendors.size());
        }
    }

    /**
     * A result that offers the call to the given vendors in order.
     *
     * @param vendors vendor trunk names, best first; at least one.
     * @return the result.
     */
    public static RouteResult routed(final List<String> vendors)
    {
        return new RouteResult(Outcome.ROUTED, vendors);
    }
}
