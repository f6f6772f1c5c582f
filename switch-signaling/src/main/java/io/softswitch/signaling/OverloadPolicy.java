package io.softswitch.signaling;

/**
 * When the switch sheds new calls to protect the calls it carries (DESIGN.md, back-pressure):
 * while the event loops have fallen behind, a share of new INVITEs is refused at once with 503
 * and Retry-After, before any transaction or routing work, and counted per customer trunk.
 *
 * <p>Falling behind is measured every {@code sampleIntervalMs}: the bytes of datagrams waiting in
 * the SIP port's kernel receive queues (datagrams not yet read: what makes the time from datagram
 * to handling grow), the time a message handed from the loop that read it to the loop that owns
 * its call waits in that loop's queue (the worst of each 5 ms window, each window counted once),
 * and the tasks
 * queued on the busiest loop. The share refused rises every sample that finds a signal above its
 * high mark by {@code stepUpPercent} times as many times as the signal is over its mark (at most
 * four: a loop far behind gets there in a few samples), starting at the second sample in a row
 * unless the signal is twice its mark (so that one garbage collection pause sheds nothing), and
 * not while the receive queue is shrinking (it is being worked off at the share refused now); it
 * holds while a signal sits between its marks, and while all of them are clear it is lowered to
 * the share the loops carried when they were last behind (measured, once per 100 ms), or by
 * {@code stepDownPercent} every sample until they have been: the loops settle at the share they
 * can carry instead of flapping between everything and nothing.
 *
 * @param highQueuedBytes  receive queue bytes above which more calls are shed.
 * @param lowQueuedBytes   receive queue bytes below which fewer calls are shed.
 * @param highPendingTasks tasks queued on any loop above which more calls are shed (a quarter of
 *                         it is the low mark).
 * @param highLagMs        wait of a handed-over message in its loop's queue above which more calls
 *                         are shed (a quarter of it is the low mark).
 * @param highDelayMs      estimated wait of a datagram in the receive queues before a loop reads
 *                         it, above which more calls are shed (a quarter of it is the low mark).
 * @param stepUpPercent    how much the refused share rises per sample behind.
 * @param stepDownPercent  how much it falls per sample clear until the loops' capacity has been
 *                         measured.
 * @param sampleIntervalMs how often the queues are looked at.
 */
public record OverloadPolicy(long highQueuedBytes, long lowQueuedBytes, int highPendingTasks, long highLagMs,
    long highDelayMs, int stepUpPercent, int stepDownPercent, long sampleIntervalMs)
{
    private static final long DEFAULT_HIGH_LAG_MS = 200;
    private static final long DEFAULT_HIGH_DELAY_MS = 250;
    private static final int DEFAULT_STEP_UP = 10;
    private static final int DEFAULT_STEP_DOWN = 5;

    /**
     * 4 MB waiting (the kernel counts each datagram with its buffer overhead, 1 to 2 KB: a few
     * thousand datagrams, about a tenth of a second of work at 30,000 messages a second, half of
     * the 8 MB the SIP sockets get), 1 MB to clear, 5,000 tasks, 200 ms of wait in a loop's queue
     * (under SIP's T1 of 500 ms, after which clients retransmit and overload feeds itself), 10
     * points up and 5 down, sampled every 10 ms: a burst of a few tens of milliseconds (a pause,
     * another process taking a core) sheds nothing, and a sustained overload reaches the share the
     * loops can carry within a hundred milliseconds or so. Measured on the 2-core development box
     * with SIPp: the earlier 2 MB, 100 ms and 20 points refused calls during bursts at rates the
     * switch carried cleanly (benchmarks/sipp/README.md). A datagram estimated to wait 250 ms in
     * the receive queues, half of T1, is refused before its client retransmits it.
     */
    public static final OverloadPolicy DEFAULT = new OverloadPolicy(4 * 1024 * 1024, 1024 * 1024, 5_000,
        DEFAULT_HIGH_LAG_MS, DEFAULT_HIGH_DELAY_MS, DEFAULT_STEP_UP, DEFAULT_STEP_DOWN, 10);

    /**
     * Validates the policy.
     */
    public OverloadPolicy
    {
        if (highQueuedBytes < 1 || lowQueuedBytes < 0 || lowQueuedBytes > highQueuedBytes || highPendingTasks < 1 ||
            highLagMs < 1 || highDelayMs < 1 || stepUpPercent < 1 || stepUpPercent > 100 || stepDownPercent < 1 ||
            stepDownPercent > 100 || sampleIntervalMs < 1)
        {
            throw new IllegalArgumentException("bad overload policy: highQueuedBytes=" + highQueuedBytes +
                " lowQueuedBytes=" + lowQueuedBytes + " highPendingTasks=" + highPendingTasks +
                " highLagMs=" + highLagMs + " highDelayMs=" + highDelayMs + " stepUpPercent=" + stepUpPercent +
                " stepDownPercent=" + stepDownPercent + " sampleIntervalMs=" + sampleIntervalMs);
        }
    }

    /**
     * A policy with the default lag and delay marks and steps.
     *
     * @param highQueuedBytes  receive queue bytes above which more calls are shed.
     * @param lowQueuedBytes   receive queue bytes below which fewer calls are shed.
     * @param highPendingTasks tasks queued on any loop above which more calls are shed.
     * @param sampleIntervalMs how often the queues are looked at.
     */
    public OverloadPolicy(final long highQueuedBytes, final long lowQueuedBytes, final int highPendingTasks,
        final long sampleIntervalMs)
    {
        this(highQueuedBytes, lowQueuedBytes, highPendingTasks, DEFAULT_HIGH_LAG_MS, DEFAULT_HIGH_DELAY_MS,
            DEFAULT_STEP_UP, DEFAULT_STEP_DOWN, sampleIntervalMs);
    }
}
