package io.softswitch.lcr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The margin rule of {@link CustomerRouting} at its boundaries: every combination of the absolute
 * and the share minimum (unset, positive, zero, negative), each with the dearest buy rate it
 * keeps and that rate plus one micro-unit, which it refuses.
 */
class MarginRuleTest
{
    private static final long SELL = 10_000;

    private static CustomerRouting routing(final String absolute, final String basisPoints)
    {
        return new CustomerRouting(OrderingMode.LEAST_COST,
            "-".equals(absolute) ? CustomerRouting.NOT_SET : Long.parseLong(absolute),
            "-".equals(basisPoints) ? CustomerRouting.NOT_SET_BASIS_POINTS : Integer.parseInt(basisPoints), 3, Map.of());
    }

    @ParameterizedTest(name = "min-margin={0} basis-points={1}: buy {2} kept, one micro more refused")
    @CsvSource({
        // neither set: never a loss
        "-, -, 10000",
        // absolute alone: positive, zero, negative (a known loss)
        "1000, -, 9000",
        "0, -, 10000",
        "-2000, -, 12000",
        "-1, -, 10001",
        // share alone: positive, zero, negative
        "-, 1250, 8750",
        "-, 0, 10000",
        "-, -500, 10500",
        // both: the stricter one binds
        "1000, 1250, 8750",
        "2000, 1250, 8000",
        "0, 0, 10000",
        "-2000, 0, 10000",
        "0, -500, 10000",
        "-2000, -500, 10500",
        "-300, -500, 10300",
    })
    void shouldKeepTheDearestBuyAtTheMinimumAndRefuseOneMicroUnitMore(final String absolute, final String basisPoints,
        final long dearestKept)
    {
        final CustomerRouting routing = routing(absolute, basisPoints);

        assertThat(routing.marginKept(SELL, dearestKept)).isTrue();
        assertThat(routing.marginKept(SELL, dearestKept + 1)).isFalse();
    }

    @Test
    void shouldRouteAKnownLossWhenOnlyANegativeAbsoluteMinimumIsSet()
    {
        // Issue 7: sell 44 at 0.010000, a vendor at 0.010100, min-margin "-0.002": routed.
        final RouteSnapshot snapshot = new Decks()
            .customer("cust", rate("44", 10_000))
            .vendor("v", rate("44", 10_100))
            .snapshot(new RoutingSettings(CustomerRouting.DEFAULT,
                Map.of("cust", routing("-2000", "-")), QualitySettings.DEFAULT));
        final SingleThreadRouter router = new SingleThreadRouter(snapshot, () -> T0_MS);

        assertThat(router.route("cust", "4420", T0_MS).vendors()).isEqualTo(List.of("v"));
    }

    @Test
    void shouldCompareTheShareExactlyWhereADivisionWouldRound()
    {
        // 33.33 % of a sell rate of 3 micro-units is 0.9999: a margin of 1 keeps it, 0 does not.
        final CustomerRouting third = routing("-", "3333");

        assertThat(third.marginKept(3, 2)).isTrue();
        assertThat(third.marginKept(3, 3)).isFalse();
    }

    @Test
    void shouldCompareTheShareExactlyForRatesWhoseProductsOverflowALong()
    {
        final CustomerRouting tenPercent = routing("-", "1000");
        final long sell = Long.MAX_VALUE / 20 * 10;
        final long buyAtMinimum = sell - sell / 10;

        assertThat(tenPercent.marginKept(sell, buyAtMinimum)).isTrue();
        assertThat(tenPercent.marginKept(sell, buyAtMinimum + 1)).isFalse();
        final CustomerRouting lossOfTenPercent = routing("-", "-1000");
        assertThat(lossOfTenPercent.marginKept(sell, sell + sell / 10)).isTrue();
        assertThat(lossOfTenPercent.marginKept(sell, sell + sell / 10 + 1)).isFalse();
    }

    @Test
    void shouldApplyTheAbsoluteZeroOnlyWhenNeitherMinimumIsSet()
    {
        assertThat(routing("-", "-").absoluteMinimumMicros()).isZero();
        assertThat(routing("-", "100").absoluteMinimumMicros()).isEqualTo(CustomerRouting.NOT_SET);
        assertThat(routing("-5", "100").absoluteMinimumMicros()).isEqualTo(-5);
    }

    @Test
    void shouldRefuseAShareOutsideMinusToPlusOneHundredPercent()
    {
        assertThatThrownBy(() -> routing("-", "10001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> routing("-", "-10001")).isInstanceOf(IllegalArgumentException.class);
    }
}
