package io.softswitch.signaling.transport;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoalescingSelectStrategyTest
{
    private static final long WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(3);

    private long nowNs = 1_000_000_000L;
    private int ready;
    private int pendingTasks;
    private final List<Long> sleeps = new ArrayList<>();
    private final CoalescingSelectStrategy strategy = new CoalescingSelectStrategy(WINDOW_NS, () -> pendingTasks,
        () -> nowNs, ns ->
        {
            sleeps.add(ns);
            nowNs += ns;
        });

    @Test
    void shouldSleepOutTheRestOfTheWindowThenPollOnceAfterAWakeUp() throws Exception
    {
        ready = 3;
        assertThat(next()).isEqualTo(3);
        assertThat(sleeps).containsExactly(WINDOW_NS);

        nowNs += TimeUnit.MICROSECONDS.toNanos(400);
        assertThat(next()).isEqualTo(3);
        assertThat(sleeps).containsExactly(WINDOW_NS, WINDOW_NS - TimeUnit.MICROSECONDS.toNanos(400));
    }

    @Test
    void shouldPollAtOnceWhileTasksAreQueued() throws Exception
    {
        ready = 2;
        assertThat(strategy.calculateStrategy(() -> ready, true)).isEqualTo(2);
        assertThat(strategy.calculateStrategy(() -> ready, true)).isEqualTo(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldNotSleepWhenTheIterationTookTheWholeWindow() throws Exception
    {
        ready = 5;
        next();
        nowNs += WINDOW_NS + 1;

        assertThat(next()).isEqualTo(5);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void shouldTakeTasksQueuedDuringTheWindowAsWorkAndKeepCoalescing() throws Exception
    {
        pendingTasks = 1;
        assertThat(next()).isZero();
        pendingTasks = 0;
        ready = 1;
        assertThat(next()).isEqualTo(1);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void shouldBlockAfterAWindowThatFoundNothingAndSkipTwiceAsManyWindowsAfterEachMissInARow() throws Exception
    {
        assertThat(next()).isEqualTo(SelectStrategy.SELECT);
        assertThat(sleeps).hasSize(1);
        // One wake-up skips its window, straight back to epoll_wait.
        assertThat(next()).isEqualTo(SelectStrategy.SELECT);
        assertThat(sleeps).hasSize(1);
        assertThat(next()).isEqualTo(SelectStrategy.SELECT);
        assertThat(sleeps).hasSize(2);
        // Two in a row: the next two skip theirs.
        next();
        next();
        assertThat(sleeps).hasSize(2);
        ready = 1;
        assertThat(next()).isEqualTo(1);
        assertThat(sleeps).hasSize(3);
        // A window that found work resets the back-off: one miss skips one window again.
        ready = 0;
        assertThat(next()).isEqualTo(SelectStrategy.SELECT);
        next();
        assertThat(sleeps).hasSize(4);
        next();
        assertThat(sleeps).hasSize(5);
    }

    @Test
    void shouldSkipAtMostSixteenWindowsHoweverManyMissesCameInARow() throws Exception
    {
        for (int i = 0; i < 200; i++)
        {
            next();
        }
        final int before = sleeps.size();
        for (int i = 0; i < CoalescingSelectStrategy.MAX_SKIP + 1; i++)
        {
            next();
        }
        assertThat(sleeps.size() - before).isEqualTo(1);
    }

    @Test
    void shouldRefuseAWindowThatIsNotPositive()
    {
        assertThatThrownBy(() -> new CoalescingSelectStrategy(0, () -> 0, System::nanoTime, ns -> { }))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("windowNs");
    }

    @Test
    void shouldRunTasksFromOtherThreadsAndScheduledTasksOnARealEpollLoop() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "no native epoll here");
        final MultiThreadIoEventLoopGroup group =
            new MultiThreadIoEventLoopGroup(1, CoalescingSelectStrategy.epollLoops(WINDOW_NS));
        try
        {
            final EventLoop loop = group.next();
            for (int round = 0; round < 50; round++)
            {
                final CompletableFuture<Boolean> ran = new CompletableFuture<>();
                loop.execute(() -> ran.complete(loop.inEventLoop()));
                assertThat(ran.get(5, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(round % 5);
            }
            final CompletableFuture<Long> scheduled = new CompletableFuture<>();
            final long start = System.nanoTime();
            loop.schedule(() -> scheduled.complete(System.nanoTime() - start), 20, TimeUnit.MILLISECONDS);
            assertThat(scheduled.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private int next() throws Exception
    {
        return strategy.calculateStrategy(() -> ready, false);
    }
}
