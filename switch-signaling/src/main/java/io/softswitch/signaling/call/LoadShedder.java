package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.signaling.OverloadPolicy;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Decides, off the event loops, whether the switch has fallen behind and must shed new calls
 * ({@link OverloadPolicy}); the loops only read the decision, one volatile read per new INVITE.
 * Sampled by its own thread every {@link OverloadPolicy#sampleIntervalMs()}.
 */
public final class LoadShedder implements Runnable
{
    /** Never sheds: for a switch without UDP backlog to watch, and for tests of other things. */
    public static final LoadShedder NEVER = new LoadShedder(OverloadPolicy.DEFAULT, () -> 0, () -> 0);

    private final OverloadPolicy policy;
    private final LongSupplier queuedBytes;
    private final IntSupplier pendingTasks;
    private volatile boolean shedding;
    private volatile long lastQueuedBytes;
    private volatile int lastPendingTasks;
    private int samplesAbove;

    /**
     * Creates the shedder.
     *
     * @param policy       the marks.
     * @param queuedBytes  bytes waiting in the SIP port's receive queues.
     * @param pendingTasks tasks queued on the busiest loop.
     */
    public LoadShedder(final OverloadPolicy policy, final LongSupplier queuedBytes, final IntSupplier pendingTasks)
    {
        this.policy = policy;
        this.queuedBytes = queuedBytes;
        this.pendingTasks = pendingTasks;
    }

    /**
     * Registers the gauges of the decision and of what it is made from.
     *
     * @param registry where meters go.
     * @return this.
     */
    public LoadShedder register(final MeterRegistry registry)
    {
        Gauge.builder("softswitch.overload.shedding", this, shedder -> shedder.shedding ? 1 : 0)
            .description("1 while new calls are refused with 503 because the event loops have fallen behind")
            .register(registry);
        Gauge.builder("softswitch.udp.receive.queue.bytes", this, shedder -> shedder.lastQueuedBytes)
            .description("bytes of datagrams waiting in the SIP port's kernel receive queues, last sample")
            .register(registry);
        Gauge.builder("softswitch.loop.pending.tasks", this, shedder -> shedder.lastPendingTasks)
            .description("tasks queued on the busiest signaling loop, last sample")
            .register(registry);
        return this;
    }

    /**
     * Samples the queues and updates the decision; runs on the shedder's thread.
     */
    @Override
    public void run()
    {
        final long bytes = queuedBytes.getAsLong();
        final int tasks = pendingTasks.getAsInt();
        lastQueuedBytes = bytes;
        lastPendingTasks = tasks;
        if (bytes > policy.highQueuedBytes() || tasks > policy.highPendingTasks())
        {
            // Two samples in a row: one garbage collection pause is no overload.
            samplesAbove++;
            if (samplesAbove >= 2)
            {
                shedding = true;
            }
        }
        else
        {
            samplesAbove = 0;
            if (bytes <= policy.lowQueuedBytes() && tasks <= policy.highPendingTasks() / 4)
            {
                shedding = false;
            }
        }
    }

    /**
     * Whether new calls are to be refused now.
     *
     * @return true while shedding.
     */
    public boolean isShedding()
    {
        return shedding;
    }
}
