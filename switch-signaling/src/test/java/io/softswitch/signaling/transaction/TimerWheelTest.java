package io.softswitch.signaling.transaction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimerWheelTest
{
    private static final long MS = 1_000_000L;

    private final List<String> fired = new ArrayList<>();
    private final TimerWheel wheel = new TimerWheel(MS, 64, 1_000 * MS);

    private WheelTimer named(final String name)
    {
        return new WheelTimer()
        {
            @Override
            protected void onExpiry(final long nowNs)
            {
                fired.add(name);
            }
        };
    }

    @Test
    void shouldFireOnlyTimersWhoseDeadlineHasPassed()
    {
        final WheelTimer early = named("early");
        final WheelTimer late = named("late");
        wheel.schedule(early, 1_010 * MS);
        wheel.schedule(late, 1_020 * MS);

        assertThat(wheel.poll(1_009 * MS)).isZero();
        assertThat(wheel.poll(1_010 * MS)).isEqualTo(1);
        assertThat(fired).containsExactly("early");
        assertThat(late.isScheduled()).isTrue();
        assertThat(wheel.poll(1_030 * MS)).isEqualTo(1);
        assertThat(fired).containsExactly("early", "late");
        assertThat(wheel.scheduledCount()).isZero();
    }

    @Test
    void shouldKeepTimersMoreThanOneRotationAheadUntilTheirTurn()
    {
        final WheelTimer far = named("far");
        wheel.schedule(far, 1_000 * MS + 200 * MS);

        assertThat(wheel.poll(1_000 * MS + 64 * MS)).isZero();
        assertThat(wheel.poll(1_000 * MS + 199 * MS)).isZero();
        assertThat(wheel.poll(1_000 * MS + 200 * MS)).isEqualTo(1);
    }

    @Test
    void shouldNotFireCancelledTimer()
    {
        final WheelTimer timer = named("cancelled");
        wheel.schedule(timer, 1_005 * MS);
        wheel.cancel(timer);

        assertThat(wheel.poll(1_100 * MS)).isZero();
        assertThat(fired).isEmpty();
        assertThat(timer.isScheduled()).isFalse();
    }

    @Test
    void shouldLetHandlerCancelAnotherExpiredTimer()
    {
        final WheelTimer[] pair = new WheelTimer[2];
        for (int i = 0; i < 2; i++)
        {
            final int other = 1 - i;
            pair[i] = new WheelTimer()
            {
                @Override
                protected void onExpiry(final long nowNs)
                {
                    fired.add("one");
                    wheel.cancel(pair[other]);
                }
            };
        }
        wheel.schedule(pair[0], 1_001 * MS);
        wheel.schedule(pair[1], 1_001 * MS);

        wheel.poll(1_002 * MS);

        assertThat(fired).containsExactly("one");
        assertThat(wheel.scheduledCount()).isZero();
    }

    @Test
    void shouldFireTimerRescheduledFromItsHandlerOnALaterPoll()
    {
        final int[] count = new int[1];
        final WheelTimer again = new WheelTimer()
        {
            @Override
            protected void onExpiry(final long nowNs)
            {
                count[0]++;
                wheel.schedule(this, nowNs);
            }
        };
        wheel.schedule(again, 1_001 * MS);

        wheel.poll(1_001 * MS);
        assertThat(count[0]).isEqualTo(1);
        wheel.poll(1_001 * MS);
        assertThat(count[0]).isEqualTo(2);
    }

    @Test
    void shouldFireTimerScheduledInThePastOnNextPoll()
    {
        wheel.poll(1_050 * MS);
        final WheelTimer past = named("past");
        wheel.schedule(past, 1_010 * MS);

        assertThat(wheel.poll(1_050 * MS)).isEqualTo(1);
    }

    @Test
    void shouldFireEverythingAfterALongPause()
    {
        for (int i = 0; i < 10; i++)
        {
            wheel.schedule(named("t" + i), 1_000 * MS + i * 37 * MS);
        }

        assertThat(wheel.poll(1_000_000 * MS)).isEqualTo(10);
    }
}
