package io.softswitch.lcr;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * A Disruptor wait strategy for a consumer that is mostly busy or mostly idle: while the ring is
 * empty it spins, then yields (none by default: on a machine of few cores a yield is a system call
 * that rarely finds anything better to run), then parks for a duration that doubles from a minimum up to a
 * maximum (the shape of Agrona's {@code BackoffIdleStrategy}).
 *
 * <p>The back-off is local to one wait, so it starts again from spinning after every batch of
 * events: under load the consumer never parks; an idle consumer wakes about once per maximum park
 * instead of once per minimum, so it costs next to nothing of a core. The price is latency on the
 * first event after an idle spell, at most about the maximum park plus the kernel's timer slack.
 *
 * <p>{@link #signalAllWhenBlocking()} does nothing: the consumer polls the sequence and nobody
 * waits on a condition, so a publisher takes no lock and wakes no thread.
 */
public final class BackoffWaitStrategy implements WaitStrategy
{
    /** Busy spins of {@link #BackoffWaitStrategy()} before it yields. */
    public static final int DEFAULT_MAX_SPINS = 100;

    /** Yields of {@link #BackoffWaitStrategy()} before it parks. */
    public static final int DEFAULT_MAX_YIELDS = 0;

    /** First park of {@link #BackoffWaitStrategy()}, in nanoseconds. */
    public static final long DEFAULT_MIN_PARK_NS = 50_000;

    /** Longest park of {@link #BackoffWaitStrategy()}, in nanoseconds. */
    public static final long DEFAULT_MAX_PARK_NS = 1_000_000;

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNs;
    private final long maxParkNs;

    /**
     * A strategy with {@link #DEFAULT_MAX_SPINS}, {@link #DEFAULT_MAX_YIELDS},
     * {@link #DEFAULT_MIN_PARK_NS} and {@link #DEFAULT_MAX_PARK_NS}.
     */
    public BackoffWaitStrategy()
    {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NS, DEFAULT_MAX_PARK_NS);
    }

    /**
     * A strategy with the given back-off.
     *
     * @param maxSpins  busy spins before yielding, 0 or more.
     * @param maxYields yields before parking, 0 or more.
     * @param minParkNs first park in nanoseconds, at least 1.
     * @param maxParkNs longest park in nanoseconds, at least {@code minParkNs}.
     */
    public BackoffWaitStrategy(final int maxSpins, final int maxYields, final long minParkNs, final long maxParkNs)
    {
        if (maxSpins < 0 || maxYields < 0 || minParkNs < 1 || maxParkNs < minParkNs)
        {
            throw new IllegalArgumentException("bad back-off: maxSpins=" + maxSpins + " maxYields=" + maxYields
                + " minParkNs=" + minParkNs + " maxParkNs=" + maxParkNs);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException
    {
        long available;
        int spins = 0;
        int yields = 0;
        long parkNs = minParkNs;
        while ((available = dependentSequence.get()) < sequence)
        {
            // Checked on every round so that halting the processor ends a park within maxParkNs.
            barrier.checkAlert();
            if (spins < maxSpins)
            {
                spins++;
                Thread.onSpinWait();
            }
            else if (yields < maxYields)
            {
                yields++;
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(parkNs);
                parkNs = Math.min(parkNs << 1, maxParkNs);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        // The waiter polls; there is nobody to wake.
    }

}
