package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static io.softswitch.lcr.Decks.T0;
import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;

class SingleThreadRouterTest
{
    private final SingleThreadRouter router = new SingleThreadRouter(new Decks()
        .customer("cust", rate("44", 10_000))
        .vendor("a", rate("44", 1_000))
        .vendor("b", rate("4", 2_000))
        .snapshot(), () -> T0_MS);

    @Test
    void shouldAnswerOnTheCallersThreadBeforeReturning()
    {
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicReference<RouteResult> answer = new AtomicReference<>();

        router.route("cust", new StringBuilder("44201"), result ->
        {
            thread.set(Thread.currentThread());
            answer.set(result);
        });

        assertThat(thread.get()).isSameAs(Thread.currentThread());
        assertThat(answer.get().vendors()).containsExactly("a", "b");
    }

    @Test
    void shouldApplySamplesBlocksAndSwapsAtOnce()
    {
        router.setVendorBlocked("a", true);
        assertThat(router.route("cust", "44201", T0_MS).vendors()).containsExactly("b");
        router.setVendorBlocked("a", false);
        for (int i = 0; i < QualitySettings.DEFAULT.minSamples(); i++)
        {
            router.onAttempt("b", "44201", 200, 500);
            router.onAttempt("a", "44201", 503, -1);
        }
        assertThat(router.route("cust", "44201", T0_MS).vendors()).containsExactly("b", "a");

        router.swap(new Decks().customer("cust", rate("44", 10_000)).vendor("c", rate("44", 1)).snapshot());

        assertThat(router.route("cust", "44201", T0_MS).vendors()).containsExactly("c");
        assertThat(router.simulate("cust", "44201", T0).vendorNames()).containsExactly("c");
    }

    @Test
    void shouldAnswerNoRouteForNumbersLongerThanTheEngineCarries()
    {
        assertThat(router.route("cust", "4".repeat(LcrEvent.MAX_NUMBER_LENGTH + 1), T0_MS)).isSameAs(RouteResult.NO_ROUTE);
    }
}
