package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static io.softswitch.lcr.Selectors.CUSTOMER;
import static io.softswitch.lcr.Selectors.SELL;
import static io.softswitch.lcr.Selectors.newSelector;
import static io.softswitch.lcr.Selectors.record;
import static io.softswitch.lcr.Selectors.routing;
import static io.softswitch.lcr.Selectors.settings;
import static io.softswitch.lcr.Selectors.vendors;
import static org.assertj.core.api.Assertions.assertThat;

/** The selector's ordering modes: priority, weighted first place, quality-adjusted cost. */
class RouteSelectorOrderingTest
{
    private final RouteResultPool pool = new RouteResultPool();

    private RouteSelector selector(final RouteSnapshot snapshot)
    {
        return newSelector(snapshot, pool);
    }

    private Decks decks()
    {
        return new Decks()
            .customer(CUSTOMER, rate("44", SELL))
            .vendor("a", rate("44", 1_000))
            .vendor("b", rate("44", 2_000))
            .vendor("c", rate("44", 3_000))
            .vendor("d", rate("44", 4_000));
    }

    @Test
    void shouldOrderByStaticPriorityThenCost()
    {
        final CustomerRouting routing = new CustomerRouting(OrderingMode.PRIORITY, 0, 0, 10, Map.of(
            "d", new VendorPreference(1, 1),
            "c", new VendorPreference(2, 1),
            "b", new VendorPreference(2, 1)));
        final RouteSelector selector = selector(decks().snapshot(settings(routing)));

        // d first (priority 1), then b and c (priority 2) by cost, then a (default priority 100).
        assertThat(vendors(selector, "4420", T0_MS)).containsExactly("d", "b", "c", "a");
    }

    @Test
    void shouldSplitFirstAttemptsByWeightAmongEqualPriorityVendors()
    {
        final CustomerRouting routing = new CustomerRouting(OrderingMode.WEIGHTED, 0, 0, 2, Map.of(
            "c", new VendorPreference(1, 7),
            "d", new VendorPreference(1, 3)));
        final RouteSelector selector = selector(decks().snapshot(settings(routing)));

        final Map<String, Integer> firsts = new HashMap<>();
        final List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            final List<String> vendors = vendors(selector, "4420", T0_MS);
            assertThat(vendors).hasSize(2).containsAnyOf("c", "d");
            firsts.merge(vendors.get(0), 1, Integer::sum);
            if (i < 10)
            {
                sequence.add(vendors.get(0));
            }
        }

        assertThat(firsts).containsExactlyInAnyOrderEntriesOf(Map.of("c", 70, "d", 30));
        // Smooth weighted round robin spreads the 3 of 10 evenly instead of bunching them.
        assertThat(sequence).containsExactly("c", "d", "c", "c", "c", "d", "c", "c", "d", "c");
    }

    @Test
    void shouldKeepTheWeightedChoiceWhenOnlyOneAttemptIsAllowed()
    {
        final CustomerRouting routing = new CustomerRouting(OrderingMode.WEIGHTED, 0, 0, 1, Map.of(
            "a", new VendorPreference(1, 3),
            "d", new VendorPreference(1, 1)));
        final RouteSelector selector = selector(decks().snapshot(settings(routing)));

        final Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 40; i++)
        {
            final List<String> vendors = vendors(selector, "4420", T0_MS);
            assertThat(vendors).hasSize(1);
            counts.merge(vendors.get(0), 1, Integer::sum);
        }

        // d is dearer than a, yet keeps its quarter of the calls.
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", 30, "d", 10));
    }

    @Test
    void shouldFollowWeightedFirstChoiceWithTheOtherVendorsByPriorityThenCost()
    {
        final CustomerRouting routing = new CustomerRouting(OrderingMode.WEIGHTED, 0, 0, 4, Map.of(
            "c", new VendorPreference(1, 1),
            "d", new VendorPreference(1, 1)));
        final RouteSelector selector = selector(decks().snapshot(settings(routing)));

        assertThat(vendors(selector, "4420", T0_MS)).containsExactly("c", "d", "a", "b");
        assertThat(vendors(selector, "4420", T0_MS)).containsExactly("d", "c", "a", "b");
    }

    @Test
    void shouldLetAZeroWeightVendorTakeFirstPlaceOnlyByCostOrder()
    {
        final CustomerRouting routing = new CustomerRouting(OrderingMode.WEIGHTED, 0, 0, 4, Map.of(
            "a", new VendorPreference(1, 0),
            "d", new VendorPreference(1, 5)));
        final RouteSelector selector = selector(decks().snapshot(settings(routing)));

        for (int i = 0; i < 5; i++)
        {
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("d", "a", "b", "c");
        }
    }

    @Test
    void shouldPreferDearerVendorWithMuchBetterAsrInQualityAdjustedMode()
    {
        final QualitySettings quality = new QualitySettings(4, 60_000, 15, 10, 0, 0, 0, Long.MAX_VALUE,
            QualityAction.DEMOTE, 500);
        final RouteSelector selector = selector(decks().snapshot(
            settings(routing(OrderingMode.QUALITY_ADJUSTED_COST, 4), quality)));
        // a: 1000/min at 10 % ASR = 10000 per answered; b: 2000/min at 90 % = 2222.
        record(selector, "a", 10, 1, T0_MS);
        record(selector, "b", 10, 9, T0_MS);

        // c and d have no samples: their ASR is taken as 50 % (6000 and 8000).
        assertThat(vendors(selector, "4420", T0_MS)).containsExactly("b", "c", "d", "a");
    }

    @Test
    void shouldIgnoreQualityInLeastCostModeWhileNoThresholdIsCrossed()
    {
        final QualitySettings quality = new QualitySettings(4, 60_000, 15, 10, 0, 0, 0, Long.MAX_VALUE,
            QualityAction.DEMOTE, 500);
        final RouteSelector selector = selector(decks().snapshot(settings(routing(OrderingMode.LEAST_COST, 4), quality)));
        record(selector, "a", 10, 1, T0_MS);

        assertThat(vendors(selector, "4420", T0_MS)).containsExactly("a", "b", "c", "d");
    }
}
