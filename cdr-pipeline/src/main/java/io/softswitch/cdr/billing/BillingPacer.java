package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decides, before each batch the billing tailer reads, whether billing waits for the call path:
 * billing is deferred while the switch reports its event loops under pressure
 * ({@link CallPathPressure}) and until they have been calm for {@link #CALM_MS}; the journal
 * holds the records meanwhile, and billing catches up afterwards.
 *
 * <p>The deferral is capped: once billing has waited {@code maxDefer} since it last caught up
 * with the journal, it runs whatever the pressure until it has caught up again, so that a switch
 * at full load for ever still bills, at most {@code maxDefer} (plus the catch-up) behind. A cap of
 * zero never defers.
 *
 * <p>Used by the tailer's reader thread only; the meters read its published state from others.
 */
public final class BillingPacer
{
    /** How long the call path must stay calm before deferred billing resumes. */
    public static final long CALM_MS = 1_000;
    /**
     * How long after the last pressure billing still catches up in small batches
     * ({@link #batchSize(int)}): load that comes back finds at most a small batch in flight.
     */
    public static final long GENTLE_MS = 10_000;
    /** The share of the configured batch size read while catching up gently (1 / 10, at least {@link #GENTLE_MIN_CALLS}). */
    public static final int GENTLE_SHARE = 10;
    /** The smallest gentle batch. */
    public static final int GENTLE_MIN_CALLS = 500;
    /** The default cap on one deferral. */
    public static final Duration DEFAULT_MAX_DEFER = Duration.ofMinutes(5);
    /** A pacer that never defers. */
    public static final BillingPacer NEVER = new BillingPacer(CallPathPressure.NONE, Duration.ZERO, System::nanoTime);

    private static final Logger LOG = LoggerFactory.getLogger(BillingPacer.class);
    private static final long NOT_OWED = Long.MIN_VALUE;

    private final CallPathPressure pressure;
    private final long maxDeferNs;
    private final LongSupplier nanoClock;
    private final long calmNs = TimeUnit.MILLISECONDS.toNanos(CALM_MS);
    private final long gentleNs = TimeUnit.MILLISECONDS.toNanos(GENTLE_MS);
    private boolean pressedOnce;
    private long owedSinceNs = NOT_OWED;
    private long lastPressureNs;
    private long lastAskedNs;
    private boolean capReached;
    private volatile boolean deferring;
    private volatile long deferredNs;
    private volatile long deferrals;
    private volatile long capsReached;

    /**
     * Creates the pacer.
     *
     * @param pressure  what the switch reports of its loops.
     * @param maxDefer  the longest billing may wait since it last caught up; zero never defers.
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}; a manual clock in tests).
     */
    public BillingPacer(final CallPathPressure pressure, final Duration maxDefer, final LongSupplier nanoClock)
    {
        if (maxDefer.isNegative())
        {
            throw new IllegalArgumentException("bad billing max-defer: " + maxDefer);
        }
        this.pressure = pressure;
        this.maxDeferNs = maxDefer.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Registers the deferral's meters.
     *
     * @param registry where meters go.
     * @return this.
     */
    public BillingPacer register(final MeterRegistry registry)
    {
        Gauge.builder("softswitch.billing.deferred", this, p -> p.deferring ? 1 : 0)
            .description("1 while billing waits for the call path: the SIP event loops are under pressure (the " +
                "journal holds the CDRs; softswitch_billing_backlog_* say how many and how old)")
            .register(registry);
        FunctionCounter.builder("softswitch.billing.deferred.seconds", this, BillingPacer::deferredSeconds)
            .description("Time billing has waited for the call path under pressure, in total")
            .baseUnit("seconds").register(registry);
        FunctionCounter.builder("softswitch.billing.deferrals", this, p -> p.deferrals)
            .description("Times billing started waiting for the call path under pressure").register(registry);
        FunctionCounter.builder("softswitch.billing.deferral.caps", this, p -> p.capsReached)
            .description("Times billing stopped waiting because it had waited the configured max-defer: it then " +
                "bills under pressure until it has caught up").register(registry);
        return this;
    }

    /**
     * Asked by the reader before each batch: whether billing waits for the call path now.
     *
     * @return true to wait (and ask again after an idle poll), false to read the next batch.
     */
    public boolean defers()
    {
        if (maxDeferNs == 0 || capReached)
        {
            return false;
        }
        final long nowNs = nanoClock.getAsLong();
        final boolean pressed = pressure.underPressure();
        if (pressed)
        {
            lastPressureNs = nowNs;
            pressedOnce = true;
        }
        if (!pressed && !(deferring && nowNs - lastPressureNs < calmNs))
        {
            stop(nowNs);
            return false;
        }
        if (owedSinceNs == NOT_OWED)
        {
            owedSinceNs = nowNs;
        }
        else if (nowNs - owedSinceNs >= maxDeferNs)
        {
            capReached = true;
            capsReached++;
            stop(nowNs);
            LOG.warn("billing waited {} s for the call path under pressure (cdr.billing-max-defer-seconds): it bills " +
                "now until it has caught up with the journal", TimeUnit.NANOSECONDS.toSeconds(maxDeferNs));
            return false;
        }
        if (deferring)
        {
            deferredNs += nowNs - lastAskedNs;
        }
        else
        {
            deferring = true;
            deferrals++;
        }
        lastAskedNs = nowNs;
        return true;
    }

    /**
     * How many calls the next batch may hold: the configured size, or a tenth of it (at least
     * {@link #GENTLE_MIN_CALLS}) within {@link #GENTLE_MS} of the last pressure, so that a catch-up
     * that the load interrupts has little work in flight (a batch being read and one being
     * committed cannot be called back) when the loops need the cores again.
     *
     * @param configured the tailer's batch size.
     * @return the calls to read.
     */
    public int batchSize(final int configured)
    {
        if (maxDeferNs == 0 || !pressedOnce || nanoClock.getAsLong() - lastPressureNs >= gentleNs)
        {
            return configured;
        }
        return Math.min(configured, Math.max(GENTLE_MIN_CALLS, configured / GENTLE_SHARE));
    }

    /**
     * Told by the reader when a read found less than a full batch: billing has caught up with the
     * journal, so the next deferral may again last up to the cap.
     */
    public void caughtUp()
    {
        capReached = false;
        owedSinceNs = NOT_OWED;
    }

    /**
     * Whether billing is waiting for the call path now.
     *
     * @return true while deferred.
     */
    public boolean deferring()
    {
        return deferring;
    }

    /**
     * The time billing has waited for the call path, in total, up to its last question.
     *
     * @return seconds.
     */
    public double deferredSeconds()
    {
        return deferredNs / 1e9;
    }

    private void stop(final long nowNs)
    {
        if (deferring)
        {
            deferredNs += nowNs - lastAskedNs;
            deferring = false;
        }
    }
}
