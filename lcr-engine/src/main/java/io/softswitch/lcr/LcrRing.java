package io.softswitch.lcr;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The engine's ring as its publishers see it. Queries and quality samples claim a slot with
 * {@code tryNext} and are refused, counted, when the ring is full: the call path never waits.
 * Administrative events wait for room, since losing one would be wrong rather than late. Every
 * event but a quality sample wakes a sleeping engine thread.
 */
final class LcrRing
{
    private final RingBuffer<LcrEvent> ring;
    /** The engine thread's wait when it is a {@link SignalledWaitStrategy}, else null. */
    private final SignalledWaitStrategy signalled;
    private final AtomicLong overloaded = new AtomicLong();
    private final AtomicLong droppedSamples = new AtomicLong();

    LcrRing(final RingBuffer<LcrEvent> ring, final SignalledWaitStrategy signalled)
    {
        this.ring = ring;
        this.signalled = signalled;
    }

    /** Publishes a route query, or counts it refused when the ring is full; never waits or allocates. */
    boolean tryRoute(final int customerId, final CharSequence e164Number, final RouteListener listener)
    {
        final long sequence = tryClaim(overloaded);
        if (sequence < 0)
        {
            return false;
        }
        try
        {
            ring.get(sequence).fillRoute(customerId, e164Number, listener);
        }
        finally
        {
            ring.publish(sequence);
        }
        wake();
        return true;
    }

    /**
     * Publishes a quality sample, or counts it dropped when the ring is full. It wakes nobody: it
     * is handled with the next query, or when the engine's longest sleep ends, so a call's samples
     * cost the engine no wake-up of its own.
     */
    boolean trySample(final int type, final int vendorId, final CharSequence number, final int sipCode,
        final long valueMs)
    {
        final long sequence = tryClaim(droppedSamples);
        if (sequence < 0)
        {
            return false;
        }
        try
        {
            ring.get(sequence).fillSample(type, vendorId, number, sipCode, valueMs);
        }
        finally
        {
            ring.publish(sequence);
        }
        return true;
    }

    /** Publishes an administrative event (admin thread only): waits, spinning and parking, for room. */
    void publish(final Consumer<LcrEvent> fill)
    {
        final long sequence = ring.next();
        try
        {
            fill.accept(ring.get(sequence));
        }
        finally
        {
            ring.publish(sequence);
        }
        wake();
    }

    long overloaded()
    {
        return overloaded.get();
    }

    long droppedSamples()
    {
        return droppedSamples.get();
    }

    boolean wakesOnQueries()
    {
        return signalled != null;
    }

    /** A claimed slot's sequence, or -1 (counted in {@code refusals}) when the ring is full. */
    private long tryClaim(final AtomicLong refusals)
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            refusals.incrementAndGet();
            return -1;
        }
    }

    private void wake()
    {
        if (signalled != null)
        {
            signalled.wake();
        }
    }
}
