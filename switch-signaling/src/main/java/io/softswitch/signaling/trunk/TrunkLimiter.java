package io.softswitch.signaling.trunk;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The admission control of one trunk: at most {@code cpsLimit} new calls per second and at most
 * {@code concurrentLimit} calls in progress.
 *
 * <p>The call rate is a token bucket of {@code cpsLimit} tokens refilled at {@code cpsLimit}
 * tokens per second from the nano clock, kept in its virtual-scheduling form (the GCRA of ITU-T
 * I.371): one atomic "theoretical arrival time" {@code tat}. Each admitted call moves it one
 * emission interval {@code 1 s / cpsLimit} later; a call is refused when {@code tat} is more than
 * {@code cpsLimit - 1} intervals ahead of now, which is the bucket being empty. That makes the
 * bucket a single compare-and-set, with no refill thread and no lock:
 *
 * <pre>
 *   now ---------|-----------|-----------|---- tat
 *                 interval    interval    ...      admitted while tat - now &lt;= burstNs
 * </pre>
 *
 * <p>Concurrency is an atomic counter that is only raised by compare-and-set while it is below the
 * limit, so no interleaving of threads ever admits more than the limit.
 *
 * <p>Lock-free and allocation free: one trunk's calls live on many event loops at once.
 */
public final class TrunkLimiter
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int cpsLimit;
    private final int concurrentLimit;
    private final LongSupplier nanoClock;
    private final long intervalNs;
    private final long burstNs;
    private final AtomicLong tatNs;
    private final AtomicInteger inProgress = new AtomicInteger();

    /**
     * What {@link #tryAcquire()} decided.
     */
    public enum Admission
    {
        /** The call may proceed; {@link #release()} must follow when it ends. */
        ADMITTED,
        /** Over the calls-per-second limit: answer 503 with Retry-After; nothing to release. */
        CPS_EXCEEDED,
        /** Over the concurrent-call limit: answer 503 with Retry-After; nothing to release. */
        CONCURRENT_EXCEEDED
    }

    /**
     * Creates a limiter with a full bucket.
     *
     * @param cpsLimit        new calls admitted per second (and as a burst), at least 1.
     * @param concurrentLimit calls in progress at once, at least 1.
     * @param nanoClock       monotonic nanoseconds, e.g. {@code System::nanoTime}.
     */
    public TrunkLimiter(final int cpsLimit, final int concurrentLimit, final LongSupplier nanoClock)
    {
        if (cpsLimit < 1 || concurrentLimit < 1)
        {
            throw new IllegalArgumentException(
                "limits must be positive: cpsLimit=" + cpsLimit + " concurrentLimit=" + concurrentLimit);
        }
        this.cpsLimit = cpsLimit;
        this.concurrentLimit = concurrentLimit;
        this.nanoClock = nanoClock;
        // Rounded up so that rounding can never admit more than cpsLimit in a second.
        this.intervalNs = (NANOS_PER_SECOND + cpsLimit - 1) / cpsLimit;
        this.burstNs = intervalNs * (cpsLimit - 1);
        this.tatNs = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Asks to admit one new call: takes a concurrent slot, then a rate token.
     *
     * @return {@link Admission#ADMITTED} when both were available; otherwise which limit refused
     *         the call, having taken nothing.
     */
    public Admission tryAcquire()
    {
        if (!tryIncrementInProgress())
        {
            return Admission.CONCURRENT_EXCEEDED;
        }
        // The slot is taken before the token so a call refused for concurrency spends no token.
        if (!tryTakeToken())
        {
            inProgress.decrementAndGet();
            return Admission.CPS_EXCEEDED;
        }
        return Admission.ADMITTED;
    }

    /**
     * Gives back the concurrent slot of a call that was admitted and has now ended.
     *
     * @throws IllegalStateException when no call is in progress (a release without an admission).
     */
    public void release()
    {
        int current;
        do
        {
            current = inProgress.get();
            if (current == 0)
            {
                throw new IllegalStateException("release without admission: inProgress=0");
            }
        }
        while (!inProgress.compareAndSet(current, current - 1));
    }

    /**
     * Calls admitted and not yet released.
     *
     * @return the count.
     */
    public int inProgress()
    {
        return inProgress.get();
    }

    /**
     * The calls-per-second limit.
     *
     * @return the limit.
     */
    public int cpsLimit()
    {
        return cpsLimit;
    }

    /**
     * The concurrent-call limit.
     *
     * @return the limit.
     */
    public int concurrentLimit()
    {
        return concurrentLimit;
    }

    private boolean tryIncrementInProgress()
    {
        int current;
        do
        {
            current = inProgress.get();
            if (current >= concurrentLimit)
            {
                return false;
            }
        }
        while (!inProgress.compareAndSet(current, current + 1));
        return true;
    }

    private boolean tryTakeToken()
    {
        final long nowNs = nanoClock.getAsLong();
        long tat;
        long start;
        do
        {
            tat = tatNs.get();
            // An idle bucket is full, not fuller: time before now earns no extra tokens.
            start = tat - nowNs < 0 ? nowNs : tat;
            if (start - nowNs > burstNs)
            {
                return false;
            }
        }
        while (!tatNs.compareAndSet(tat, start + intervalNs));
        return true;
    }
}
