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

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackoffWaitStrategyTest
{
    /** Long enough for the default back-off to reach its longest park (about 2 ms of parks after the spins). */
    private static final long IDLE_SPELL_MS = 30;

    private LcrEngine engine;

    @AfterEach
    void close()
    {
        if (engine != null)
        {
            engine.close();
        }
    }

    @Test
    void shouldAnswerQueriesAfterEveryIdleSpellOfAnEngineThatBacksOff() throws Exception
    {
        engine = LcrEngine.start(new Decks()
            .customer("cust", rate("44", 10_000))
            .vendor("a", rate("44", 1_000))
            .snapshot(), () -> T0_MS, LcrEngine.DEFAULT_RING_SIZE, new BackoffWaitStrategy());
        final Thread engineThread = threadNamed(LcrEngine.THREAD_NAME);
        final int customerId = engine.trunkIds().customerId("cust");

        for (int spell = 0; spell < 3; spell++)
        {
            awaitParked(engineThread);
            Thread.sleep(IDLE_SPELL_MS);
            assertThat(RouteAnswers.firstVendor(engine, customerId, "44201")).isEqualTo("a");
        }
    }

    @Test
    void shouldReturnTheSequencePublishedWhileTheWaiterIsParked() throws Exception
    {
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 4, new BackoffWaitStrategy());
        final SequenceBarrier barrier = ring.newBarrier();
        final CompletableFuture<Long> available = new CompletableFuture<>();
        final Thread waiter = Thread.ofPlatform().name("backoff-waiter").start(() ->
        {
            try
            {
                available.complete(barrier.waitFor(1));
            }
            catch (final Exception ex)
            {
                available.completeExceptionally(ex);
            }
        });

        awaitParked(waiter);
        ring.publish(ring.next());
        assertThat(available).isNotDone();
        ring.publish(ring.next(2));

        assertThat(available.get(10, TimeUnit.SECONDS)).isEqualTo(2L);
        waiter.join();
    }

    @Test
    void shouldEndAParkedWaitWhenTheBarrierIsAlerted() throws Exception
    {
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 4, new BackoffWaitStrategy());
        final SequenceBarrier barrier = ring.newBarrier();
        final CompletableFuture<Long> available = new CompletableFuture<>();
        final Thread waiter = Thread.ofPlatform().name("backoff-waiter").start(() ->
        {
            try
            {
                available.complete(barrier.waitFor(0));
            }
            catch (final Exception ex)
            {
                available.completeExceptionally(ex);
            }
        });

        awaitParked(waiter);
        barrier.alert();

        assertThatThrownBy(() -> available.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AlertException.class);
        waiter.join();
    }

    @Test
    void shouldRefuseABackOffThatCannotPark()
    {
        assertThatThrownBy(() -> new BackoffWaitStrategy(-1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffWaitStrategy(0, -1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffWaitStrategy(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffWaitStrategy(0, 0, 10, 9))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxParkNs=9");
    }

    private static Thread threadNamed(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals(name) && thread.isAlive())
            .findFirst()
            .orElseThrow();
    }

    /** Waits until the thread is parked in a timed wait: it has spun and yielded through its back-off. */
    private static void awaitParked(final Thread thread) throws InterruptedException
    {
        while (thread.getState() != Thread.State.TIMED_WAITING)
        {
            Thread.sleep(1);
        }
    }
}
