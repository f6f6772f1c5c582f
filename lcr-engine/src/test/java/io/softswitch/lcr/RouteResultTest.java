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
        result.add(0, "v1");
        assertThat(result.vendors()).containsExactly("v1");

        result.release();

        assertThat(pool.take()).isSameAs(result);
        assertThat(pool.take()).isNull();
        assertThat(result.vendorCount()).isZero();
        assertThatThrownBy(result::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
    }
}
