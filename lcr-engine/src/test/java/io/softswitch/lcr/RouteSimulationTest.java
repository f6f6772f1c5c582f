package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.softswitch.lcr.Decks.T0;
import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;

class RouteSimulationTest
{
    private static final String CUSTOMER = "cust";

    private final RouteSelector selector = Selectors.newSelector(new Decks()
        .customer(CUSTOMER, rate("44", 10_000))
        .vendor("cheap", rate("4420", 4_000))
        .vendor("good", rate("44", 6_000))
        .vendor("blocked", rate("44", 1_000))
        .vendor("dear", rate("44", 12_000))
        .vendor("down", rate("44", 2_000))
        .vendor("elsewhere", rate("33", 1_000))
        .vendor("spare", rate("44", 7_000))
        .snapshot(new RoutingSettings(CustomerRouting.DEFAULT,
            Map.of(CUSTOMER, new CustomerRouting(OrderingMode.LEAST_COST, 0, 0, 2, Map.of())),
            QualitySettings.DEFAULT)), new RouteResultPool());

    @Test
    void shouldExplainEveryVendorWithRateMarginQualityAndExclusionReason()
    {
        selector.setVendorBlocked("blocked", true);
        selector.states().setDown(selector.snapshot().ids().vendorId("down"), true);
        Selectors.record(selector, "cheap", 20, 2, T0_MS);

        final RouteSimulation simulation = selector.simulate(CUSTOMER, "44201", T0, T0_MS);

        assertThat(simulation.outcome()).isEqualTo(RouteResult.Outcome.ROUTED);
        assertThat(simulation.sellRate()).isEqualTo(new RouteSimulation.SellRate("44", "dest-44", 10_000, 0));
        assertThat(simulation.vendorNames()).containsExactly("good", "spare");
        final RouteSimulation.VendorRoute good = simulation.routes().get(0);
        assertThat(good.position()).isEqualTo(1);
        assertThat(good.prefix()).isEqualTo("44");
        assertThat(good.ratePerMinuteMicros()).isEqualTo(6_000);
        assertThat(good.marginMicros()).isEqualTo(4_000);
        assertThat(good.marginBasisPoints()).isEqualTo(4_000);
        assertThat(reasons(simulation)).containsExactlyInAnyOrderEntriesOf(Map.of(
            "cheap", ExclusionReason.OVER_MAX_ATTEMPTS,
            "blocked", ExclusionReason.VENDOR_BLOCKED,
            "dear", ExclusionReason.BELOW_MARGIN,
            "down", ExclusionReason.DOWN,
            "elsewhere", ExclusionReason.NO_RATE));
        final RouteSimulation.VendorRoute cheap = find(simulation.excluded(), "cheap");
        assertThat(cheap.demoted()).isTrue();
        assertThat(cheap.prefix()).isEqualTo("4420");
        assertThat(cheap.quality()).isEqualTo(new QualityFigures("4420", 20, 2, 100, 100, -1, 1_000, true));
        assertThat(find(simulation.excluded(), "dear").marginMicros()).isEqualTo(-2_000);
    }

    @Test
    void shouldReturnTheSameListTheEngineRoutesWith()
    {
        final RouteSimulation simulation = selector.simulate(CUSTOMER, "44201", T0, T0_MS);
        final char[] number = "44201".toCharArray();
        final RouteResult result = selector.route(selector.snapshot().ids().customerId(CUSTOMER), number, number.length, T0_MS);

        assertThat(simulation.vendorNames()).isEqualTo(result.vendors());
    }

    @Test
    void shouldShowNoSellRateOutcomeAndStillListTheVendors()
    {
        final RouteSimulation simulation = selector.simulate(CUSTOMER, "33201", T0, T0_MS);

        assertThat(simulation.outcome()).isEqualTo(RouteResult.Outcome.NO_SELL_RATE);
        assertThat(simulation.sellRate()).isNull();
        assertThat(simulation.routes()).isEmpty();
        assertThat(find(simulation.excluded(), "elsewhere").exclusion()).isEqualTo(ExclusionReason.NO_SELL_RATE);
        assertThat(find(simulation.excluded(), "elsewhere").marginMicros()).isNull();
    }

    @Test
    void shouldUseTheRatesInForceAtTheGivenTime()
    {
        final Instant change = T0.plus(Duration.ofDays(1));
        final RouteSelector dated = Selectors.newSelector(new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("a", rate("44", 5_000, T0, change), rate("44", 3_000, change, null))
            .snapshot(), new RouteResultPool());

        assertThat(dated.simulate(CUSTOMER, "4420", T0, T0_MS).routes().get(0).ratePerMinuteMicros()).isEqualTo(5_000);
        assertThat(dated.simulate(CUSTOMER, "4420", change, T0_MS).routes().get(0).ratePerMinuteMicros()).isEqualTo(3_000);
    }

    @Test
    void shouldNotAdvanceTheWeightedRoundRobin()
    {
        final RouteSelector weighted = Selectors.newSelector(new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("a", rate("44", 1_000))
            .vendor("b", rate("44", 1_000))
            .snapshot(new RoutingSettings(CustomerRouting.DEFAULT,
                Map.of(CUSTOMER, new CustomerRouting(OrderingMode.WEIGHTED, 0, 0, 2, Map.of())),
                QualitySettings.DEFAULT)), new RouteResultPool());

        for (int i = 0; i < 3; i++)
        {
            assertThat(weighted.simulate(CUSTOMER, "4420", T0, T0_MS).vendorNames()).containsExactly("a", "b");
        }
        final char[] number = "4420".toCharArray();
        assertThat(weighted.route(weighted.snapshot().ids().customerId(CUSTOMER), number, number.length, T0_MS).vendors()).containsExactly("a", "b");
        assertThat(weighted.simulate(CUSTOMER, "4420", T0, T0_MS).vendorNames()).containsExactly("b", "a");
    }

    @Test
    void shouldRenderATableWithOneLinePerVendor()
    {
        selector.setVendorBlocked("blocked", true);
        selector.states().setDown(selector.snapshot().ids().vendorId("down"), true);

        final String table = selector.simulate(CUSTOMER, "44201", T0, T0_MS).toTable();

        assertThat(table.lines()).hasSize(4 + 7);
        assertThat(table).contains("outcome=ROUTED").contains("sell: prefix=44 rate/min=0.010000");
        assertThat(table.lines().filter(line -> line.startsWith("1 ")).findFirst().orElseThrow())
            .contains("cheap").contains("4420").contains("0.004000").contains("0.006000").contains("60.00");
        assertThat(table.lines().filter(line -> line.contains("down ")).findFirst().orElseThrow())
            .contains("excluded: down (OPTIONS)");
    }

    @Test
    void shouldFormatMicroUnitsExactly()
    {
        assertThat(RouteSimulation.money(1_234_567)).isEqualTo("1.234567");
        assertThat(RouteSimulation.money(5)).isEqualTo("0.000005");
        assertThat(RouteSimulation.money(-2_000)).isEqualTo("-0.002000");
        assertThat(RouteSimulation.money(Long.MIN_VALUE + 1)).isEqualTo("-9223372036854.775807");
    }

    private static Map<String, ExclusionReason> reasons(final RouteSimulation simulation)
    {
        final Map<String, ExclusionReason> reasons = new HashMap<>();
        for (final RouteSimulation.VendorRoute route : simulation.excluded())
        {
            reasons.put(route.vendor(), route.exclusion());
        }
        return reasons;
    }

    private static RouteSimulation.VendorRoute find(final List<RouteSimulation.VendorRoute> routes, final String vendor)
    {
        return routes.stream().filter(route -> route.vendor().equals(vendor)).findFirst().orElseThrow();
    }
}
