package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.signaling.OverloadPolicy;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Decides, off the event loops, which share of new calls the switch refuses because it has fallen
 * behind ({@link OverloadPolicy}); the loops only read the share, one volatile read per new INVITE,
 * and each refuses that share of its own INVITEs, evenly spread.
 *
 * <p>The same share is what the switch asks its customers' SBCs to hold back (RFC 7339, the
 * "loss" algorithm): it is advertised in responses to requests whose top Via carries {@code oc},
 * with the time it last changed as {@code oc-seq}, and for {@link #ADVERTISE_AFTER_MS} after it
 * went back to zero as {@code oc=0}, so that clients stop throttling at once.
 *
 * <p>Sampled by its own thread every {@link OverloadPolicy#sampleIntervalMs()}.
 */
public final class LoadShedder implements Runnable
{
    /** Never sheds: for a switch without UDP backlog to watch, and for tests of other things. */
    public static final LoadShedder NEVER = new LoadShedder(OverloadPolicy.DEFAULT, () -> 0, () -> 0, () -> 0,
        System::currentTimeMillis);
    /** How long {@code oc=0} is still advertised after shedding stopped. */
    static final long ADVERTISE_AFTER_MS = 2_000;
    /** The {@code oc-validity} advertised: the RFC 7339 default. */
    static final int VALIDITY_MS = 500;
    /** The most steps one sample takes at once, for a signal this many times its high mark. */
    private static final int MAX_STEPS = 4;
    /** How far back the loops' read rate is taken for the receive queue's wait. */
    private static final long READ_RATE_WINDOW_MS = 100;

    private final OverloadPolicy policy;
    private final LongSupplier queuedBytes;
    private final IntSupplier pendingTasks;
    private final LongSupplier loopLagNs;
    private final LongSupplier epochClockMs;
    private final long highLagNs;
    private final long highDelayNs;
    private volatile int refusePercent;
    private volatile long changedAtEpochMs;
    private volatile long lastQueuedBytes;
    private volatile int lastPendingTasks;
    private volatile long lastLagNs;
    private volatile long lastDelayNs;
    private ReceiveQueueDelay queueDelay;
    private CallCapacity capacity;
    private int samplesAbove;

    /**
     * Creates the shedder.
     *
     * @param policy       the marks and steps.
     * @param queuedBytes  bytes waiting in the SIP port's receive queues.
     * @param pendingTasks tasks queued on the busiest loop.
     * @param loopLagNs    the worst recent wait of a handed-over message in a loop's queue.
     * @param epochClockMs the wall clock, for {@code oc-seq}.
     */
    public LoadShedder(final OverloadPolicy policy, final LongSupplier queuedBytes, final IntSupplier pendingTasks,
        final LongSupplier loopLagNs, final LongSupplier epochClockMs)
    {
        this.policy = policy;
        this.queuedBytes = queuedBytes;
        this.pendingTasks = pendingTasks;
        this.loopLagNs = loopLagNs;
        this.epochClockMs = epochClockMs;
        this.highLagNs = TimeUnit.MILLISECONDS.toNanos(policy.highLagMs());
        this.highDelayNs = TimeUnit.MILLISECONDS.toNanos(policy.highDelayMs());
        this.changedAtEpochMs = Long.MIN_VALUE / 2;
    }

    /**
     * Watches how fast the loops read their sockets, so that the receive queue is also judged as
     * the time a datagram waits in it ({@link ReceiveQueueDelay}, the read rate taken over
     * {@link #READ_RATE_WINDOW_MS}), against its own marks, once it holds a quarter of its low mark
     * (a few datagrams stuck behind a pause are no overload); and how many new calls they take and
     * refuse, so that the share refused is lowered to what they carried when last behind
     * ({@link CallCapacity}). Call before the first sample.
     *
     * @param loops the switch's loops.
     * @return this.
     */
    public LoadShedder watch(final CallLoop[] loops)
    {
        final CallLoop[] watched = loops.clone();
        final long windowNs = TimeUnit.MILLISECONDS.toNanos(READ_RATE_WINDOW_MS);
        return watch(new ReceiveQueueDelay(sum(watched, LoopLag::arrivals), System::nanoTime,
            policy.lowQueuedBytes() / 4, windowNs), new CallCapacity(sum(watched, LoopLag::admissions),
            sum(watched, LoopLag::sheddings), System::nanoTime, windowNs));
    }

    /** One of the loops' counters, summed over the loops at each read. */
    private static LongSupplier sum(final CallLoop[] loops, final ToLongFunction<LoopLag> counter)
    {
        return () ->
        {
            long total = 0;
            for (final CallLoop loop : loops)
            {
                total += counter.applyAsLong(loop.lag);
            }
            return total;
        };
    }

    LoadShedder watch(final ReceiveQueueDelay delay, final CallCapacity callCapacity)
    {
        this.queueDelay = delay;
        this.capacity = callCapacity;
        return this;
    }

    /**
     * Registers the gauges of the decision and of what it is made from.
     *
     * @param registry where meters go.
     * @return this.
     */
    public LoadShedder register(final MeterRegistry registry)
    {
        Gauge.builder("softswitch.overload.shedding", this, shedder -> shedder.refusePercent > 0 ? 1 : 0)
            .description("1 while new calls are refused with 503 because the event loops have fallen behind")
            .register(registry);
        Gauge.builder("softswitch.overload.refused.percent", this, shedder -> shedder.refusePercent)
            .description("share of new calls refused with 503 while the event loops have fallen behind, in percent")
            .register(registry);
        Gauge.builder("softswitch.udp.receive.queue.bytes", this, shedder -> shedder.lastQueuedBytes)
            .description("bytes of datagrams waiting in the SIP port's kernel receive queues, last sample")
            .register(registry);
        Gauge.builder("softswitch.loop.pending.tasks", this, shedder -> shedder.lastPendingTasks)
            .description("tasks queued on the busiest signaling loop, last sample")
            .register(registry);
        Gauge.builder("softswitch.loop.lag.seconds", this, shedder -> shedder.lastLagNs / 1e9)
            .description("worst recent wait of a message handed to its call's loop, last sample")
            .register(registry);
        Gauge.builder("softswitch.overload.capacity.calls.per.second", this,
                shedder -> shedder.capacity == null ? 0 : shedder.capacity.capacityPerSecond())
            .description("new calls a second the signaling loops can carry, measured while they were last behind " +
                "(refused calls counted at an eighth of a carried one); 0 until they have been behind")
            .register(registry);
        Gauge.builder("softswitch.udp.receive.delay.seconds", this, shedder -> shedder.lastDelayNs / 1e9)
            .description("estimated wait of a datagram in the SIP port's kernel receive queues before a loop " +
                "reads it (queued bytes over the rate the loops read), last sample")
            .register(registry);
        return this;
    }

    /**
     * Samples the queues and moves the refused share; runs on the shedder's thread.
     */
    @Override
    public void run()
    {
        final long bytes = queuedBytes.getAsLong();
        final int tasks = pendingTasks.getAsInt();
        final long delayNs = queueDelay == null ? 0 : queueDelay.estimateNs(bytes);
        final long handoverNs = loopLagNs.getAsLong();
        final long previousBytes = lastQueuedBytes;
        if (capacity != null)
        {
            capacity.sample(delayNs > 0);
        }
        final int percent = refusePercent;
        int next = percent;
        final boolean queueAbove = bytes > policy.highQueuedBytes() || delayNs > highDelayNs;
        final boolean loopsAbove = tasks > policy.highPendingTasks() || handoverNs > highLagNs;
        if (queueAbove || loopsAbove)
        {
            samplesAbove++;
            final int steps = steps(bytes, tasks, handoverNs, delayNs);
            // A receive queue above its marks that has shrunk by an eighth since the last sample
            // is being worked off at the share refused now: raising it would overshoot, and refuse
            // calls the loops could carry once the backlog is gone.
            final boolean draining = !loopsAbove && bytes < previousBytes - previousBytes / 8;
            // Two samples in a row before the first step: one garbage collection pause is no
            // overload. A backlog of twice the mark or more is no pause: it sheds at once.
            if (!draining && (percent > 0 || samplesAbove >= 2 || steps >= 2))
            {
                next = Math.min(100, percent + steps * policy.stepUpPercent());
            }
        }
        else
        {
            samplesAbove = 0;
            if (bytes <= policy.lowQueuedBytes() && tasks <= policy.highPendingTasks() / 4 &&
                handoverNs <= highLagNs / 4 && delayNs <= highDelayNs / 4)
            {
                // Clear queues say the loops keep up at the share refused now, not that they
                // would at a lower one: once their capacity is known, lowered to what it allows.
                next = capacity != null && capacity.measured() ? capacity.lowered(percent) :
                    Math.max(0, percent - policy.stepDownPercent());
            }
        }
        lastQueuedBytes = bytes;
        lastPendingTasks = tasks;
        lastLagNs = handoverNs;
        lastDelayNs = delayNs;
        if (next != percent)
        {
            changedAtEpochMs = epochClockMs.getAsLong();
            refusePercent = next;
        }
    }

    /**
     * How many steps up one sample takes: as many as the furthest signal is times its high mark,
     * from one to {@link #MAX_STEPS}, so that a loop far behind reaches the share it needs in a few
     * samples while one just over the mark creeps up.
     */
    private int steps(final long bytes, final int tasks, final long handoverNs, final long delayNs)
    {
        final long times = Math.max(Math.max(bytes / policy.highQueuedBytes(), tasks / policy.highPendingTasks()),
            Math.max(handoverNs / highLagNs, delayNs / highDelayNs));
        return (int)Math.max(1, Math.min(MAX_STEPS, times));
    }

    /**
     * Whether some new calls are refused now.
     *
     * @return true while shedding.
     */
    public boolean isShedding()
    {
        return refusePercent > 0;
    }

    /**
     * The share of new calls refused now.
     *
     * @return 0 to 100.
     */
    public int refusePercent()
    {
        return refusePercent;
    }

    /**
     * When the refused share last changed: RFC 7339's {@code oc-seq}, which a client uses to tell
     * a newer value from an older one.
     *
     * @return milliseconds since the epoch.
     */
    long changedAtEpochMs()
    {
        return changedAtEpochMs;
    }

    /**
     * Whether responses to clients that support overload control carry its parameters now: while
     * shedding, and for a while after it stopped (as {@code oc=0}).
     *
     * @param nowEpochMs the loop's clock.
     * @return true when {@code oc} is to be written.
     */
    boolean advertises(final long nowEpochMs)
    {
        return refusePercent > 0 || nowEpochMs - changedAtEpochMs < ADVERTISE_AFTER_MS;
    }
}
