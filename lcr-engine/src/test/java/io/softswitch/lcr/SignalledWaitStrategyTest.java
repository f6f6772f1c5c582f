package io.softswitch.lcr;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalledWaitStrategyTest
{
    /** Far longer than any test waits: a waiter that returns was woken, not timed out. */
    private static final long LONG_SLEEP_NS = TimeUnit.SECONDS.toNanos(600);
    private static final long WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(3);
    /** A clock that stands still: every window has all of its length left. */
    private static final long NOW_NS = 1_000_000_000L;

    private LcrEngine engine;
    private Thread waiter;

    @AfterEach
    void close() throws InterruptedException
    {
        if (engine != null)
        {
            engine.close();
        }
        if (waiter != null)
        {
            waiter.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void shouldBeAvailableOnTheLinuxPlatformsTheBuildRunsOn()
    {
        final String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("aarch64")),
            "not Linux on x86-64 or aarch64");
        // The tests run with native access, as the switch does: no silent fall-back to the back-off.
        assertThat(SignalledWaitStrategy.isAvailable()).isTrue();
    }

    @Test
    void shouldWaitSignalledByDefaultWhereAvailable()
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        engine = LcrEngine.start(new Decks().customer("cust", rate("44", 10_000)).snapshot(), () -> T0_MS);

        assertThat(engine.wakesOnQueries()).isTrue();
    }

    @Test
    void shouldAnswerQueriesAfterEveryIdleSpellWithTheDefaultEngine() throws Exception
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        engine = LcrEngine.start(new Decks()
            .customer("cust", rate("44", 10_000))
            .vendor("a", rate("44", 1_000))
            .snapshot(), () -> T0_MS);
        final int customerId = engine.trunkIds().customerId("cust");

        for (int spell = 0; spell < 3; spell++)
        {
            Thread.sleep(30);
            assertThat(RouteAnswers.firstVendor(engine, customerId, "44201")).isEqualTo("a");
        }
    }

    @Test
    void shouldReturnTheSequencePublishedWhenWokenFromSleep() throws Exception
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        final SignalledWaitStrategy strategy = new SignalledWaitStrategy(10, LONG_SLEEP_NS);
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 4, strategy);
        final CompletableFuture<Long> available = waitFor(ring.newBarrier(), 1);

        awaitSleeping(strategy);
        ring.publish(ring.next());
        strategy.wake();
        awaitSleeping(strategy);
        assertThat(available).isNotDone();
        ring.publish(ring.next());
        strategy.wake();

        assertThat(available.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
    }

    @Test
    void shouldLeaveAnEventPublishedWithoutWakeForTheNextWake() throws Exception
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        final SignalledWaitStrategy strategy = new SignalledWaitStrategy(10, LONG_SLEEP_NS);
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 4, strategy);
        final CompletableFuture<Long> available = waitFor(ring.newBarrier(), 0);

        awaitSleeping(strategy);
        ring.publish(ring.next());
        Thread.sleep(200);
        assertThat(available).isNotDone();
        assertThat(strategy.isSleeping()).isTrue();

        strategy.wake();
        assertThat(available.get(10, TimeUnit.SECONDS)).isEqualTo(0L);
    }

    @Test
    void shouldReturnAfterTheLongestSleepWithoutAWake() throws Exception
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        final SignalledWaitStrategy strategy = new SignalledWaitStrategy(0, TimeUnit.MILLISECONDS.toNanos(20));
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 4, strategy);
        final CompletableFuture<Long> available = waitFor(ring.newBarrier(), 0);

        awaitSleeping(strategy);
        ring.publish(ring.next());

        assertThat(available.get(10, TimeUnit.SECONDS)).isEqualTo(0L);
    }

    @Test
    void shouldEndASleepWhenTheBarrierIsAlerted() throws Exception
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        final SignalledWaitStrategy strategy = new SignalledWaitStrategy(10, LONG_SLEEP_NS);
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 4, strategy);
        final SequenceBarrier barrier = ring.newBarrier();
        final CompletableFuture<Long> available = waitFor(barrier, 0);

        awaitSleeping(strategy);
        barrier.alert();

        assertThatThrownBy(() -> available.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AlertException.class);
    }

    @Test
    void shouldSleepOutItsWindowUnannouncedAndTakeWhatWasPublishedMeanwhileWithoutAWake() throws Exception
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        final List<Long> sleeps = new ArrayList<>();
        final RingBuffer<long[]>[] ring = ringHolder();
        final SignalledWaitStrategy[] strategy = new SignalledWaitStrategy[1];
        strategy[0] = new SignalledWaitStrategy(0, LONG_SLEEP_NS, WINDOW_NS, () -> NOW_NS, ns ->
        {
            sleeps.add(ns);
            // Publishers see no sleeper: their wake is a fence and a read, never a system call.
            assertThat(strategy[0].isSleeping()).isFalse();
            ring[0].publish(ring[0].next());
        });
        ring[0] = RingBuffer.createMultiProducer(() -> new long[1], 4, strategy[0]);
        final SequenceBarrier barrier = ring[0].newBarrier();
        ring[0].publish(ring[0].next());
        assertThat(barrier.waitFor(0)).isEqualTo(0L);
        assertThat(sleeps).isEmpty();

        // Without a wake, the futex sleep would last ten minutes: the window took the event.
        assertThat(barrier.waitFor(1)).isEqualTo(1L);
        assertThat(sleeps).containsExactly(WINDOW_NS);
    }

    @Test
    void shouldSkipTheWindowOfTheWakeUpsAfterAWindowThatFoundNothingTwiceAsManyAfterEachMiss() throws Exception
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        final List<Long> sleeps = new CopyOnWriteArrayList<>();
        final SignalledWaitStrategy strategy = new SignalledWaitStrategy(0, LONG_SLEEP_NS, WINDOW_NS, () -> NOW_NS,
            sleeps::add);
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 8, strategy);
        final SequenceBarrier barrier = ring.newBarrier();

        ring.publish(ring.next());
        assertThat(barrier.waitFor(0)).isEqualTo(0L);

        // The first window finds nothing: sleep until woken; the next wake-up skips its window.
        wakeAfterSleep(strategy, ring, waitFor(barrier, 1));
        assertThat(sleeps).containsExactly(WINDOW_NS);
        wakeAfterSleep(strategy, ring, waitFor(barrier, 2));
        assertThat(sleeps).hasSize(1);
        // The second finds nothing either: the next two skip theirs.
        wakeAfterSleep(strategy, ring, waitFor(barrier, 3));
        assertThat(sleeps).hasSize(2);
        wakeAfterSleep(strategy, ring, waitFor(barrier, 4));
        wakeAfterSleep(strategy, ring, waitFor(barrier, 5));
        assertThat(sleeps).hasSize(2);
        wakeAfterSleep(strategy, ring, waitFor(barrier, 6));
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void shouldNotSleepAWindowWhileEventsAreWaiting() throws Exception
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        final List<Long> sleeps = new ArrayList<>();
        final SignalledWaitStrategy strategy = new SignalledWaitStrategy(0, LONG_SLEEP_NS, WINDOW_NS, () -> NOW_NS,
            sleeps::add);
        final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 4, strategy);
        ring.publish(ring.next());
        ring.publish(ring.next());

        assertThat(ring.newBarrier().waitFor(0)).isEqualTo(1L);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldRefuseAWaitThatCannotSleep()
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        assertThatThrownBy(() -> new SignalledWaitStrategy(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignalledWaitStrategy(0, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxSleepNs=0");
        assertThatThrownBy(() -> new SignalledWaitStrategy(0, 1, -1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("windowNs=-1");
    }

    private CompletableFuture<Long> waitFor(final SequenceBarrier barrier, final long sequence)
    {
        final CompletableFuture<Long> available = new CompletableFuture<>();
        waiter = Thread.ofPlatform().name("signalled-waiter").daemon().start(() ->
        {
            try
            {
                available.complete(barrier.waitFor(sequence));
            }
            catch (final Exception ex)
            {
                available.completeExceptionally(ex);
            }
        });
        return available;
    }

    private void wakeAfterSleep(final SignalledWaitStrategy strategy, final RingBuffer<long[]> ring,
        final CompletableFuture<Long> available) throws Exception
    {
        awaitSleeping(strategy);
        final long published = ring.next();
        ring.publish(published);
        strategy.wake();
        assertThat(available.get(10, TimeUnit.SECONDS)).isEqualTo(published);
        waiter.join(TimeUnit.SECONDS.toMillis(10));
    }

    @SuppressWarnings("unchecked")
    private static RingBuffer<long[]>[] ringHolder()
    {
        return new RingBuffer[1];
    }

    private static void awaitSleeping(final SignalledWaitStrategy strategy) throws InterruptedException
    {
        while (!strategy.isSleeping())
        {
            Thread.sleep(1);
        }
    }
}
