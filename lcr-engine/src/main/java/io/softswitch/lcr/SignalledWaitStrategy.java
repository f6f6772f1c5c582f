package io.softswitch.lcr;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import io.softswitch.lcr.internal.Futex;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A Disruptor wait strategy whose consumer spins briefly, then sleeps until a publisher that needs
 * a prompt answer calls {@link #wake()}, or at most {@link #DEFAULT_MAX_SLEEP_NS}: one wake-up
 * per event that asks for one, where a timed back-off ({@link BackoffWaitStrategy}) wakes several
 * times between events that arrive a few hundred microseconds apart, and an idle consumer wakes
 * about twenty times a second.
 *
 * <p>The signal is free: {@link #wake()} is a fence and a read while the consumer is awake, and
 * one {@code futex} wake-up, without a lock, while it sleeps (see {@link Futex}).
 * {@link #signalAllWhenBlocking()}, which the ring calls on every publish, wakes the consumer only
 * when its barrier has been alerted (the processor is halting), so events published without
 * {@link #wake()} (quality samples, say) are handled with the next one that wakes it, or after
 * the longest sleep.
 *
 * <p>With a window (coalescing), a consumer that has just handled events first sleeps out the rest
 * of the window without announcing it, so that publishers make no system call, and takes what
 * came meanwhile in one batch: a stream of queries a few hundred microseconds apart then wakes it
 * about once per window instead of once per query. A window that finds nothing makes the next
 * wake-ups skip theirs (one, then twice as many after each further miss, up to {@link #MAX_SKIP}),
 * so that sparse queries do not pay a second wake-up each.
 *
 * <p>Only where {@link Futex#AVAILABLE}; elsewhere use {@link BackoffWaitStrategy}.
 */
public final class SignalledWaitStrategy implements WaitStrategy
{
    /** Busy spins of {@link #SignalledWaitStrategy()} before it sleeps. */
    public static final int DEFAULT_MAX_SPINS = 100;

    /** Longest sleep of {@link #SignalledWaitStrategy()}: how late an event published without a wake may be. */
    public static final long DEFAULT_MAX_SLEEP_NS = 50_000_000;

    /** Most wake-ups taken without a window after windows that found nothing. */
    static final int MAX_SKIP = 16;

    private static final long MIN_SLEEP_NS = 20_000;

    private final int maxSpins;
    private final long windowNs;
    private final LongSupplier clock;
    private final LongConsumer sleeper;
    private final Futex futex;
    private long windowStartNs;
    private int skip;
    private int backoff = 1;
    private volatile SequenceBarrier barrier;

    /**
     * A strategy with {@link #DEFAULT_MAX_SPINS} and {@link #DEFAULT_MAX_SLEEP_NS}.
     */
    public SignalledWaitStrategy()
    {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_SLEEP_NS, 0);
    }

    /**
     * A strategy with the given spins and longest sleep.
     *
     * @param maxSpins   busy spins before sleeping, 0 or more.
     * @param maxSleepNs longest sleep in nanoseconds, at least 1.
     * @throws IllegalStateException when futexes cannot be used here ({@link #isAvailable()}).
     */
    public SignalledWaitStrategy(final int maxSpins, final long maxSleepNs)
    {
        this(maxSpins, maxSleepNs, 0);
    }

    /**
     * A strategy with the given spins, longest sleep and coalescing window.
     *
     * @param maxSpins   busy spins before sleeping, 0 or more.
     * @param maxSleepNs longest sleep in nanoseconds, at least 1.
     * @param windowNs   how long a consumer that has just handled events sleeps, unannounced, before it
     *                   looks for more; 0 for none.
     * @throws IllegalStateException when futexes cannot be used here ({@link #isAvailable()}).
     */
    public SignalledWaitStrategy(final int maxSpins, final long maxSleepNs, final long windowNs)
    {
        this(maxSpins, maxSleepNs, windowNs, System::nanoTime, LockSupport::parkNanos);
    }

    SignalledWaitStrategy(final int maxSpins, final long maxSleepNs, final long windowNs, final LongSupplier clock,
        final LongConsumer sleeper)
    {
        if (maxSpins < 0 || maxSleepNs < 1 || windowNs < 0)
        {
            throw new IllegalArgumentException("bad wait: maxSpins=" + maxSpins + " maxSleepNs=" + maxSleepNs +
                " windowNs=" + windowNs);
        }
        this.maxSpins = maxSpins;
        this.windowNs = windowNs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.futex = new Futex(maxSleepNs);
    }

    /**
     * Whether this strategy can be made on this platform (Linux on x86-64 or aarch64, with native
     * access to the C library).
     *
     * @return true when it can.
     */
    public static boolean isAvailable()
    {
        return Futex.AVAILABLE;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException
    {
        long available = dependentSequence.get();
        if (available >= sequence)
        {
            windowStartNs = clock.getAsLong();
            return available;
        }
        if (windowNs > 0)
        {
            if (skip > 0)
            {
                skip--;
            }
            else if ((available = coalesce(sequence, dependentSequence, barrier)) >= sequence)
            {
                return available;
            }
        }
        int spins = 0;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (spins < maxSpins)
            {
                spins++;
                Thread.onSpinWait();
                continue;
            }
            if (this.barrier != barrier)
            {
                this.barrier = barrier;
            }
            futex.announce();
            if (dependentSequence.get() >= sequence || barrier.isAlerted())
            {
                futex.cancel();
            }
            else
            {
                futex.sleep();
            }
        }
        windowStartNs = clock.getAsLong();
        return available;
    }

    /**
     * Sleeps out the rest of the window without announcing it, so that publishers make no system
     * call, then looks once; a window that finds nothing makes the next wake-ups skip theirs.
     */
    private long coalesce(final long sequence, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        final long left = windowStartNs + windowNs - clock.getAsLong();
        if (left >= MIN_SLEEP_NS)
        {
            sleeper.accept(left);
        }
        barrier.checkAlert();
        final long available = dependentSequence.get();
        windowStartNs = clock.getAsLong();
        if (available >= sequence)
        {
            backoff = 1;
        }
        else
        {
            skip = backoff;
            backoff = Math.min(MAX_SKIP, backoff * 2);
        }
        return available;
    }

    /**
     * Wakes the consumer if it sleeps; call after publishing an event that should be handled now.
     * Any thread; takes no lock and never waits.
     */
    public void wake()
    {
        futex.wake();
    }

    /**
     * Whether the consumer has gone to sleep and no wake has ended the sleep yet.
     *
     * @return true when it sleeps (or is about to).
     */
    public boolean isSleeping()
    {
        return futex.isSleeping();
    }

    @Override
    public void signalAllWhenBlocking()
    {
        final SequenceBarrier waiting = barrier;
        if (waiting != null && waiting.isAlerted())
        {
            futex.wake();
        }
    }
}
