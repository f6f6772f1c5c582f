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
 * above the high marks and stops below the low ones, so that it does not flap.
 *
 * @param highQueuedBytes  receive queue bytes above which new calls are shed.
 * @param lowQueuedBytes   receive queue bytes below which shedding stops.
 * @param highPendingTasks tasks queued on any loop above which new calls are shed.
 * @param sampleIntervalMs how often the queues are looked at.
 */
public record OverloadPolicy(long highQueuedBytes, long lowQueuedBytes, int highPendingTasks, long sampleIntervalMs)
{
    /** 256 KB of datagrams waiting (a few hundred INVITEs), 64 KB to clear, 5,000 tasks, every 20 ms. */
    public static final OverloadPolicy DEFAULT = new OverloadPolicy(256 * 1024, 64 * 1024, 5_000, 20);

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
