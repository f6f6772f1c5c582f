package io.softswitch.signaling.call;

import java.util.function.LongSupplier;

/**
 * How long a datagram arriving now waits in the kernel's receive queues before a loop reads it,
 * estimated at each of the {@link LoadShedder}'s samples from the bytes queued and the rate the
 * loops read datagrams over the last {@code windowNs} (Little's law: the queue over the rate it
 * drains at).
 *
 * <p>The bytes alone say little: 4 MB is a few tens of milliseconds for loops that read 50,000
 * datagrams a second, and half a second, past SIP's T1 and into a retransmission storm, for loops
 * starved of CPU (other processes on the cores, a billing run, the load generators) that read
 * 5,000. The kernel counts each datagram with its buffer overhead, which it does not report per
 * datagram: {@link #KERNEL_BYTES_PER_DATAGRAM} is the size it charges for a SIP datagram of a few
 * hundred bytes to a kilobyte on Linux (a 2 KB slab and the buffer head), so the figure is an
 * estimate, right within a factor of about two.
 *
 * <p>The rate the loops read at is how fast they can drain the queue only while they are behind:
 * otherwise it is just the rate datagrams arrive at. So the estimate is made only once the queue
 * has stayed above a floor of bytes at every sample for a whole window, and the rate is taken over
 * that window, not over one sample. A queue under the floor waits for nothing that matters, and a
 * queue that rose above it only lately is no overload yet: on cores shared with billing,
 * PostgreSQL or the load generators, a loop is descheduled for a scheduler slice or two now and
 * then, a burst arrives while the switch idles, and one sample's rate then says the loops read
 * almost nothing while they are a few milliseconds late (at 4,000 calls a second with CDRs on, the
 * one-sample estimate shed a third of the calls the switch carried cleanly without it). A queue
 * that no loop read from during the whole window has waited since the last sample that saw a read
 * or since it rose above the floor, whichever came later.
 *
 * <p>Used by the shedder's thread only.
 */
final class ReceiveQueueDelay
{
    /** What the kernel charges a receive queue for one SIP datagram, buffer overhead included. */
    static final long KERNEL_BYTES_PER_DATAGRAM = 2_304;
    /** Samples kept for the window; a window longer than this many samples is cut to it. */
    private static final int HISTORY = 128;
    private static final long BELOW_FLOOR = Long.MIN_VALUE;

    private final LongSupplier datagramsRead;
    private final LongSupplier nanoClock;
    private final long floorBytes;
    private final long windowNs;
    private final long[] sampleNs = new long[HISTORY];
    private final long[] sampleRead = new long[HISTORY];
    private int oldest;
    private int count;
    private long lastReadSeenNs;
    private long aboveFloorSinceNs = BELOW_FLOOR;

    /**
     * Creates the estimate.
     *
     * @param datagramsRead how many datagrams the loops have read so far.
     * @param nanoClock     a monotonic clock.
     * @param floorBytes    a queue under this many bytes counts as no wait.
     * @param windowNs      how long the queue stays above the floor before its wait is estimated,
     *                      and how far back the read rate is taken.
     */
    ReceiveQueueDelay(final LongSupplier datagramsRead, final LongSupplier nanoClock, final long floorBytes,
        final long windowNs)
    {
        this.datagramsRead = datagramsRead;
        this.nanoClock = nanoClock;
        this.floorBytes = floorBytes;
        this.windowNs = windowNs;
        final long nowNs = nanoClock.getAsLong();
        lastReadSeenNs = nowNs;
        record(nowNs, datagramsRead.getAsLong());
    }

    /**
     * The wait of a datagram arriving now, from the bytes queued now and the loops' reads over the
     * window.
     *
     * @param queuedBytes bytes waiting in the receive queues now.
     * @return nanoseconds; 0 for a queue under the floor or above it for less than the window.
     */
    long estimateNs(final long queuedBytes)
    {
        final long nowNs = nanoClock.getAsLong();
        final long read = datagramsRead.getAsLong();
        if (read != sampleRead[newest()])
        {
            lastReadSeenNs = nowNs;
        }
        record(nowNs, read);
        forgetBefore(nowNs - windowNs);
        if (queuedBytes <= 0 || queuedBytes < floorBytes)
        {
            aboveFloorSinceNs = BELOW_FLOOR;
            return 0;
        }
        if (aboveFloorSinceNs == BELOW_FLOOR)
        {
            aboveFloorSinceNs = nowNs;
        }
        if (nowNs - aboveFloorSinceNs < windowNs)
        {
            return 0;
        }
        final long readInWindow = read - sampleRead[oldest];
        if (readInWindow <= 0)
        {
            return nowNs - Math.max(lastReadSeenNs, aboveFloorSinceNs);
        }
        final long queued = Math.max(1, queuedBytes / KERNEL_BYTES_PER_DATAGRAM);
        return queued * (nowNs - sampleNs[oldest]) / readInWindow;
    }

    private int newest()
    {
        return (oldest + count - 1) % HISTORY;
    }

    private void record(final long nowNs, final long read)
    {
        if (count == HISTORY)
        {
            oldest = (oldest + 1) % HISTORY;
            count--;
        }
        final int slot = (oldest + count) % HISTORY;
        sampleNs[slot] = nowNs;
        sampleRead[slot] = read;
        count++;
    }

    /** Drops samples while the next one still starts the window, so the window spans at least its length. */
    private void forgetBefore(final long windowStartNs)
    {
        while (count > 2 && sampleNs[(oldest + 1) % HISTORY] <= windowStartNs)
        {
            oldest = (oldest + 1) % HISTORY;
            count--;
        }
    }
}
