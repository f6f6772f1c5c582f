package io.softswitch.signaling.call;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static io.softswitch.signaling.call.ReceiveQueueDelay.KERNEL_BYTES_PER_DATAGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wait in the receive queues, estimated from the bytes queued and the datagrams the loops
 * read between samples: the same bytes are a short wait for loops that read fast and a long one
 * for loops that read slowly; a queue nobody reads from has waited since the reads stopped; a
 * queue under the floor waits for nothing.
 */
class ReceiveQueueDelayTest
{
    private static final long MS = 1_000_000;

    private final AtomicLong read = new AtomicLong();
    private final AtomicLong nowNs = new AtomicLong(1_000 * MS);
    private final ReceiveQueueDelay delay = new ReceiveQueueDelay(read::get, nowNs::get, 0);

    @Test
    void shouldEstimateTheWaitAsTheQueuedDatagramsOverTheRateTheLoopsReadThem()
    {
        sampleAfter(10, 5_000);
        assertThat(delay.estimateNs(500 * KERNEL_BYTES_PER_DATAGRAM)).isEqualTo(MS);

        // The same queue, read a fiftieth as fast: fifty times the wait.
        sampleAfter(10, 100);
        assertThat(delay.estimateNs(500 * KERNEL_BYTES_PER_DATAGRAM)).isEqualTo(50 * MS);
    }

    @Test
    void shouldCountTheWholeStallWhileNoLoopReadsFromAQueue()
    {
        sampleAfter(10, 100);
        delay.estimateNs(KERNEL_BYTES_PER_DATAGRAM);
        sampleAfter(10, 0);
        assertThat(delay.estimateNs(KERNEL_BYTES_PER_DATAGRAM)).isEqualTo(10 * MS);
        sampleAfter(10, 0);
        assertThat(delay.estimateNs(KERNEL_BYTES_PER_DATAGRAM)).isEqualTo(20 * MS);

        sampleAfter(10, 1);
        assertThat(delay.estimateNs(KERNEL_BYTES_PER_DATAGRAM)).isEqualTo(10 * MS);
    }

    @Test
    void shouldCountNoWaitForAFewDatagramsLeftBehindAPauseUnderTheFloor()
    {
        final ReceiveQueueDelay floored = new ReceiveQueueDelay(read::get, nowNs::get, 64 * KERNEL_BYTES_PER_DATAGRAM);
        sampleAfter(1_000, 0);
        assertThat(floored.estimateNs(5 * KERNEL_BYTES_PER_DATAGRAM)).isZero();
        sampleAfter(10, 0);
        assertThat(floored.estimateNs(64 * KERNEL_BYTES_PER_DATAGRAM)).isEqualTo(10 * MS);
    }

    @Test
    void shouldEstimateNoWaitForAnEmptyQueue()
    {
        sampleAfter(10, 0);
        assertThat(delay.estimateNs(0)).isZero();
    }

    private void sampleAfter(final long ms, final long datagrams)
    {
        nowNs.addAndGet(ms * MS);
        read.addAndGet(datagrams);
    }
}
