package io.softswitch.signaling.call;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long messages handed to one loop wait in its queue before it handles them: the time from
 * datagram to handling that the loop adds, the worst of each short window; and how many
 * datagrams the loop read, from which the {@link ReceiveQueueDelay} estimates the time they waited
 * before, and how many new calls it admitted and refused for overload ({@link CallCapacity}).
 * Written by its loop only (ordered stores, no fence), read by the {@link LoadShedder}'s thread,
 * which counts each window once: one stall (a garbage collection pause, a descheduled thread) is
 * one sample, not as many samples as the window outlives.
 */
final class LoopLag
{
    /** The window over which the worst wait is kept: half the shedder's default sample. */
    static final long WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private final AtomicLong worstNs = new AtomicLong();
    private final AtomicLong window = new AtomicLong();
    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicLong admissions = new AtomicLong();
    private final AtomicLong sheddings = new AtomicLong();
    private long arrived;
    private long admittedCalls;
    private long shedCalls;
    private long windowStartNs;
    private long windowWorstNs;

    /**
     * Records the wait of one message; runs on the loop.
     *
     * @param enqueuedNs when it was queued.
     * @param nowNs      when the loop took it.
     */
    void record(final long enqueuedNs, final long nowNs)
    {
        roll(nowNs);
        final long waitNs = nowNs - enqueuedNs;
        if (waitNs > windowWorstNs)
        {
            windowWorstNs = waitNs;
            worstNs.lazySet(waitNs);
        }
    }

    /**
     * Starts a new window once the last one is over; runs on the loop, from its ticks as well as
     * from messages.
     *
     * @param nowNs the loop's clock.
     */
    void roll(final long nowNs)
    {
        if (nowNs - windowStartNs >= WINDOW_NS)
        {
            windowStartNs = nowNs;
            windowWorstNs = 0;
            worstNs.lazySet(0);
            window.lazySet(window.get() + 1);
        }
    }

    /**
     * Counts a datagram this loop read from its socket; runs on the loop.
     */
    void arrived()
    {
        arrivals.lazySet(++arrived);
    }

    /**
     * How many datagrams this loop has read from its socket; any thread.
     *
     * @return the count.
     */
    long arrivals()
    {
        return arrivals.get();
    }

    /**
     * Counts a new call this loop admitted (past overload, limits and trunk checks); runs on the
     * loop.
     */
    void admitted()
    {
        admissions.lazySet(++admittedCalls);
    }

    /**
     * How many new calls this loop has admitted, from which {@link CallCapacity} measures what the
     * loops carry; any thread.
     *
     * @return the count.
     */
    long admissions()
    {
        return admissions.get();
    }

    /**
     * Counts a new call this loop refused for overload; runs on the loop.
     */
    void shed()
    {
        sheddings.lazySet(++shedCalls);
    }

    /**
     * How many new calls this loop has refused for overload; any thread.
     *
     * @return the count.
     */
    long sheddings()
    {
        return sheddings.get();
    }

    /**
     * The worst wait of the current window; any thread.
     *
     * @return nanoseconds.
     */
    long worstNs()
    {
        return worstNs.get();
    }

    /**
     * Which window {@link #worstNs()} belongs to, so that a reader counts each window once.
     *
     * @return a number that grows by one per window.
     */
    long window()
    {
        return window.get();
    }
}
