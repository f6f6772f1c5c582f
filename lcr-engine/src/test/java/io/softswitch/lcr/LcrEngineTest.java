package io.softswitch.lcr;

import com.lmax.disruptor.SleepingWaitStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static io.softswitch.lcr.Decks.T0;
import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LcrEngineTest
{
    private static final String CUSTOMER = "cust";

    private final AtomicLong clockMs = new AtomicLong(T0_MS);
    private LcrEngine engine;

    @AfterEach
    void close()
    {
        if (engine != null)
        {
            engine.close();
        }
    }

    /** Every trunk the tests name, numbered once as a configuration would, so snapshots can be swapped. */
    private static final TrunkIds IDS = TrunkIds.of(List.of("a", "b", "a1", "a2", "b1", "b2"), List.of(CUSTOMER, "stranger"));

    private static RouteSnapshot snapshot(final String first, final String second)
    {
        return new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor(first, rate("44", 1_000))
            .vendor(second, rate("4", 2_000))
            .snapshot(RoutingSettings.DEFAULT, IDS);
    }

    private RouteResult routeAndWait(final String customer, final CharSequence number) throws Exception
    {
        final CompletableFuture<RouteResult> answer = new CompletableFuture<>();
        engine.route(customer, number, answer::complete);
        return answer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnswerOnTheEngineThread() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);
        final CompletableFuture<String> thread = new CompletableFuture<>();
        final CompletableFuture<List<String>> vendors = new CompletableFuture<>();

        engine.route(CUSTOMER, new StringBuilder("44201"), result ->
        {
            thread.complete(Thread.currentThread().getName());
            vendors.complete(List.copyOf(result.vendors()));
            result.release();
        });

        assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo(LcrEngine.THREAD_NAME);
        assertThat(vendors.get(10, TimeUnit.SECONDS)).containsExactly("a", "b");
    }

    @Test
    void shouldAnswerNoSellRateAndNoRouteThroughTheRing() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);

        assertThat(routeAndWait(CUSTOMER, "33201")).isSameAs(RouteResult.NO_SELL_RATE);
        assertThat(routeAndWait("stranger", "44201")).isSameAs(RouteResult.NO_SELL_RATE);
        assertThat(routeAndWait(CUSTOMER, "4".repeat(LcrEvent.MAX_NUMBER_LENGTH + 1))).isSameAs(RouteResult.NO_ROUTE);
    }

    @Test
    void shouldApplySamplesBlocksAndAvailabilityInRingOrder() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);
        for (int i = 0; i < QualitySettings.DEFAULT.minSamples(); i++)
        {
            assertThat(engine.onAttempt("a", "44201", 503, -1)).isTrue();
        }
        assertThat(routeAndWait(CUSTOMER, "44201").vendors()).containsExactly("b", "a");

        engine.setVendorBlocked("b", true);
        assertThat(routeAndWait(CUSTOMER, "44201").vendors()).containsExactly("a");
        engine.setVendorBlocked("b", false);
        engine.setVendorDown("a", true);
        assertThat(routeAndWait(CUSTOMER, "44201").vendors()).containsExactly("b");
        engine.setVendorAtCapacity("b", true);
        assertThat(routeAndWait(CUSTOMER, "44201")).isSameAs(RouteResult.NO_ROUTE);
        engine.setVendorDown("a", false);
        engine.setVendorAtCapacity("b", false);
        engine.setPrefixBlocked("4420", true);
        assertThat(routeAndWait(CUSTOMER, "44201")).isSameAs(RouteResult.NO_ROUTE);
        engine.setPrefixBlocked("4420", false);
        engine.setVendorPrefixBlocked("b", "442", true);
        assertThat(routeAndWait(CUSTOMER, "44201").vendors()).containsExactly("a");
    }

    @Test
    void shouldRecoverFromBadQualityOnceTheWindowHasSlidPastIt() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);
        for (int i = 0; i < QualitySettings.DEFAULT.minSamples(); i++)
        {
            engine.onAttempt("a", "44201", 503, -1);
            engine.onCallEnded("b", "44201", 60_000);
        }
        assertThat(routeAndWait(CUSTOMER, "44201").vendors()).containsExactly("b", "a");

        clockMs.addAndGet(QualitySettings.DEFAULT.bucketMs() * QualitySettings.DEFAULT.bucketCount());

        assertThat(routeAndWait(CUSTOMER, "44201").vendors()).containsExactly("a", "b");
    }

    @Test
    void shouldKeepRoutingAfterAListenerThrows() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);

        engine.route(CUSTOMER, "44201", result ->
        {
            throw new IllegalStateException("listener bug");
        });

        assertThat(routeAndWait(CUSTOMER, "44201").vendors()).containsExactly("a", "b");
        assertThat(engine.failedEvents()).isEqualTo(1);
    }

    @Test
    void shouldAnswerNoRouteWhenHandlingAQueryFails() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), () ->
        {
            throw new IllegalStateException("clock broken");
        });

        assertThat(routeAndWait(CUSTOMER, "44201")).isSameAs(RouteResult.NO_ROUTE);
        assertThat(engine.failedEvents()).isPositive();
    }

    @Test
    void shouldAnswerOverloadedOnTheCallersThreadWhenTheRingIsFull() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get, 4, new SleepingWaitStrategy());
        final CountDownLatch engineHeld = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        engine.route(CUSTOMER, "44201", result ->
        {
            engineHeld.countDown();
            awaitQuietly(letGo);
        });
        assertThat(engineHeld.await(10, TimeUnit.SECONDS)).isTrue();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicReference<RouteResult> overloaded = new AtomicReference<>();
        int published = 0;
        while (overloaded.get() == null && published < 100)
        {
            published++;
            engine.route(CUSTOMER, "44201", result ->
            {
                if (result.outcome() == RouteResult.Outcome.OVERLOADED)
                {
                    overloaded.set(result);
                }
                else
                {
                    answered.incrementAndGet();
                }
            });
        }
        assertThat(overloaded.get()).isSameAs(RouteResult.OVERLOADED);
        assertThat(engine.overloadedQueries()).isEqualTo(1);
        assertThat(engine.onAttempt("a", "44201", 200, -1)).isFalse();
        assertThat(engine.droppedSamples()).isEqualTo(1);

        letGo.countDown();

        // The engine drains the ring on its own time: retry (bounded) until there is room again.
        RouteResult.Outcome outcome = RouteResult.Outcome.OVERLOADED;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outcome == RouteResult.Outcome.OVERLOADED && System.nanoTime() - deadline < 0)
        {
            outcome = routeAndWait(CUSTOMER, "44201").outcome();
        }
        assertThat(outcome).isEqualTo(RouteResult.Outcome.ROUTED);
        assertThat(answered.get()).isEqualTo(published - 1);
    }

    @Test
    void shouldAnswerFromTheNewSnapshotAsSoonAsSwapReturns() throws Exception
    {
        engine = LcrEngine.start(snapshot("a1", "a2"), clockMs::get);
        final RouteSnapshot a = snapshot("a1", "a2");
        final RouteSnapshot b = snapshot("b1", "b2");

        for (int i = 0; i < 200; i++)
        {
            final boolean useB = i % 2 == 0;
            engine.swap(useB ? b : a);
            final RouteResult result = routeAndWait(CUSTOMER, "44201");
            assertThat(result.vendors()).containsExactly(useB ? "b1" : "a1", useB ? "b2" : "a2");
            result.release();
        }
        assertThat(engine.snapshot()).isSameAs(a);
    }

    @Test
    void shouldNeverGiveAFailedOrHalfSwappedAnswerWhileSnapshotsSwapUnderLoad() throws Exception
    {
        final RouteSnapshot a = snapshot("a1", "a2");
        final RouteSnapshot b = snapshot("b1", "b2");
        engine = LcrEngine.start(a, clockMs::get);
        final int producers = 3;
        final int queriesEach = 20_000;
        final CountDownLatch answers = new CountDownLatch(producers * queriesEach);
        final AtomicInteger bad = new AtomicInteger();
        final AtomicInteger fromA = new AtomicInteger();
        final AtomicInteger fromB = new AtomicInteger();
        final RouteListener check = result ->
        {
            final List<String> vendors = result.vendors();
            if (vendors.equals(List.of("a1", "a2")))
            {
                fromA.incrementAndGet();
            }
            else if (vendors.equals(List.of("b1", "b2")))
            {
                fromB.incrementAndGet();
            }
            else
            {
                bad.incrementAndGet();
            }
            result.release();
            answers.countDown();
        };
        final Thread[] threads = new Thread[producers + 1];
        for (int p = 0; p < producers; p++)
        {
            threads[p] = new Thread(() ->
            {
                final StringBuilder number = new StringBuilder();
                for (int i = 0; i < queriesEach; i++)
                {
                    number.setLength(0);
                    number.append("4420").append(i % 1000);
                    engine.route(CUSTOMER, number, check);
                }
            }, "producer-" + p);
        }
        final AtomicInteger swaps = new AtomicInteger();
        threads[producers] = new Thread(() ->
        {
            while (answers.getCount() > 0 && swaps.get() < 100_000)
            {
                engine.swap(swaps.incrementAndGet() % 2 == 0 ? a : b);
                LockSupport.parkNanos(20_000);
            }
        }, "swapper");
        for (final Thread thread : threads)
        {
            thread.start();
        }

        assertThat(answers.await(50, TimeUnit.SECONDS)).isTrue();
        for (final Thread thread : threads)
        {
            thread.join(10_000);
        }

        assertThat(engine.overloadedQueries()).isZero();
        assertThat(bad.get()).isZero();
        assertThat(fromA.get() + fromB.get()).isEqualTo(producers * queriesEach);
        assertThat(fromA.get()).isPositive();
        assertThat(fromB.get()).isPositive();
        assertThat(swaps.get()).isGreaterThan(1);
        assertThat(engine.failedEvents()).isZero();
    }

    @Test
    void shouldSimulateAgainstTheLiveState() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);
        engine.setVendorBlocked("a", true);

        final RouteSimulation simulation = engine.simulate(CUSTOMER, "44201", T0).get(10, TimeUnit.SECONDS);

        assertThat(simulation.vendorNames()).containsExactly("b");
        assertThat(simulation.excluded()).extracting(RouteSimulation.VendorRoute::vendor, RouteSimulation.VendorRoute::exclusion)
            .containsExactly(tuple("a", ExclusionReason.VENDOR_BLOCKED), tuple("a1", ExclusionReason.NO_RATE),
                tuple("a2", ExclusionReason.NO_RATE), tuple("b1", ExclusionReason.NO_RATE),
                tuple("b2", ExclusionReason.NO_RATE));
    }

    @Test
    void shouldRefuseToSimulateAnUnknownCustomerOrAVendorGivenAsOne()
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);

        assertThatThrownBy(() -> engine.simulate("nobody", "44201", T0))
            .isInstanceOfSatisfying(UnknownCustomerException.class, ex -> assertThat(ex.isVendor()).isFalse())
            .hasMessage("no customer trunk named 'nobody'");
        assertThatThrownBy(() -> engine.simulate("a", "44201", T0))
            .isInstanceOfSatisfying(UnknownCustomerException.class, ex -> assertThat(ex.isVendor()).isTrue())
            .hasMessage("'a' is a vendor trunk, not a customer trunk");
    }

    @Test
    void shouldReuseReleasedResultsSoSteadyStateAllocatesNoHolders() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);
        routeAndWait(CUSTOMER, "44201").release();
        final long allocated = engine.resultsAllocated();

        for (int i = 0; i < 1_000; i++)
        {
            routeAndWait(CUSTOMER, "44201").release();
        }

        assertThat(engine.resultsAllocated()).isEqualTo(allocated);
    }

    @Test
    void shouldStopItsThreadOnClose() throws Exception
    {
        engine = LcrEngine.start(snapshot("a", "b"), clockMs::get);
        routeAndWait(CUSTOMER, "44201");

        engine.close();
        engine = null;

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engineThreadAlive() && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(10);
        }
        assertThat(engineThreadAlive()).isFalse();
    }

    @Test
    void shouldRouteWithCustomerSettingsFromTheSnapshot() throws Exception
    {
        final RouteSnapshot snapshot = new Decks()
            .customer(CUSTOMER, rate("44", 10_000))
            .vendor("a", rate("44", 1_000))
            .vendor("b", rate("44", 2_000))
            .snapshot(new RoutingSettings(CustomerRouting.DEFAULT,
                Map.of(CUSTOMER, new CustomerRouting(OrderingMode.PRIORITY, 0, 0, 1, Map.of("b", new VendorPreference(1, 1)))),
                QualitySettings.DEFAULT));
        engine = LcrEngine.start(snapshot, clockMs::get);

        assertThat(routeAndWait(CUSTOMER, "44201").vendors()).containsExactly("b");
    }

    private static boolean engineThreadAlive()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals(LcrEngine.THREAD_NAME) && thread.isAlive());
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
