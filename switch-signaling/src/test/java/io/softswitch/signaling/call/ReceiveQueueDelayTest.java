package io.softswitch.signaling.call;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static io.softswitch.signaling.call.ReceiveQueueDelay.KERNEL_BYTES_PER_DATAGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wait in the receive queues, estimated from the bytes queued and the rate the loops read
 * datagrams over a window: the same bytes are a short wait for loops that read fast and a long one
 * for loops that read slowly; a sample or two of slow reads inside a window of fast ones is no
 * long wait; a queue nobody reads from for a whole window has waited since the reads stopped; a
 * queue under the floor, or above it for less than the window, waits for nothing.
 */
class ReceiveQueueDelayTest
{
    private static final long MS = 1_000_000;
    private static final long WINDOW_MS = 100;

    private final AtomicLong read = new AtomicLong();
    private final AtomicLong nowNs = new AtomicLong(1_000 * MS);
    private final ReceiveQueueDelay delay = new ReceiveQueueDelay(read::get, nowNs::get, 0, WINDOW_MS * MS);

    @Test
    void shouldEstimateTheWaitAsTheQueuedDatagramsOverTheRateTheLoopsReadThemInTheWindow()
    {
        final long queued = 500 * KERNEL_BYTES_PER_DATAGRAM;
        assertThat(samplesOf(10, 5_000, queued)).isEqualTo(MS);

        // The same queue, read a fiftieth as fast for a whole window: fifty times the wait.
        assertThat(samplesOf(10, 100, queued)).isEqualTo(50 * MS);
    }

    @Test
    void shouldTakeTheRateOverTheWindowSoThatALoopDescheduledForASampleIsNoLongWait()
    {
        final long queued = 252 * KERNEL_BYTES_PER_DATAGRAM;
        samplesOf(10, 280, queued);

        // No read in the last 10 ms: a one-sample rate would make this a stall; over the window
        // the loops read 2,520 datagrams in 100 ms, so 252 queued wait 10 ms.
        sampleAfter(10, 0);
        assertThat(delay.estimateNs(queued)).isEqualTo(10 * MS);
    }

    @Test
    void shouldCountTheWholeStallOnceNoLoopReadForAWholeWindow()
    {
        final long queued = KERNEL_BYTES_PER_DATAGRAM;
        sampleAfter(10, 100);
        delay.estimateNs(queued);
        final long lastReadNs = nowNs.get();
        for (int sample = 0; sample < 10; sample++)
        {
            sampleAfter(10, 0);
            delay.estimateNs(queued);
        }
        sampleAfter(10, 0);
        assertThat(delay.estimateNs(queued)).isEqualTo(nowNs.get() - lastReadNs).isEqualTo(110 * MS);

        // One datagram read in the last 100 ms: one queued waits 100 ms.
        sampleAfter(10, 1);
        assertThat(delay.estimateNs(queued)).isEqualTo(100 * MS);
    }

    @Test
    void shouldEstimateNothingUntilTheQueueHasStayedAboveTheFloorForAWindow()
    {
        final long floor = 64 * KERNEL_BYTES_PER_DATAGRAM;
        final ReceiveQueueDelay floored = new ReceiveQueueDelay(read::get, nowNs::get, floor, WINDOW_MS * MS);

        // An idle switch, then a burst: the loops read slowly only because little arrived.
        sampleAfter(1_000, 7);
        assertThat(floored.estimateNs(5 * KERNEL_BYTES_PER_DATAGRAM)).isZero();
        sampleAfter(10, 0);
        assertThat(floored.estimateNs(floor)).isZero();
        sampleAfter(10, 200);
        assertThat(floored.estimateNs(floor - 1)).isZero();

        // Above the floor at every sample for a window, nothing read since it rose: a stall.
        for (int sample = 0; sample < 10; sample++)
        {
            sampleAfter(10, 0);
            assertThat(floored.estimateNs(floor)).isZero();
        }
        sampleAfter(10, 0);
        assertThat(floored.estimateNs(floor)).isEqualTo(WINDOW_MS * MS);
    }

    @Test
    void shouldEstimateNoWaitForAnEmptyQueue()
    {
        samplesOf(10, 0, 0);
        assertThat(delay.estimateNs(0)).isZero();
    }

    /** Samples over a whole window and one more, {@code datagrams} read before each; the last estimate. */
    private long samplesOf(final long ms, final long datagrams, final long queuedBytes)
    {
        long estimate = -1;
        for (long elapsed = 0; elapsed <= WINDOW_MS; elapsed += ms)
        {
            sampleAfter(ms, datagrams);
            estimate = delay.estimateNs(queuedBytes);
        }
        return estimate;
    }

    private void sampleAfter(final long ms, final long datagrams)
    {
        nowNs.addAndGet(ms * MS);
        read.addAndGet(datagrams);
    }
}
