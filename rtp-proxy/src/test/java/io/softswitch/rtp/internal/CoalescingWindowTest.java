package io.softswitch.rtp.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescingWindowTest
{
    private static final long INTERVAL_NS = 500_000L;

    @Test
    void shouldKeepTheWholeIntervalWhileATurnGathersNoMoreThanABatch()
    {
        final CoalescingWindow window = new CoalescingWindow(INTERVAL_NS);
        long nowNs = 1_000_000_000L;
        window.next(nowNs, 0);
        // 100 calls: 10,000 datagrams a second, five per 500 µs turn.
        for (int turn = 0; turn < 10; turn++)
        {
            nowNs += INTERVAL_NS;
            assertThat(window.next(nowNs, 5)).isEqualTo(INTERVAL_NS);
        }
    }

    @Test
    void shouldShortenTheWindowToWhatFillsABatchAtTheRateSeen()
    {
        final CoalescingWindow window = new CoalescingWindow(INTERVAL_NS);
        long nowNs = 1_000_000_000L;
        window.next(nowNs, 0);
        // 500 calls: 50,000 a second, 25 in a 500 µs turn; a batch of 16 takes 320 µs.
        nowNs += INTERVAL_NS;
        assertThat(window.next(nowNs, 25)).isEqualTo(320_000L);
        for (int turn = 0; turn < 10; turn++)
        {
            nowNs += 320_000L;
            assertThat(window.next(nowNs, 16)).as("steady at the same rate").isEqualTo(320_000L);
        }
        nowNs += 320_000L;
        assertThat(window.next(nowNs, 4)).as("the rate falls: back to the whole interval").isEqualTo(INTERVAL_NS);
    }

    @Test
    void shouldNeverGoBelowTheFloorNorAboveTheInterval()
    {
        final CoalescingWindow window = new CoalescingWindow(INTERVAL_NS);
        window.next(1_000_000_000L, 0);
        assertThat(window.next(1_000_500_000L, 10_000)).isEqualTo(CoalescingWindow.MIN_NS);
        final CoalescingWindow narrow = new CoalescingWindow(20_000L);
        narrow.next(1_000_000_000L, 0);
        assertThat(narrow.next(1_000_020_000L, 17)).as("an interval under the floor is kept").isEqualTo(20_000L);
    }

    @Test
    void shouldNotCoalesceWhenTheIntervalIsZero()
    {
        final CoalescingWindow window = new CoalescingWindow(0);
        assertThat(window.next(1_000_000_000L, 0)).isZero();
        assertThat(window.next(1_000_500_000L, 100)).isZero();
        assertThatThrownBy(() -> new CoalescingWindow(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
