package io.softswitch.lcr;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.softswitch.lcr.Decks.T0;
import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static io.softswitch.lcr.Selectors.CUSTOMER;
import static io.softswitch.lcr.Selectors.SELL;
import static io.softswitch.lcr.Selectors.newSelector;
import static io.softswitch.lcr.Selectors.query;
import static io.softswitch.lcr.Selectors.routing;
import static io.softswitch.lcr.Selectors.settings;
import static io.softswitch.lcr.Selectors.vendors;
import static org.assertj.core.api.Assertions.assertThat;

class RouteSelectorTest
{
    private final RouteResultPool pool = new RouteResultPool();

    private RouteSelector selector(final RouteSnapshot snapshot)
    {
        return newSelector(snapshot, pool);
    }

    private static Decks overlapping()
    {
        return new Decks()
            .customer(CUSTOMER, rate("1", SELL))
            .vendor("v1", rate("1", 5_000))
            .vendor("v12", rate("1", 9_000), rate("12", 4_000))
            .vendor("v120", rate("12", 9_500), rate("120", 3_000))
            .vendor("v1201", rate("1", 9_900), rate("1201", 2_000));
    }

    @Nested
    class Prefixes
    {
        @Test
        void shouldMatchEachVendorsLongestPrefixWithOverlappingDecks()
        {
            final RouteSelector selector = selector(overlapping().snapshot(settings(routing(OrderingMode.LEAST_COST, 10))));

            // 1201...: v1201 at 1201 (2000), v120 at 120 (3000), v12 at 12 (4000), v1 at 1 (5000).
            assertThat(vendors(selector, "12015550100", T0_MS)).containsExactly("v1201", "v120", "v12", "v1");
            // 1209...: v120 at 120 (3000), v12 at 12 (4000), v1 at 1 (5000), v1201 only at 1 (9900).
            assertThat(vendors(selector, "12095550100", T0_MS)).containsExactly("v120", "v12", "v1", "v1201");
            // 13...: v1 (5000), v12 at 1 (9000), v1201 at 1 (9900); v120 has no prefix of 13.
            assertThat(vendors(selector, "13105550100", T0_MS)).containsExactly("v1", "v12", "v1201");
        }

        @Test
        void shouldCarryEachVendorsLongestPrefixAndRateAndTheLongestSellMatch()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("1", 20_000), rate("1212", 15_000))
                .vendor("v1", rate("1", 5_000))
                .vendor("v12", rate("1", 9_000), rate("12", 6_000))
                .vendor("v1212", rate("1", 9_900), rate("12", 9_800), rate("1212", 2_000))
                .snapshot(settings(routing(OrderingMode.LEAST_COST, 10))));

            final RouteResult result = query(selector, CUSTOMER, "12125550100", T0_MS);

            assertThat(result.vendors()).containsExactly("v1212", "v1", "v12");
            assertThat(result.vendorPrefixLength(0)).isEqualTo(4);
            assertThat(result.vendorRateMicrosPerMinute(0)).isEqualTo(2_000);
            assertThat(result.vendorPrefixLength(1)).isEqualTo(1);
            assertThat(result.vendorRateMicrosPerMinute(1)).isEqualTo(5_000);
            assertThat(result.vendorPrefixLength(2)).isEqualTo(2);
            assertThat(result.vendorRateMicrosPerMinute(2)).isEqualTo(6_000);
            assertThat(result.sellPrefixLength()).isEqualTo(4);
            assertThat(result.sellRateMicrosPerMinute()).isEqualTo(15_000);
            result.release();

            // A number the 1212 sell prefix does not cover falls back to the sell deck's 1.
            final RouteResult shorter = query(selector, CUSTOMER, "12135550100", T0_MS);
            assertThat(shorter.vendors()).containsExactly("v1", "v12", "v1212");
            assertThat(shorter.vendorPrefixLength(2)).isEqualTo(2);
            assertThat(shorter.vendorRateMicrosPerMinute(2)).isEqualTo(9_800);
            assertThat(shorter.sellPrefixLength()).isEqualTo(1);
            assertThat(shorter.sellRateMicrosPerMinute()).isEqualTo(20_000);
            shorter.release();
        }

        @Test
        void shouldCarryPrefixesAndRatesInWeightedMode()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("1212", 15_000))
                .vendor("v1", rate("1", 5_000))
                .vendor("v1212", rate("12", 9_800), rate("1212", 2_000))
                .snapshot(settings(routing(OrderingMode.WEIGHTED, 10))));

            final RouteResult result = query(selector, CUSTOMER, "12125550100", T0_MS);

            assertThat(result.vendorCount()).isEqualTo(2);
            for (int i = 0; i < 2; i++)
            {
                final boolean deep = result.vendor(i).equals("v1212");
                assertThat(result.vendorPrefixLength(i)).isEqualTo(deep ? 4 : 1);
                assertThat(result.vendorRateMicrosPerMinute(i)).isEqualTo(deep ? 2_000 : 5_000);
            }
            assertThat(result.sellPrefixLength()).isEqualTo(4);
            assertThat(result.sellRateMicrosPerMinute()).isEqualTo(15_000);
            result.release();
        }

        @Test
        void shouldAnswerNoRouteWhenNoVendorHasAPrefixOfTheNumber()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("4", SELL))
                .vendor("v1", rate("1", 5_000))
                .snapshot());

            assertThat(query(selector, CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
        }

        @Test
        void shouldAnswerNoRouteForNonDigitsOrEmptyNumber()
        {
            final RouteSelector selector = selector(overlapping().snapshot());

            assertThat(query(selector, CUSTOMER, "1201x", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
            assertThat(query(selector, CUSTOMER, "+1201", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
            assertThat(query(selector, CUSTOMER, "", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
        }

        @Test
        void shouldCutTheListToMaxAttempts()
        {
            final RouteSelector selector = selector(overlapping().snapshot(settings(routing(OrderingMode.LEAST_COST, 2))));

            assertThat(vendors(selector, "12015550100", T0_MS)).containsExactly("v1201", "v120");
        }

        @Test
        void shouldOrderEqualCostsByVendorName()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("44", SELL))
                .vendor("zeta", rate("44", 3_000))
                .vendor("alpha", rate("44", 3_000))
                .vendor("mid", rate("4", 3_000))
                .vendor("cheap", rate("4", 2_999))
                .snapshot(settings(routing(OrderingMode.LEAST_COST, 10))));

            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("cheap", "alpha", "mid", "zeta");
        }
    }

    @Nested
    class EffectiveDates
    {
        private final Instant change = T0.plus(Duration.ofDays(7));

        @Test
        void shouldSwitchToFutureDatedRateAtItsEffectiveTime()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("44", SELL))
                .vendor("a", rate("44", 3_000, T0, change), rate("44", 1_000, change, null))
                .vendor("b", rate("44", 2_000))
                .snapshot(settings(routing(OrderingMode.LEAST_COST, 10))));

            assertThat(vendors(selector, "4420", change.toEpochMilli() - 1)).containsExactly("b", "a");
            assertThat(vendors(selector, "4420", change.toEpochMilli())).containsExactly("a", "b");
        }

        @Test
        void shouldFallBackToShorterPrefixWhenLongerRateIsNotYetOrNoLongerInForce()
        {
            final Instant end = change.plus(Duration.ofDays(1));
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("4", SELL))
                .vendor("a", rate("4", 5_000), rate("4420", 1_000, change, end))
                .vendor("b", rate("44", 3_000))
                .snapshot(settings(routing(OrderingMode.LEAST_COST, 10))));

            assertThat(vendors(selector, "44201", change.toEpochMilli() - 1)).containsExactly("b", "a");
            assertThat(vendors(selector, "44201", change.toEpochMilli())).containsExactly("a", "b");
            assertThat(vendors(selector, "44201", end.toEpochMilli())).containsExactly("b", "a");
        }

        @Test
        void shouldNotRouteBeforeTheFirstRateOfTheOnlyVendorTakesEffect()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("44", SELL))
                .vendor("a", rate("44", 1_000, change, null))
                .snapshot());

            assertThat(query(selector, CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
            assertThat(vendors(selector, "4420", change.toEpochMilli())).containsExactly("a");
        }

        @Test
        void shouldApplyFutureDatedSellRateToMarginAtItsTime()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("44", 2_000, T0, change), rate("44", 4_000, change, null))
                .vendor("a", rate("44", 3_000))
                .snapshot());

            assertThat(query(selector, CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
            assertThat(vendors(selector, "4420", change.toEpochMilli())).containsExactly("a");
        }
    }

    @Nested
    class Margin
    {
        private RouteSelector withMinimum(final long minMicros, final int minBasisPoints, final long buy)
        {
            return selector(new Decks()
                .customer(CUSTOMER, rate("44", SELL))
                .vendor("a", rate("44", buy))
                .snapshot(settings(new CustomerRouting(OrderingMode.LEAST_COST, minMicros, minBasisPoints, 3, Map.of()))));
        }

        @Test
        void shouldAnswerNoSellRateWhenTheCustomerHasNoRateForTheNumber()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("33", SELL))
                .vendor("a", rate("44", 1))
                .snapshot());

            assertThat(query(selector, CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_SELL_RATE);
        }

        @Test
        void shouldAnswerNoSellRateForACustomerWithoutDeck()
        {
            final RouteSelector selector = selector(overlapping().snapshot());

            assertThat(query(selector, "stranger", "12015550100", T0_MS)).isSameAs(RouteResult.NO_SELL_RATE);
        }

        @Test
        void shouldLeaveOutVendorPricedAboveTheSellRateButKeepOneAtTheSellRate()
        {
            final RouteSelector selector = selector(new Decks()
                .customer(CUSTOMER, rate("44", SELL))
                .vendor("above", rate("44", SELL + 1))
                .vendor("equal", rate("44", SELL))
                .snapshot());

            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("equal");
        }

        @Test
        void shouldKeepVendorExactlyAtAbsoluteMinimumMargin()
        {
            assertThat(vendors(withMinimum(1_000, 0, SELL - 1_000), "4420", T0_MS)).containsExactly("a");
            assertThat(query(withMinimum(1_000, 0, SELL - 999), CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
        }

        @Test
        void shouldKeepVendorExactlyAtPercentMinimumMargin()
        {
            // 12.5 % of 10000 is 1250: a buy of 8750 is exactly at the minimum.
            assertThat(vendors(withMinimum(0, 1_250, 8_750), "4420", T0_MS)).containsExactly("a");
            assertThat(query(withMinimum(0, 1_250, 8_751), CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
        }

        @Test
        void shouldRequireBothMinimumsWhenBothAreSet()
        {
            assertThat(query(withMinimum(2_000, 1_000, 8_500), CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
            assertThat(query(withMinimum(1_000, 2_000, 8_500), CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
            assertThat(vendors(withMinimum(1_500, 1_500, 8_500), "4420", T0_MS)).containsExactly("a");
        }

    }

    @Nested
    class BlocksAndAvailability
    {
        private final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("4", SELL))
            .vendor("a", rate("44", 1_000))
            .vendor("b", rate("44", 2_000))
            .vendor("c", rate("4", 3_000))
            .snapshot(settings(routing(OrderingMode.LEAST_COST, 10))));

        @Test
        void shouldLeaveOutABlockedVendorUntilUnblocked()
        {
            selector.setVendorBlocked("a", true);
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("b", "c");

            selector.setVendorBlocked("a", false);
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("a", "b", "c");
        }

        @Test
        void shouldRouteNothingToABlockedPrefix()
        {
            selector.setPrefixBlocked("442", true);
            assertThat(query(selector, CUSTOMER, "4420", T0_MS)).isSameAs(RouteResult.NO_ROUTE);
            assertThat(vendors(selector, "4410", T0_MS)).containsExactly("a", "b", "c");

            selector.setPrefixBlocked("442", false);
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("a", "b", "c");
        }

        @Test
        void shouldLeaveOutAVendorOnlyForItsBlockedPrefix()
        {
            selector.setVendorPrefixBlocked("a", "4420", true);
            assertThat(vendors(selector, "44201", T0_MS)).containsExactly("b", "c");
            assertThat(vendors(selector, "44211", T0_MS)).containsExactly("a", "b", "c");

            selector.setVendorPrefixBlocked("a", "4420", false);
            assertThat(vendors(selector, "44201", T0_MS)).containsExactly("a", "b", "c");
        }

        @Test
        void shouldLeaveOutAVendorThatIsDownUntilItIsUp()
        {
            selector.states().setDown(selector.snapshot().ids().vendorId("b"), true);
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("a", "c");

            selector.states().setDown(selector.snapshot().ids().vendorId("b"), false);
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("a", "b", "c");
        }

        @Test
        void shouldLeaveOutAVendorAtCapacityUntilItIsFree()
        {
            selector.states().setAtCapacity(selector.snapshot().ids().vendorId("c"), true);
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("a", "b");

            selector.states().setAtCapacity(selector.snapshot().ids().vendorId("c"), false);
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("a", "b", "c");
        }

        @Test
        void shouldKeepTheStateOfAVendorThatHasNoDeckYetUntilItGetsOne()
        {
            final TrunkIds ids = TrunkIds.of(List.of("a", "d"), List.of(CUSTOMER));
            final RouteSelector selector = RouteSelectorTest.this.selector(new Decks()
                .customer(CUSTOMER, rate("4", SELL))
                .vendor("a", rate("44", 1_000))
                .snapshot(RoutingSettings.DEFAULT, ids));
            selector.states().setDown(ids.vendorId("d"), true);
            selector.setVendorBlocked("a", true);
            selector.swap(new Decks()
                .customer(CUSTOMER, rate("4", SELL))
                .vendor("d", rate("44", 500))
                .vendor("a", rate("44", 1_000))
                .snapshot(RoutingSettings.DEFAULT, ids));

            assertThat(vendors(selector, "4420", T0_MS)).isEmpty();
            selector.setVendorBlocked("a", false);
            assertThat(vendors(selector, "4420", T0_MS)).containsExactly("a");
        }
    }

    @Nested
    class Results
    {
        @Test
        void shouldReuseReleasedResultHoldersWithoutAllocating()
        {
            final RouteSelector selector = selector(overlapping().snapshot());
            final RouteResult first = query(selector, CUSTOMER, "12015550100", T0_MS);
            first.release();
            final long allocated = selector.resultsAllocated();

            for (int i = 0; i < 1_000; i++)
            {
                final RouteResult again = query(selector, CUSTOMER, "12015550100", T0_MS);
                assertThat(again).isSameAs(first);
                again.release();
            }
            assertThat(selector.resultsAllocated()).isEqualTo(allocated);
        }

        @Test
        void shouldHandOutDistinctHoldersWhileEarlierResultsAreHeld()
        {
            final RouteSelector selector = selector(overlapping().snapshot());
            final RouteResult first = query(selector, CUSTOMER, "12015550100", T0_MS);
            final RouteResult second = query(selector, CUSTOMER, "13105550100", T0_MS);

            assertThat(second).isNotSameAs(first);
            assertThat(first.vendors()).containsExactly("v1201", "v120", "v12");
            assertThat(second.vendors()).containsExactly("v1", "v12", "v1201");
        }
    }
}
