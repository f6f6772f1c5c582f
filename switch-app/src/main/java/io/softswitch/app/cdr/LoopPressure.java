package io.softswitch.app.cdr;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.cdr.billing.CallPathPressure;
import io.softswitch.signaling.OverloadPolicy;

/**
 * The SIP event loops' pressure as billing sees it: read from the overload signals the switch
 * publishes ({@code softswitch_overload_refused_percent}, {@code softswitch_udp_receive_queue_bytes},
 * {@code softswitch_udp_receive_delay_seconds}, {@code softswitch_loop_lag_seconds},
 * {@code softswitch_loop_pending_tasks}; see {@code docs/overload.md}), each the last 10 ms sample
 * of the switch's shedder.
 *
 * <p>The loops are under pressure while new calls are refused, while a datagram waits in the
 * receive queue at all (the delay is estimated only once the queue has stayed behind for 100 ms),
 * or while a queue, the loop lag or the tasks pending stand above a quarter of the mark at which
 * the shedder acts ({@link #SHARE_OF_MARK}): billing gives the cores back well before calls are
 * refused, not after. The gauges are looked up in the registry the switch registers them in, once
 * they exist (billing starts before the SIP side), so no pressure is reported before then.
 */
public final class LoopPressure implements CallPathPressure
{
    /** Pressure starts at this share of each of the shedder's marks (1 / 4). */
    public static final int SHARE_OF_MARK = 4;

    private final MeterRegistry registry;
    private final double queuedBytesMark;
    private final double lagSecondsMark;
    private final double pendingTasksMark;
    private Gauge refusedPercent;
    private Gauge queuedBytes;
    private Gauge delaySeconds;
    private Gauge lagSeconds;
    private Gauge pendingTasks;

    /**
     * Creates the view.
     *
     * @param registry where the switch registers its overload gauges.
     * @param policy   the shedder's marks.
     */
    public LoopPressure(final MeterRegistry registry, final OverloadPolicy policy)
    {
        this.registry = registry;
        this.queuedBytesMark = (double)policy.lowQueuedBytes() / SHARE_OF_MARK;
        this.lagSecondsMark = policy.highLagMs() / 1000.0 / SHARE_OF_MARK;
        this.pendingTasksMark = (double)policy.highPendingTasks() / SHARE_OF_MARK;
    }

    @Override
    public boolean underPressure()
    {
        if (refusedPercent == null && !resolve())
        {
            return false;
        }
        return refusedPercent.value() > 0 || delaySeconds.value() > 0 || queuedBytes.value() > queuedBytesMark ||
            lagSeconds.value() > lagSecondsMark || pendingTasks.value() > pendingTasksMark;
    }

    /** Finds the gauges once the SIP side has registered them. */
    private boolean resolve()
    {
        final Gauge refused = registry.find("softswitch.overload.refused.percent").gauge();
        final Gauge queued = registry.find("softswitch.udp.receive.queue.bytes").gauge();
        final Gauge delay = registry.find("softswitch.udp.receive.delay.seconds").gauge();
        final Gauge lag = registry.find("softswitch.loop.lag.seconds").gauge();
        final Gauge pending = registry.find("softswitch.loop.pending.tasks").gauge();
        if (refused == null || queued == null || delay == null || lag == null || pending == null)
        {
            return false;
        }
        queuedBytes = queued;
        delaySeconds = delay;
        lagSeconds = lag;
        pendingTasks = pending;
        refusedPercent = refused;
        return true;
    }
}
