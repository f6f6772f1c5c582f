package io.softswitch.signaling;

/**
 * When the switch sheds new calls to protect the calls it carries (DESIGN.md, back-pressure):
 * while the event loops have fallen behind, new INVITEs are refused at once with 503 and
 * Retry-After, before any transaction or routing work, and counted per customer trunk.
 *
 * <p>Falling behind is measured off the loops every {@code sampleIntervalMs}: the bytes of
 * datagrams waiting in the SIP port's kernel receive queues (datagrams not yet read: what makes
 * the time from datagram to handling grow), and the tasks queued on the loops (messages handed
 * from the loop that read them to the loop that owns their call, route answers). Shedding starts
 * when two samples in a row are above a high mark (a garbage collection pause alone does not
 * shed) and stops below the low ones, so that it does not flap.
 *
 * @param highQueuedBytes  receive queue bytes above which new calls are shed.
 * @param lowQueuedBytes   receive queue bytes below which shedding stops.
 * @param highPendingTasks tasks queued on any loop above which new calls are shed.
 * @param sampleIntervalMs how often the queues are looked at.
 */
public record OverloadPolicy(long highQueuedBytes, long lowQueuedBytes, int highPendingTasks, long sampleIntervalMs)
{
    /**
     * 2 MB waiting (the kernel counts each datagram with its buffer overhead, 1 to 2 KB: about a
     * thousand datagrams, over 100 ms of work at 10,000 messages a second), 512 KB to clear,
     * 5,000 tasks, sampled every 20 ms.
     */
    public static final OverloadPolicy DEFAULT = new OverloadPolicy(2 * 1024 * 1024, 512 * 1024, 5_000, 20);

    /**
     * Validates the policy.
     */
    public OverloadPolicy
    {
        if (highQueuedBytes < 1 || lowQueuedBytes < 0 || lowQueuedBytes > highQueuedBytes || highPendingTasks < 1 ||
            sampleIntervalMs < 1)
        {
            throw new IllegalArgumentException("bad overload policy: highQueuedBytes=" + highQueuedBytes +
                " lowQueuedBytes=" + lowQueuedBytes + " highPendingTasks=" + highPendingTasks +
                " sampleIntervalMs=" + sampleIntervalMs);
        }
    }
}
