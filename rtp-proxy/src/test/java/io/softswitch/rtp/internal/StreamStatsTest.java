package io.softswitch.rtp.internal;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StreamStatsTest
{
    private static final long SSRC = 0x1234_5678L;
    private final StreamStats stats = new StreamStats();

    private void rtp(final int seq, final long timestamp, final long arrivalUs)
    {
        stats.onRtp(172, 0, seq & 0xFFFF, timestamp & 0xFFFF_FFFFL, SSRC, arrivalUs, arrivalUs * 1000);
    }

    @Test
    void shouldCountGapsInSequenceAsLoss()
    {
        stats.reset(8000);
        for (int seq = 100; seq < 200; seq++)
        {
            if (seq % 10 != 3)
            {
                rtp(seq, seq * 160L, seq * 20_000L);
            }
        }
        // 100 to 199 expected; 103, 113, ... 193 missing.
        assertThat(stats.expected()).isEqualTo(100);
        assertThat(stats.packets()).isEqualTo(90);
        assertThat(stats.lost()).isEqualTo(10);
        assertThat(stats.bytes()).isEqualTo(90 * 172);
    }

    @Test
    void shouldFollowTheSequenceNumberAcrossItsWrap()
    {
        stats.reset(8000);
        for (int i = 0; i < 200; i++)
        {
            if (i != 150)
            {
                rtp(65_500 + i, i * 160L, i * 20_000L);
            }
        }
        assertThat(stats.expected()).isEqualTo(200);
        assertThat(stats.lost()).isEqualTo(1);
    }

    @Test
    void shouldNotCountAReorderedPacketAsLost()
    {
        stats.reset(8000);
        final int[] order = {1, 2, 4, 3, 5, 6};
        for (final int seq : order)
        {
            rtp(seq, seq * 160L, seq * 20_000L);
        }
        assertThat(stats.expected()).isEqualTo(6);
        assertThat(stats.lost()).isZero();
    }

    @Test
    void shouldKeepLossOfTheOldStreamWhenTheSsrcChanges()
    {
        stats.reset(8000);
        rtp(1, 160, 0);
        rtp(3, 480, 40_000);
        stats.onRtp(172, 0, 9000, 0, SSRC + 1, 60_000, 60_000_000);
        stats.onRtp(172, 0, 9001, 160, SSRC + 1, 80_000, 80_000_000);
        assertThat(stats.expected()).isEqualTo(3 + 2);
        assertThat(stats.lost()).isEqualTo(1);
    }

    @Test
    void shouldHaveNoJitterWhenPacketsArriveExactlyOnTheirClock()
    {
        stats.reset(8000);
        for (int seq = 0; seq < 50; seq++)
        {
            rtp(seq, 1000 + seq * 160L, 5_000_000 + seq * 20_000L);
        }
        assertThat(stats.jitterUs()).isZero();
    }

    @Test
    void shouldConvergeToTheConstantTransitDifferenceAsRfc3550A8Says()
    {
        // Frames every 20 ms (160 units), arriving alternately 10 ms and 30 ms apart: |D| is always
        // 80 units, so J(n) = 80 (1 - (15/16)^n) units; after 200 packets, 80 units = 10 ms.
        stats.reset(8000);
        long arrivalUs = 0;
        double expected = 0;
        for (int seq = 0; seq <= 200; seq++)
        {
            rtp(seq, seq * 160L, arrivalUs);
            if (seq > 0)
            {
                expected += (80 - expected) / 16.0;
            }
            arrivalUs += seq % 2 == 0 ? 10_000 : 30_000;
        }
        final double expectedUs = expected / 8000 * 1_000_000;
        assertThat((double)stats.jitterUs()).isCloseTo(expectedUs, within(200.0));
        assertThat(stats.jitterUs()).isBetween(9_800L, 10_000L);
    }

    @Test
    void shouldReadTheReceiverReportBlockOfAnRtcpReceiverReport()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment rr = arena.allocate(32);
            final ValueLayout.OfInt u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
            rr.set(ValueLayout.JAVA_BYTE, 0, (byte)0x81);
            rr.set(ValueLayout.JAVA_BYTE, 1, (byte)201);
            rr.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2, (short)7);
            rr.set(u32, 4, 0xAAAA);
            rr.set(u32, 8, (int)SSRC);
            rr.set(u32, 12, (64 << 24) | 10);
            rr.set(u32, 16, 1234);
            rr.set(u32, 20, 160);
            final StreamStats receiving = new StreamStats();
            receiving.reset(8000);
            StreamStats.onRtcp(new RtpPacket().wrap(rr, 0), 32, receiving);
            assertThat(receiving.reportedFractionLost).isEqualTo(64);
            assertThat(receiving.reportedCumulativeLost).isEqualTo(10);
            assertThat(receiving.reportedJitterUs()).isEqualTo(20_000);
        }
    }

    @Test
    void shouldRateTheDirectionFromTheWorseOfMeasuredAndReportedLoss()
    {
        stats.reset(8000);
        for (int seq = 0; seq < 100; seq++)
        {
            rtp(seq, seq * 160L, seq * 20_000L);
        }
        assertThat(stats.mosX100()).isEqualTo(439);
        // The receiver says it lost 13/256 (5.08 %) downstream of us.
        stats.reportedFractionLost = 13;
        assertThat(stats.mosX100()).isEqualTo(io.softswitch.rtp.MosEstimate.mosX100(100.0 * 13 / 256, 0, 0));
        assertThat(stats.mosX100()).isLessThan(390);
    }
}
