package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteResultTest
{
    @Test
    void shouldKeepVendorsInOrderForConstantRoutedResult()
    {
        final RouteResult result = RouteResult.routed(List.of("b", "a"));

        assertThat(result.outcome()).isEqualTo(RouteResult.Outcome.ROUTED);
        assertThat(result.vendors()).containsExactly("b", "a");
        assertThat(result.vendorCount()).isEqualTo(2);
        assertThat(result.vendor(1)).isEqualTo("a");
        assertThat(result).isEqualTo(RouteResult.routed(List.of("b", "a"))).isNotEqualTo(RouteResult.routed(List.of("a", "b")));
    }

    @Test
    void shouldRefuseRoutedResultWithoutVendors()
    {
        assertThatThrownBy(() -> RouteResult.routed(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHaveNoVendorsInOutcomeConstants()
    {
        assertThat(RouteResult.NO_ROUTE.vendors()).isEmpty();
        assertThat(RouteResult.NO_SELL_RATE.outcome()).isEqualTo(RouteResult.Outcome.NO_SELL_RATE);
        assertThat(RouteResult.OVERLOADED.outcome()).isEqualTo(RouteResult.Outcome.OVERLOADED);
        RouteResult.NO_ROUTE.release();
        assertThat(RouteResult.NO_ROUTE.outcome()).isEqualTo(RouteResult.Outcome.NO_ROUTE);
    }

    @Test
    void shouldReturnPooledResultToItsPoolOnceOnRelease()
    {
        final RouteResultPool pool = new RouteResultPool();
        final RouteResult result = RouteResult.pooled(pool);
        result.acquire();
        result.add(0, "v1", 1, 10);
        assertThat(result.vendors()).containsExactly("v1");

        result.release();

        assertThat(pool.take()).isSameAs(result);
        assertThat(pool.take()).isNull();
        assertThat(result.vendorCount()).isZero();
        assertThatThrownBy(result::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
    }

    @Test
    void shouldStartEachPooledUseWithoutThePreviousSellMatch()
    {
        final RouteResultPool pool = new RouteResultPool();
        final RouteResult result = RouteResult.pooled(pool);
        result.acquire();
        result.sell(4, 15_000);
        result.add(0, "v1", 2, 6_000);
        assertThat(result.vendorPrefixLength(0)).isEqualTo(2);
        assertThat(result.vendorRateMicrosPerMinute(0)).isEqualTo(6_000);
        result.release();

        pool.take().acquire();

        assertThat(result.sellPrefixLength()).isZero();
        assertThat(result.sellRateMicrosPerMinute()).isZero();
    }

    @Test
    void shouldCarryDeckMatchesInAConstantResultAndRefuseMismatchedArrays()
    {
        final TrunkIds ids = TrunkIds.of(List.of("a", "b"), List.of("c"));
        final RouteResult result = RouteResult.routed(ids, List.of("b", "a"), new int[] {3, 1}, new long[] {100, 200}, 2, 900);

        assertThat(result.vendorPrefixLength(0)).isEqualTo(3);
        assertThat(result.vendorRateMicrosPerMinute(1)).isEqualTo(200);
        assertThat(result.sellPrefixLength()).isEqualTo(2);
        assertThat(result.sellRateMicrosPerMinute()).isEqualTo(900);
        assertThat(RouteResult.routed(ids, List.of("a")).vendorPrefixLength(0)).isZero();
        assertThatThrownBy(() -> RouteResult.routed(ids, List.of("a"), new int[] {1, 2}, new long[] {1}, 1, 1))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
