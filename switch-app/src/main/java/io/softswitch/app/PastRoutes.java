package io.softswitch.app;

import io.softswitch.lcr.RouteSimulation;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.SingleThreadRouter;
import io.softswitch.lcr.TrunkIds;
import io.softswitch.lcr.VendorStates;
import io.softswitch.ratedeck.RateSource;

import java.time.Instant;
import java.util.List;

/**
 * The route simulator for an instant before the live snapshot was loaded: the rates in force then
 * come from the deck history (only those of the number's prefixes, so a question about last
 * Tuesday loads a few rows, not the decks), routed by the same rules with today's blocks and
 * availability; quality is not kept per instant, so there are no quality figures.
 */
final class PastRoutes
{
    private PastRoutes()
    {
    }

    /**
     * Simulates a query at a past instant.
     *
     * @param rates        the rate source with history.
     * @param settings     the routing policy.
     * @param ids          the trunk ids of the live engine.
     * @param vendorStates the live availability.
     * @param blocks       the blocks in force.
     * @param customer     customer trunk name.
     * @param e164         the number after the trunk's rules.
     * @param at           the instant.
     * @return the simulation, marked as answered from history.
     */
    static RouteSimulation simulate(final RateSource rates, final RoutingSettings settings, final TrunkIds ids,
        final VendorStates vendorStates, final List<RouteBlock> blocks, final String customer, final String e164,
        final Instant at)
    {
        final RouteSnapshot past = RouteSnapshot.build(rates.loadRatesAt(at, e164), settings, ids);
        final SingleThreadRouter router = new SingleThreadRouter(past, System::currentTimeMillis, vendorStates);
        apply(router, blocks);
        return router.simulate(customer, e164, at).fromHistory();
    }

    /**
     * Applies blocks to a router.
     *
     * @param router the router.
     * @param blocks the blocks.
     */
    static void apply(final SingleThreadRouter router, final List<RouteBlock> blocks)
    {
        for (final RouteBlock block : blocks)
        {
            if (block.prefix() == null)
            {
                router.setVendorBlocked(block.vendor(), true);
            }
            else if (block.vendor() == null)
            {
                router.setPrefixBlocked(block.prefix(), true);
            }
            else
            {
                router.setVendorPrefixBlocked(block.vendor(), block.prefix(), true);
            }
        }
    }
}
