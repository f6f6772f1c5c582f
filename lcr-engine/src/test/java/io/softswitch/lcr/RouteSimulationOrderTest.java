package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.softswitch.lcr.Decks.T0;
import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The documented order of the simulator's answer, weighted shares, and what it refuses.
 */
class RouteSimulationOrderTest
{
    private static final String CUSTOMER = "cust";

    private static CustomerRouting routing(final OrderingMode mode, final int maxAttempts,
        final Map<String, VendorPreference> vendors)
    {
        return new CustomerRouting(mode, CustomerRouting.NOT_SET, CustomerRouting.NOT_SET_BASIS_POINTS, maxAttempts,
            vendors);
    }

    private static SingleThreadRouter router(final Decks decks, final CustomerRouting routing, final TrunkIds ids)
    {
        return new SingleThreadRouter(decks.snapshot(new RoutingSettings(CustomerRouting.DEFAULT,
            Map.of(CUSTOMER, routing), QualitySettings.DEFAULT), ids), () -> T0_MS);
    }

    @Test
    void shouldListOverMaxAttemptsInRankThenExclusionsByCheckOrderAndNameThenVendorsWithoutRateByName()
    {
        final Decks decks = new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("t3", rate("44", 3_000))
            .vendor("t1", rate("44", 1_000))
            .vendor("t2", rate("44", 2_000))
            .vendor("z-dear", rate("44", 20_000))
            .vendor("a-dear", rate("4420", 30_000))
            .vendor("m-down", rate("44", 500))
            .vendor("b-blocked", rate("44", 600))
            .vendor("other", rate("33", 1));
        final TrunkIds ids = TrunkIds.of(
            List.of("t3", "t1", "t2", "z-dear", "a-dear", "m-down", "b-blocked", "other", "no-deck"), List.of(CUSTOMER));
        final SingleThreadRouter router = router(decks, routing(OrderingMode.LEAST_COST, 1, Map.of()), ids);
        router.setVendorBlocked("b-blocked", true);
        router.setVendorDown("m-down", true);

        final RouteSimulation simulation = router.simulate(CUSTOMER, "44201", T0);

        assertThat(simulation.vendorNames()).containsExactly("t1");
        assertThat(simulation.excluded()).extracting(RouteSimulation.VendorRoute::vendor,
            RouteSimulation.VendorRoute::exclusion).containsExactly(
                tuple("t2", ExclusionReason.OVER_MAX_ATTEMPTS),
                tuple("t3", ExclusionReason.OVER_MAX_ATTEMPTS),
                tuple("b-blocked", ExclusionReason.VENDOR_BLOCKED),
                tuple("m-down", ExclusionReason.DOWN),
                tuple("a-dear", ExclusionReason.BELOW_MARGIN),
                tuple("z-dear", ExclusionReason.BELOW_MARGIN),
                tuple("no-deck", ExclusionReason.NO_RATE),
                tuple("other", ExclusionReason.NO_RATE));
        assertThat(simulation.maxAttempts()).isEqualTo(1);
        assertThat(simulation.mode()).isEqualTo(OrderingMode.LEAST_COST);
    }

    @Test
    void shouldBreakEqualRatesByVendorNameInCodePointOrder()
    {
        final SingleThreadRouter router = router(new Decks()
                .customer(CUSTOMER, rate("44", 10_000))
                .vendor("b", rate("44", 1_000))
                .vendor("C", rate("44", 1_000))
                .vendor("a", rate("44", 1_000)),
            routing(OrderingMode.LEAST_COST, 3, Map.of()), TrunkIds.of(List.of("b", "C", "a"), List.of(CUSTOMER)));

        assertThat(router.simulate(CUSTOMER, "4420", T0).vendorNames()).containsExactly("C", "a", "b");
        assertThat(router.route(CUSTOMER, "4420", T0_MS).vendors()).containsExactly("C", "a", "b");
    }

    @Test
    void shouldShowEachFirstChoiceVendorsShareOfTrafficInWeightedMode()
    {
        final SingleThreadRouter router = router(new Decks()
                .customer(CUSTOMER, rate("44", 10_000))
                .vendor("seventy", rate("44", 2_000))
                .vendor("thirty", rate("44", 1_000))
                .vendor("zero", rate("44", 500))
                .vendor("later", rate("44", 100)),
            routing(OrderingMode.WEIGHTED, 4, Map.of(
                "seventy", new VendorPreference(1, 70),
                "thirty", new VendorPreference(1, 30),
                "zero", new VendorPreference(1, 0),
                "later", new VendorPreference(2, 100))),
            TrunkIds.of(List.of("seventy", "thirty", "zero", "later"), List.of(CUSTOMER)));

        final RouteSimulation simulation = router.simulate(CUSTOMER, "4420", T0);

        // First place by smooth weighted round robin (seventy first), then priority, then rate.
        assertThat(simulation.routes()).extracting(RouteSimulation.VendorRoute::vendor,
            RouteSimulation.VendorRoute::weight, RouteSimulation.VendorRoute::firstChoiceShareBasisPoints)
            .containsExactly(
                tuple("seventy", 70, 7_000L),
                tuple("zero", 0, 0L),
                tuple("thirty", 30, 3_000L),
                tuple("later", 100, null));
        assertThat(simulation.toTable()).contains("first choice 70.00% (weight 70)");
    }

    @Test
    void shouldGiveTheFirstPlaceByPriorityThenRateWhenEveryWeightOfTheBestPriorityIsZero()
    {
        final SingleThreadRouter router = router(new Decks()
                .customer(CUSTOMER, rate("44", 10_000))
                .vendor("dear", rate("44", 2_000))
                .vendor("cheap", rate("44", 1_000)),
            routing(OrderingMode.WEIGHTED, 2, Map.of(
                "dear", new VendorPreference(1, 0),
                "cheap", new VendorPreference(1, 0))),
            TrunkIds.of(List.of("dear", "cheap"), List.of(CUSTOMER)));

        final RouteSimulation simulation = router.simulate(CUSTOMER, "4420", T0);

        assertThat(simulation.routes()).extracting(RouteSimulation.VendorRoute::vendor,
            RouteSimulation.VendorRoute::firstChoiceShareBasisPoints).containsExactly(tuple("cheap", 0L), tuple("dear", 0L));
        assertThat(router.route(CUSTOMER, "4420", T0_MS).vendors()).containsExactly("cheap", "dear");
    }

    @Test
    void shouldAnswerANumberLongerThanACallCarriesAsNotRoutedWithTheReason()
    {
        final SingleThreadRouter router = router(new Decks()
                .customer(CUSTOMER, rate("4", 10_000))
                .vendor("v", rate("4", 1_000)),
            routing(OrderingMode.LEAST_COST, 2, Map.of()), TrunkIds.of(List.of("v"), List.of(CUSTOMER)));
        final String tooLong = "4".repeat(LcrEvent.MAX_NUMBER_LENGTH + 1);

        final RouteSimulation simulation = router.simulate(CUSTOMER, tooLong, T0);

        assertThat(simulation.outcome()).isEqualTo(RouteResult.Outcome.NO_ROUTE);
        assertThat(simulation.note()).isEqualTo("number longer than 32 digits: a call is not routed");
        assertThat(router.route(CUSTOMER, tooLong, T0_MS)).isSameAs(RouteResult.NO_ROUTE);
    }

    @Test
    void shouldRefuseAnUnknownCustomerAndAVendorGivenAsCustomer()
    {
        final SingleThreadRouter router = router(new Decks().vendor("v", rate("4", 1_000)),
            routing(OrderingMode.LEAST_COST, 2, Map.of()), TrunkIds.of(List.of("v"), List.of(CUSTOMER)));

        assertThatThrownBy(() -> router.simulate("nobody", "44", T0)).isInstanceOf(UnknownCustomerException.class);
        assertThatThrownBy(() -> router.simulate("v", "44", T0)).isInstanceOf(UnknownCustomerException.class)
            .hasMessage("'v' is a vendor trunk, not a customer trunk");
        // Known but without a sell deck: a fact about a real customer, not "not found".
        assertThat(router.simulate(CUSTOMER, "44", T0).outcome()).isEqualTo(RouteResult.Outcome.NO_SELL_RATE);
    }
}
