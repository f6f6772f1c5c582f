package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OrderingMode#QUALITY_ADJUSTED_COST} ranks by rate / ASR exactly, whatever the rates.
 */
class QualityAdjustedOrderingTest
{
    private static final String CUSTOMER = "cust";
    /** Thresholds off, so no vendor is demoted: only the ranking key is under test. */
    private static final QualitySettings QUALITY =
        new QualitySettings(4, 60_000, 15, 20, 0, 0, 0, Long.MAX_VALUE, QualityAction.DEMOTE, 500);

    private static RouteSelector selector(final Decks decks)
    {
        return Selectors.newSelector(decks.snapshot(new RoutingSettings(CustomerRouting.DEFAULT,
            Map.of(CUSTOMER, new CustomerRouting(OrderingMode.QUALITY_ADJUSTED_COST, CustomerRouting.NOT_SET,
                CustomerRouting.NOT_SET_BASIS_POINTS, 5, Map.of())), QUALITY)), new RouteResultPool());
    }

    private static List<String> vendors(final RouteSelector selector)
    {
        final char[] number = "44201".toCharArray();
        final RouteResult result = selector.route(selector.snapshot().ids().customerId(CUSTOMER), number,
            number.length, T0_MS);
        final List<String> vendors = List.copyOf(result.vendors());
        result.release();
        return vendors;
    }

    @Test
    void shouldPutTheCheaperVendorFirstWhenTheDearOnesRateTimesAThousandOverflowsALong()
    {
        // Long.MAX_VALUE / 2 * 1000 wraps negative in a long: it used to come first.
        final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("44", Long.MAX_VALUE))
            .vendor("dear", rate("44", Long.MAX_VALUE / 2))
            .vendor("cheap", rate("44", 1_000)));

        assertThat(vendors(selector)).containsExactly("cheap", "dear");
    }

    @Test
    void shouldRankByTheExactRatioWhereAnIntegerDivisionWouldTie()
    {
        // 1001 / 100.0 % = 1001 < 1000 / 99.9 % = 1001.001: floor division gives 1001 for both.
        final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("a", rate("44", 1_001))
            .vendor("b", rate("44", 1_000)));
        Selectors.record(selector, "a", 1_000, 1_000, T0_MS);
        Selectors.record(selector, "b", 1_000, 999, T0_MS);

        assertThat(vendors(selector)).containsExactly("a", "b");
    }

    @Test
    void shouldBreakAnExactTieByRateThenName()
    {
        // 3000 at 30 % and 1000 at 10 % cost the same per answered call; the lower rate goes first.
        final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("a", rate("44", 3_000))
            .vendor("b", rate("44", 1_000))
            .vendor("c", rate("44", 1_000)));
        Selectors.record(selector, "a", 20, 6, T0_MS);
        Selectors.record(selector, "b", 20, 2, T0_MS);
        Selectors.record(selector, "c", 20, 2, T0_MS);

        assertThat(vendors(selector)).containsExactly("b", "c", "a");
    }

    @Test
    void shouldRankAVendorWithoutAnAnswerAsIfItsAsrWereOnePerMille()
    {
        final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("44", Long.MAX_VALUE))
            .vendor("silent", rate("44", 1))
            .vendor("answers", rate("44", 1_001)));
        Selectors.record(selector, "silent", 20, 0, T0_MS);
        Selectors.record(selector, "answers", 20, 20, T0_MS);

        // silent: 1 / 0.1 % = 1000 per answered call; answers: 1001 / 100 % = 1001.
        assertThat(vendors(selector)).containsExactly("silent", "answers");
    }
}
