package io.softswitch.lcr;

import com.lmax.disruptor.SleepingWaitStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine as the call path uses it: by id, a full ring refused with {@code false}, and vendor
 * availability read as state rather than sent as events.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LcrEngineCallPathTest
{
    private static final String CUSTOMER = "cust";
    /** Numbered as a configuration lists them, not by name: "b" is id 0. */
    private static final TrunkIds IDS = TrunkIds.of(List.of("b", "a", "c"), List.of("other", CUSTOMER));

    private LcrEngine engine;
    private CountDownLatch letGoOnFailure;

    @AfterEach
    void close()
    {
        if (letGoOnFailure != null)
        {
            letGoOnFailure.countDown();
        }
        if (engine != null)
        {
            engine.close();
        }
    }

    private static RouteSnapshot snapshot()
    {
        return new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("a", rate("44", 1_000))
            .vendor("b", rate("4", 2_000))
            .snapshot(RoutingSettings.DEFAULT, IDS);
    }

    private RouteResult routeAndWait(final int customerId) throws Exception
    {
        final CompletableFuture<RouteResult> answer = new CompletableFuture<>();
        assertThat(engine.tryRoute(customerId, "44201", answer::complete)).isTrue();
        return answer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnswerWithTheConfiguredVendorIdsBesideTheNames() throws Exception
    {
        engine = LcrEngine.start(snapshot(), () -> T0_MS);

        final RouteResult result = routeAndWait(IDS.customerId(CUSTOMER));

        assertThat(result.vendors()).containsExactly("a", "b");
        assertThat(result.vendorId(0)).isEqualTo(1);
        assertThat(result.vendorId(1)).isEqualTo(0);
        result.release();
        assertThat(engine.trunkIds()).isSameAs(IDS);
    }

    @Test
    void shouldAnswerNoSellRateForACustomerIdWithoutADeckOrOutOfRange() throws Exception
    {
        engine = LcrEngine.start(snapshot(), () -> T0_MS);

        assertThat(routeAndWait(IDS.customerId("other"))).isSameAs(RouteResult.NO_SELL_RATE);
        assertThat(routeAndWait(-1)).isSameAs(RouteResult.NO_SELL_RATE);
        assertThat(routeAndWait(99)).isSameAs(RouteResult.NO_SELL_RATE);
    }

    @Test
    void shouldRefuseAndCountAQueryWhenTheRingIsFullWithoutCallingTheListenerOrWaiting() throws Exception
    {
        engine = LcrEngine.start(snapshot(), () -> T0_MS, 4, new SleepingWaitStrategy());
        final int customer = IDS.customerId(CUSTOMER);
        final CountDownLatch engineHeld = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        assertThat(engine.tryRoute(customer, "44201", result ->
        {
            engineHeld.countDown();
            awaitQuietly(letGo);
            result.release();
        })).isTrue();
        assertThat(engineHeld.await(10, TimeUnit.SECONDS)).isTrue();

        // The engine thread is held inside a listener: the four slots fill, the fifth is refused
        // on this thread at once (this test would hang if publication waited for room).
        final AtomicInteger told = new AtomicInteger();
        final RouteListener counting = result ->
        {
            told.incrementAndGet();
            result.release();
        };
        int accepted = 0;
        boolean refused = false;
        while (!refused && accepted < 100)
        {
            if (engine.tryRoute(customer, "44201", counting))
            {
                accepted++;
            }
            else
            {
                refused = true;
            }
        }
        letGoOnFailure = letGo;
        assertThat(refused).isTrue();
        // Four slots: the held query's, then three more.
        assertThat(accepted).isEqualTo(3);
        assertThat(engine.overloadedQueries()).isEqualTo(1);
        assertThat(engine.onAttempt(IDS.vendorId("a"), "44201", 200, -1)).isFalse();
        assertThat(engine.onCallEnded(IDS.vendorId("a"), "44201", 1_000)).isFalse();
        assertThat(engine.droppedSamples()).isEqualTo(2);

        letGo.countDown();

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (told.get() < accepted && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(1);
        }
        assertThat(told.get()).isEqualTo(accepted);
        final RouteResult after = routeAndWait(customer);
        assertThat(after.outcome()).isEqualTo(RouteResult.Outcome.ROUTED);
        after.release();
        assertThat(engine.overloadedQueries()).isEqualTo(1);
    }

    @Test
    void shouldReadAvailabilityAsStateEvenWhileTheRingIsFull() throws Exception
    {
        engine = LcrEngine.start(snapshot(), () -> T0_MS, 4, new SleepingWaitStrategy());
        final int customer = IDS.customerId(CUSTOMER);
        final CountDownLatch engineHeld = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        engine.tryRoute(customer, "44201", result ->
        {
            engineHeld.countDown();
            awaitQuietly(letGo);
            result.release();
        });
        assertThat(engineHeld.await(10, TimeUnit.SECONDS)).isTrue();
        final CompletableFuture<List<String>> queued = new CompletableFuture<>();
        assertThat(engine.tryRoute(customer, "44201", result ->
        {
            queued.complete(List.copyOf(result.vendors()));
            result.release();
        })).isTrue();
        letGoOnFailure = letGo;
        int filled = 0;
        while (engine.tryRoute(customer, "44201", RouteResult::release))
        {
            filled++;
        }
        assertThat(filled).isEqualTo(2);

        // Reported while the engine is stuck and its ring full: returns at once, no event needed.
        engine.vendorStates().setDown(IDS.vendorId("a"), true);
        engine.vendorStates().setAtCapacity(IDS.vendorId("b"), true);
        letGo.countDown();

        // The query queued before the report is answered after it: the state is read when answered.
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEmpty();
        engine.vendorStates().setAtCapacity(IDS.vendorId("b"), false);
        final RouteResult onlyB = awaitRoute(customer);
        assertThat(onlyB.vendors()).containsExactly("b");
        onlyB.release();
        engine.vendorStates().setDown(IDS.vendorId("a"), false);
        final RouteResult both = awaitRoute(customer);
        assertThat(both.vendors()).containsExactly("a", "b");
        both.release();
    }

    @Test
    void shouldKeepTheDeprecatedNameMethodsWorkingThroughTheState() throws Exception
    {
        engine = LcrEngine.start(snapshot(), () -> T0_MS);

        engine.setVendorDown("a", true);
        assertThat(engine.vendorStates().isDown(IDS.vendorId("a"))).isTrue();
        engine.setVendorAtCapacity("b", true);
        assertThat(engine.vendorStates().isAtCapacity(IDS.vendorId("b"))).isTrue();
        engine.setVendorDown("nobody", true);

        final CompletableFuture<RouteResult> answer = new CompletableFuture<>();
        engine.route(CUSTOMER, "44201", answer::complete);
        assertThat(answer.get(10, TimeUnit.SECONDS)).isSameAs(RouteResult.NO_ROUTE);
    }

    @Test
    void shouldNeverRenumberATrunkWhenASnapshotNumbersItsTrunksOtherwise() throws Exception
    {
        engine = LcrEngine.start(snapshot(), () -> T0_MS);
        final RouteSnapshot renumbered = new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("a", rate("44", 1_000))
            .vendor("new", rate("44", 2_000))
            .snapshot(RoutingSettings.DEFAULT, TrunkIds.of(List.of("new", "a"), List.of(CUSTOMER)));

        engine.swap(renumbered);

        assertThat(engine.trunkIds().vendors()).containsExactly("b", "a", "c", "new");
        assertThat(engine.trunkIds().customers()).containsExactly("other", CUSTOMER);
        final RouteResult result = routeAndWait(IDS.customerId(CUSTOMER));
        assertThat(result.vendors()).containsExactly("a", "new");
        assertThat(result.vendorId(0)).isEqualTo(IDS.vendorId("a"));
        assertThat(result.vendorId(1)).isEqualTo(3);
        result.release();
        assertThatThrownBy(() -> engine.swap(new Decks().vendor("A", rate("44", 1)).snapshot()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ only in case");
    }

    @Test
    void shouldTakeASnapshotWhoseIdsExtendTheEnginesAndRouteTheNewVendor() throws Exception
    {
        engine = LcrEngine.start(snapshot(), () -> T0_MS);
        final TrunkIds extended = IDS.extend(List.of("a", "b", "c", "d"), List.of(CUSTOMER));
        engine.swap(new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("d", rate("44", 500))
            .snapshot(RoutingSettings.DEFAULT, extended));

        final RouteResult result = routeAndWait(extended.customerId(CUSTOMER));

        assertThat(result.vendors()).containsExactly("d");
        assertThat(result.vendorId(0)).isEqualTo(3);
        result.release();
    }

    private RouteResult awaitRoute(final int customer) throws Exception
    {
        return routeAndWait(customer);
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(20, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
