package io.softswitch.signaling.call;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the loops carry, measured while they are behind (a refused call counted at an eighth of a
 * carried one), and the share of new calls it lets the shedder lower its refusals to: everything
 * once the calls offered fit, otherwise the share that brings the work to 95 % of the
 * capacity, decided once a window, never raised, and never held on a figure that grew stale or
 * that a stall left.
 */
class CallCapacityTest
{
    private static final long WINDOW_NS = 100_000_000L;
    private static final long SAMPLE_NS = 10_000_000L;

    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong nowNs = new AtomicLong();
    private final CallCapacity capacity = new CallCapacity(admitted::get, shed::get, nowNs::get, WINDOW_NS);

    /** Ten samples, one window, admitting and refusing calls spread over them. */
    private void window(final long admittedCalls, final long shedCalls, final boolean behind)
    {
        for (int i = 0; i < 10; i++)
        {
            admitted.addAndGet(admittedCalls / 10);
            shed.addAndGet(shedCalls / 10);
            nowNs.addAndGet(SAMPLE_NS);
            capacity.sample(behind);
        }
    }

    @Test
    void shouldTakeTheWorkOfAWindowSpentBehindAsTheCapacity()
    {
        window(300, 0, false);
        assertThat(capacity.measured()).isFalse();

        window(300, 800, true);

        assertThat(capacity.capacityPerSecond()).isEqualTo(4_000);
    }

    @Test
    void shouldLetEveryCallInOnceTheCallsOfferedFitIn95PercentOfTheCapacity()
    {
        window(450, 0, true);

        window(200, 200, false);

        assertThat(capacity.lowered(50)).isZero();
    }

    @Test
    void shouldLowerTheShareOncePerWindowToWhatBringsTheWorkTo95PercentOfTheCapacity()
    {
        window(450, 0, true);
        window(240, 560, false);

        // 8,000 offered a second; 4,500 carried grew by a sixteenth in the window to 4,781, 95 % of
        // which is 36,337 eighths: admitting 50 % does 8,000 * (0.50 * 8 + 0.50) = 36,000.
        assertThat(capacity.lowered(70)).isEqualTo(50);
        nowNs.addAndGet(SAMPLE_NS);
        capacity.sample(false);
        assertThat(capacity.lowered(70)).isEqualTo(70);
    }

    @Test
    void shouldOpenAtMostDoublePlusTwentyFivePointsAWindowEvenWhenTheCallsOfferedFit()
    {
        window(450, 0, true);
        window(0, 200, false);

        assertThat(capacity.lowered(100)).isEqualTo(75);
        window(100, 100, false);
        assertThat(capacity.lowered(75)).isEqualTo(25);
    }

    @Test
    void shouldNeverRaiseTheShareWhileTheQueuesAreClear()
    {
        window(450, 0, true);
        window(400, 400, false);

        assertThat(capacity.lowered(50)).isEqualTo(50);
    }

    @Test
    void shouldAtMostDoubleTheAdmittedSharePlusTwentyFivePointsInOneWindow()
    {
        window(450, 0, true);
        window(0, 800, false);

        assertThat(capacity.lowered(100)).isEqualTo(75);
    }

    @Test
    void shouldLetAFigureAboveWhatTheLoopsNowDoLoseAnEighthPerWindowBehind()
    {
        window(450, 0, true);

        window(200, 0, true);

        assertThat(capacity.capacityPerSecond()).isEqualTo(3_937);
    }

    @Test
    void shouldGrowAStaleCapacityByASixteenthPerWindowWhileTheLoopsAreNotBehind()
    {
        window(450, 0, true);

        for (int i = 0; i < 10; i++)
        {
            window(400, 400, false);
        }

        // 4,500 x (17/16)^10 = 8,248
        assertThat(capacity.capacityPerSecond()).isBetween(8_200L, 8_260L);
    }

    @Test
    void shouldStopGrowingAtTwiceTheWorkOfTheCallsOfferedHoweverLongTheLoopsStayClear()
    {
        window(450, 0, true);

        // ten minutes clear at 3,000 calls/s offered, all of them admitted
        for (int i = 0; i < 6_000; i++)
        {
            window(300, 0, false);
        }

        // grown from 4,500 until it passed twice the 3,000 offered, by at most one sixteenth
        assertThat(capacity.capacityPerSecond()).isBetween(6_000L, 6_400L);
    }

    @Test
    void shouldStillRefuseAShareWhenTheLoadTriplesAfterAnHourClear()
    {
        window(450, 0, true);
        for (int i = 0; i < 36_000; i++)
        {
            window(300, 0, false);
        }

        // offered 18,000 calls/s, three times what the grown figure says the loops carry
        window(900, 900, false);

        assertThat(capacity.measured()).isTrue();
        // a quarter admitted at most (the growth cap), not everything and not nothing
        assertThat(capacity.lowered(100)).isBetween(75, 80);
    }

    @Test
    void shouldKeepTheCapacityThroughAStallOfUpToASecond()
    {
        window(600, 0, true);

        for (int i = 0; i < 10; i++)
        {
            window(0, 10, true);
        }

        assertThat(capacity.capacityPerSecond()).isEqualTo(6_000);
    }

    @Test
    void shouldTakeLoopsThatStayFarSlowerThanAStallAtTheirWord()
    {
        window(600, 0, true);

        for (int i = 0; i < 30; i++)
        {
            window(0, 10, true);
        }

        // ten stalls kept it, twenty lost an eighth each: 6,000 x (7/8)^20 = 416
        assertThat(capacity.capacityPerSecond()).isBetween(400L, 420L);
    }

    @Test
    void shouldBeBackNearTheCapacityWithinASecondOfAStallOfASecondAndAHalf()
    {
        window(600, 0, true);
        for (int i = 0; i < 15; i++)
        {
            window(0, 10, true);
        }

        for (int i = 0; i < 10; i++)
        {
            window(100, 300, false);
        }

        assertThat(capacity.capacityPerSecond()).isGreaterThanOrEqualTo(5_400L);
    }
}
