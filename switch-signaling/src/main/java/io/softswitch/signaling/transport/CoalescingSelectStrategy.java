package io.softswitch.signaling.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.SingleThreadEventExecutor;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * How an epoll event loop waits for work when it has none: a loop that has just worked looks
 * for more at most once per window, sleeping out the rest of the window instead of waking for
 * each datagram, hand-over or route answer as it comes; a loop whose window found nothing blocks
 * in {@code epoll_wait} until the next event, as Netty's default strategy does.
 *
 * <p>Why: on a virtual machine a wake-up costs tens of microseconds of CPU (measured 16-20 µs for
 * a bare {@code epoll_wait} on a timer fd, more for a JVM thread), as much as handling several SIP
 * messages; SIP's timers are hundreds of milliseconds, so a millisecond of waiting per hop costs
 * nothing a carrier sees. While the loop sleeps in its window Netty counts it as awake, so
 * threads that hand it work do not write its eventfd either.
 *
 * <p>A loop never sleeps while work is queued (tasks pending, or an iteration that took the whole
 * window): under load it runs as Netty's default. Where traffic is sparse, so that a window finds
 * nothing, the wake-ups that follow a miss skip their window, twice as many after each further
 * miss (up to {@link #MAX_SKIP}), so that a quiet loop does not pay a second wake-up per event.
 */
public final class CoalescingSelectStrategy implements SelectStrategy
{
    /** Most wake-ups taken without a window after windows that found nothing. */
    static final int MAX_SKIP = 16;

    /** Shortest sleep worth a wake-up of its own; a window with less left is polled at once. */
    private static final long MIN_SLEEP_NS = 20_000;

    private final long windowNs;
    private final IntSupplier pendingTasks;
    private final LongSupplier clock;
    private final LongConsumer sleeper;
    private long windowStartNs;
    private boolean blocked = true;
    private boolean coalescing;
    private int skip;
    private int backoff = 1;

    /**
     * A strategy for one loop.
     *
     * @param windowNs     how long a window lasts, more than 0.
     * @param pendingTasks the loop's queued tasks, asked when a window ends.
     * @param clock        nanoseconds, {@code System::nanoTime}.
     * @param sleeper      sleeps about the nanoseconds given, {@code LockSupport::parkNanos}.
     */
    CoalescingSelectStrategy(final long windowNs, final IntSupplier pendingTasks,
        final LongSupplier clock, final LongConsumer sleeper)
    {
        if (windowNs <= 0)
        {
            throw new IllegalArgumentException("windowNs must be positive: " + windowNs);
        }
        this.windowNs = windowNs;
        this.pendingTasks = pendingTasks;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Epoll event loops that wait with this strategy; with a window of 0, Netty's default strategy.
     *
     * @param windowNs the window in nanoseconds, 0 or more.
     * @return the factory for a {@code MultiThreadIoEventLoopGroup}.
     */
    public static IoHandlerFactory epollLoops(final long windowNs)
    {
        if (windowNs <= 0)
        {
            return EpollIoHandler.newFactory();
        }
        return executor -> EpollIoHandler.newFactory(0,
                () -> new CoalescingSelectStrategy(windowNs, ((SingleThreadEventExecutor)executor)::pendingTasks,
                    System::nanoTime, LockSupport::parkNanos))
            .newHandler(executor);
    }

    @Override
    public int calculateStrategy(final IntSupplier selectSupplier, final boolean hasTasks) throws Exception
    {
        final long now = clock.getAsLong();
        if (blocked)
        {
            // Woken from epoll_wait: this wake-up opens a window, unless misses said to skip it.
            blocked = false;
            coalescing = skip == 0;
            skip = Math.max(0, skip - 1);
            windowStartNs = now;
        }
        if (hasTasks)
        {
            return poll(selectSupplier, now);
        }
        if (!coalescing)
        {
            return block();
        }
        final long left = windowStartNs + windowNs - now;
        if (left >= MIN_SLEEP_NS)
        {
            sleeper.accept(left);
        }
        final int ready = poll(selectSupplier, clock.getAsLong());
        if (ready > 0 || pendingTasks.get() > 0)
        {
            backoff = 1;
            return ready;
        }
        skip = backoff;
        backoff = Math.min(MAX_SKIP, backoff * 2);
        return block();
    }

    private int poll(final IntSupplier selectSupplier, final long now) throws Exception
    {
        windowStartNs = now;
        return selectSupplier.get();
    }

    private int block()
    {
        blocked = true;
        return SelectStrategy.SELECT;
    }
}
