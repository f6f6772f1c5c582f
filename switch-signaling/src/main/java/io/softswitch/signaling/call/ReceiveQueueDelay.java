package io.softswitch.signaling.call;

import java.util.function.LongSupplier;

/**
 * How long a datagram arriving now waits in the kernel's receive queues before a loop reads it,
 * estimated at each of the {@link LoadShedder}'s samples from the bytes queued and the datagrams
 * the loops read since the last sample (Little's law: the queue over the rate it drains at).
 *
 * <p>The bytes alone say little: 4 MB is a few tens of milliseconds for loops that read 50,000
 * datagrams a second, and half a second, past SIP's T1 and into a retransmission storm, for loops
 * starved of CPU (other processes on the cores, a billing run, the load generators) that read
 * 5,000. The kernel counts each datagram with its buffer overhead, which it does not report per
 * datagram: {@link #KERNEL_BYTES_PER_DATAGRAM} is the size it charges for a SIP datagram of a few
 * hundred bytes to a kilobyte on Linux (a 2 KB slab and the buffer head), so the figure is an
 * estimate, right within a factor of about two. A queue that no loop read from during a whole
 * sample has waited since that sample began, and that wait is the estimate until a loop reads.
 * A queue under a floor of bytes waits for nothing that matters: a few datagrams left while a
 * loop was descheduled or paused for a collection are no overload, however long the pause.
 *
 * <p>Used by the shedder's thread only.
 */
final class ReceiveQueueDelay
{
    /** What the kernel charges a receive queue for one SIP datagram, buffer overhead included. */
    static final long KERNEL_BYTES_PER_DATAGRAM = 2_304;
    private static final long NOT_STALLED = Long.MIN_VALUE;

    private final LongSupplier datagramsRead;
    private final LongSupplier nanoClock;
    private final long floorBytes;
    private long lastRead;
    private long lastNs;
    private long stalledSinceNs = NOT_STALLED;

    /**
     * Creates the estimate.
     *
     * @param datagramsRead how many datagrams the loops have read so far.
     * @param nanoClock     a monotonic clock.
     * @param floorBytes    a queue under this many bytes counts as no wait.
     */
    ReceiveQueueDelay(final LongSupplier datagramsRead, final LongSupplier nanoClock, final long floorBytes)
    {
        this.datagramsRead = datagramsRead;
        this.nanoClock = nanoClock;
        this.floorBytes = floorBytes;
        this.lastRead = datagramsRead.getAsLong();
        this.lastNs = nanoClock.getAsLong();
    }

    /**
     * The wait of a datagram arriving now, from the bytes queued now and the loops' reads since
     * the last call.
     *
     * @param queuedBytes bytes waiting in the receive queues now.
     * @return nanoseconds; 0 for a queue under the floor.
     */
    long estimateNs(final long queuedBytes)
    {
        final long nowNs = nanoClock.getAsLong();
        final long read = datagramsRead.getAsLong();
        final long elapsedNs = nowNs - lastNs;
        final long readSince = read - lastRead;
        lastNs = nowNs;
        lastRead = read;
        if (queuedBytes <= 0 || queuedBytes < floorBytes)
        {
            stalledSinceNs = NOT_STALLED;
            return 0;
        }
        if (readSince <= 0)
        {
            if (stalledSinceNs == NOT_STALLED)
            {
                stalledSinceNs = nowNs - elapsedNs;
            }
            return nowNs - stalledSinceNs;
        }
        stalledSinceNs = NOT_STALLED;
        final long queued = Math.max(1, queuedBytes / KERNEL_BYTES_PER_DATAGRAM);
        return queued * elapsedNs / readSince;
    }
}
