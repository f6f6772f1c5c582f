package io.softswitch.rtp.internal;

/**
 * How long a relay thread lets datagrams gather before its next turn: long enough for a batch of
 * {@value #TARGET_BATCH} at the rate the last turn saw, never longer than the configured interval
 * and never shorter than {@value #MIN_NS} ns.
 *
 * <p>Why a batch and not a fixed time: the interval is what a datagram may wait, and its only
 * purpose is to share one wake-up among several datagrams. At 100 calls (10,000 datagrams a second)
 * 500 µs gathers five, and every one of them is worth its wait; at 500 calls the same 500 µs
 * gathers 25, where 16 already make the wake-up a small share of their cost, and the other 180 µs
 * are only added latency. So the window shrinks as the rate grows: a bounded batch, not a bounded
 * time.
 *
 * <p>The rate is the last turn's datagrams over the time since the turn before began. Allocates
 * nothing; one thread owns it.
 */
public final class CoalescingWindow
{
    /** Datagrams per turn past which a longer wait buys little. */
    static final int TARGET_BATCH = 16;
    /** Shorter windows cost a wake-up for too little: the relay thread then just runs. */
    static final long MIN_NS = 50_000L;

    private final long maxNs;
    private long lastTurnNs;

    /**
     * Creates the window of one relay thread.
     *
     * @param maxNs the configured interval, 0 for no coalescing.
     */
    public CoalescingWindow(final long maxNs)
    {
        if (maxNs < 0)
        {
            throw new IllegalArgumentException("maxNs=" + maxNs);
        }
        this.maxNs = maxNs;
    }

    /**
     * The window after a turn.
     *
     * @param turnStartNs when the turn began ({@link System#nanoTime()}).
     * @param datagrams   what it received.
     * @return ns to gather before the next turn: 0 without coalescing, else the configured
     *         interval or less, and not under {@value #MIN_NS} unless the interval is.
     */
    public long next(final long turnStartNs, final int datagrams)
    {
        final long sinceLastNs = turnStartNs - lastTurnNs;
        lastTurnNs = turnStartNs;
        if (maxNs == 0)
        {
            return 0;
        }
        if (datagrams == 0 || sinceLastNs <= 0)
        {
            return maxNs;
        }
        return Math.min(maxNs, Math.max(MIN_NS, sinceLastNs * TARGET_BATCH / datagrams));
    }
}
