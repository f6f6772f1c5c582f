package io.softswitch.signaling.trunk;

import io.softswitch.signaling.trunk.TrunkLimiter.Admission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrunkLimiterTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    private final AtomicLong clockNs = new AtomicLong(5_000 * SECOND_NS);

    @Test
    void shouldAdmitBurstOfCpsLimitThenRefuseWithCpsExceeded()
    {
        final TrunkLimiter limiter = new TrunkLimiter(10, 1_000, clockNs::get);

        for (int i = 0; i < 10; i++)
        {
            assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        }
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CPS_EXCEEDED);
        assertThat(limiter.inProgress()).isEqualTo(10);
    }

    @Test
    void shouldRefillOneTokenPerIntervalFromClock()
    {
        final TrunkLimiter limiter = new TrunkLimiter(10, 1_000, clockNs::get);
        drainTokens(limiter);

        clockNs.addAndGet(SECOND_NS / 10 - 1);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CPS_EXCEEDED);

        clockNs.addAndGet(1);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CPS_EXCEEDED);
    }

    @Test
    void shouldAdmitExactlyCpsLimitPerSecondAtSteadyRate()
    {
        final TrunkLimiter limiter = new TrunkLimiter(50, 100_000, clockNs::get);
        drainTokens(limiter);

        int admitted = 0;
        // Offer a call every millisecond for ten seconds: the bucket lets 50 a second through.
        for (int ms = 0; ms < 10_000; ms++)
        {
            clockNs.addAndGet(1_000_000);
            if (limiter.tryAcquire() == Admission.ADMITTED)
            {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(500);
    }

    @Test
    void shouldNotSaveUpMoreThanOneBurstWhileIdle()
    {
        final TrunkLimiter limiter = new TrunkLimiter(5, 1_000, clockNs::get);
        drainTokens(limiter);

        clockNs.addAndGet(3_600 * SECOND_NS);

        for (int i = 0; i < 5; i++)
        {
            assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        }
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CPS_EXCEEDED);
    }

    @Test
    void shouldRefillNoFasterThanCpsLimitWhenIntervalIsRounded()
    {
        final TrunkLimiter limiter = new TrunkLimiter(3, 1_000, clockNs::get);
        drainTokens(limiter);

        clockNs.addAndGet(SECOND_NS - 1);
        assertThat(admitAll(limiter)).isEqualTo(2);
    }

    @Test
    void shouldKeepWorkingWhenNanoClockWrapsAround()
    {
        clockNs.set(Long.MAX_VALUE - SECOND_NS / 4);
        final TrunkLimiter limiter = new TrunkLimiter(2, 1_000, clockNs::get);
        drainTokens(limiter);

        clockNs.addAndGet(SECOND_NS / 2);
        assertThat(clockNs.get()).isNegative();
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CPS_EXCEEDED);
    }

    @Test
    void shouldRefuseWithConcurrentExceededUntilACallIsReleased()
    {
        final TrunkLimiter limiter = new TrunkLimiter(1_000, 3, clockNs::get);

        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CONCURRENT_EXCEEDED);
        assertThat(limiter.inProgress()).isEqualTo(3);

        limiter.release();

        assertThat(limiter.inProgress()).isEqualTo(2);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void shouldSpendNoTokenOnCallRefusedForConcurrency()
    {
        final TrunkLimiter limiter = new TrunkLimiter(2, 1, clockNs::get);

        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CONCURRENT_EXCEEDED);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CONCURRENT_EXCEEDED);
        limiter.release();

        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void shouldHoldNoSlotForCallRefusedForRate()
    {
        final TrunkLimiter limiter = new TrunkLimiter(1, 10, clockNs::get);

        assertThat(limiter.tryAcquire()).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.tryAcquire()).isEqualTo(Admission.CPS_EXCEEDED);

        assertThat(limiter.inProgress()).isEqualTo(1);
    }

    @Test
    void shouldRejectReleaseWithoutAdmission()
    {
        final TrunkLimiter limiter = new TrunkLimiter(1, 1, clockNs::get);

        assertThatThrownBy(limiter::release)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("release without admission: inProgress=0");
        assertThat(limiter.inProgress()).isZero();
    }

    @Test
    void shouldRejectNonPositiveLimits()
    {
        assertThatThrownBy(() -> new TrunkLimiter(0, 1, clockNs::get))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("limits must be positive: cpsLimit=0 concurrentLimit=1");
        assertThatThrownBy(() -> new TrunkLimiter(1, -1, clockNs::get))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(30)
    void shouldNeverOverAdmitRateFromManyThreads() throws Exception
    {
        final TrunkLimiter limiter = new TrunkLimiter(1_000, Integer.MAX_VALUE, clockNs::get);

        final int admitted = hammer(limiter, 8, 5_000, false, new AtomicInteger());

        assertThat(admitted).isEqualTo(1_000);
    }

    @Test
    @Timeout(30)
    void shouldNeverOverAdmitConcurrentCallsFromManyThreads() throws Exception
    {
        final TrunkLimiter limiter = new TrunkLimiter(Integer.MAX_VALUE, 64, clockNs::get);

        final int admitted = hammer(limiter, 8, 5_000, false, new AtomicInteger());

        assertThat(admitted).isEqualTo(64);
        assertThat(limiter.inProgress()).isEqualTo(64);
    }

    @Test
    @Timeout(30)
    void shouldKeepLiveCallsWithinLimitWhileThreadsAcquireAndRelease() throws Exception
    {
        final TrunkLimiter limiter = new TrunkLimiter(Integer.MAX_VALUE, 5, clockNs::get);
        final AtomicInteger maxLive = new AtomicInteger();

        final int admitted = hammer(limiter, 8, 20_000, true, maxLive);

        assertThat(admitted).isPositive();
        assertThat(maxLive.get()).isBetween(1, 5);
        assertThat(limiter.inProgress()).isZero();
    }

    private static int hammer(
        final TrunkLimiter limiter,
        final int threads,
        final int attemptsPerThread,
        final boolean release,
        final AtomicInteger maxLive) throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final CountDownLatch start = new CountDownLatch(1);
            final AtomicInteger live = new AtomicInteger();
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                results.add(pool.submit(() ->
                {
                    start.await();
                    int admitted = 0;
                    for (int i = 0; i < attemptsPerThread; i++)
                    {
                        if (limiter.tryAcquire() == Admission.ADMITTED)
                        {
                            admitted++;
                            if (release)
                            {
                                maxLive.accumulateAndGet(live.incrementAndGet(), Math::max);
                                live.decrementAndGet();
                                limiter.release();
                            }
                        }
                    }
                    return admitted;
                }));
            }
            start.countDown();
            int total = 0;
            for (final Future<Integer> result : results)
            {
                total += result.get(20, TimeUnit.SECONDS);
            }
            return total;
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static int admitAll(final TrunkLimiter limiter)
    {
        int admitted = 0;
        while (admitted < 1_000_000 && limiter.tryAcquire() == Admission.ADMITTED)
        {
            admitted++;
        }
        return admitted;
    }

    private static void drainTokens(final TrunkLimiter limiter)
    {
        admitAll(limiter);
        while (limiter.inProgress() > 0)
        {
            limiter.release();
        }
    }
}
