package io.softswitch.lcr;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
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
    void shouldRefuseAWaitThatCannotSleep()
    {
        assumeTrue(SignalledWaitStrategy.isAvailable(), "no futex on this platform");
        assertThatThrownBy(() -> new SignalledWaitStrategy(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignalledWaitStrategy(0, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxSleepNs=0");
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

    private static void awaitSleeping(final SignalledWaitStrategy strategy) throws InterruptedException
    {
        while (!strategy.isSleeping())
        {
            Thread.sleep(1);
        }
    }
}
