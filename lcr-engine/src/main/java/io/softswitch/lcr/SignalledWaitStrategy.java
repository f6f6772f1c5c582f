package io.softswitch.lcr;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import io.softswitch.lcr.internal.Futex;

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
 * <p>Only where {@link Futex#AVAILABLE}; elsewhere use {@link BackoffWaitStrategy}.
 */
public final class SignalledWaitStrategy implements WaitStrategy
{
    /** Busy spins of {@link #SignalledWaitStrategy()} before it sleeps. */
    public static final int DEFAULT_MAX_SPINS = 100;

    /** Longest sleep of {@link #SignalledWaitStrategy()}: how late an event published without a wake may be. */
    public static final long DEFAULT_MAX_SLEEP_NS = 50_000_000;

    private final int maxSpins;
    private final Futex futex;
    private volatile SequenceBarrier barrier;

    /**
     * A strategy with {@link #DEFAULT_MAX_SPINS} and {@link #DEFAULT_MAX_SLEEP_NS}.
     */
    public SignalledWaitStrategy()
    {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_SLEEP_NS);
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
        if (maxSpins < 0 || maxSleepNs < 1)
        {
            throw new IllegalArgumentException("bad wait: maxSpins=" + maxSpins + " maxSleepNs=" + maxSleepNs);
        }
        this.maxSpins = maxSpins;
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
        long available;
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
