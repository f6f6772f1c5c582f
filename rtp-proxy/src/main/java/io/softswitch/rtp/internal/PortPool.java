package io.softswitch.rtp.internal;

/**
 * The relay's port pairs: even RTP port, odd RTCP port (RFC 3550 §11), taken from a configured
 * range and given back through a quarantine, so that late packets of an ended call never reach the
 * call that gets its ports next.
 *
 * <p>Owned by one thread (the relay's conductor). Two rings of pair numbers, no allocation after
 * construction: {@code free} in the order pairs became free (the oldest free pair is used first,
 * which spreads reuse over the range), {@code quarantined} in the order they were released, which
 * is also the order their quarantine ends because the quarantine is one fixed length.
 */
public final class PortPool
{
    /** What {@link #acquire} returns when no pair is free. */
    public static final int NO_PORT = -1;

    private final int firstPort;
    private final int pairs;
    private final long quarantineNs;
    private final int[] free;
    private final int[] quarantined;
    private final long[] quarantineEndNs;
    private final boolean[] inUse;
    private int freeHead;
    private int freeCount;
    private int quarantineHead;
    private int quarantineCount;

    /**
     * Creates the pool of a range.
     *
     * @param minPort      lowest port; rounded up to even.
     * @param maxPort      highest port, inclusive; the last pair must fit under it.
     * @param quarantineNs how long a released pair rests before it is handed out again.
     */
    public PortPool(final int minPort, final int maxPort, final long quarantineNs)
    {
        final int first = (minPort + 1) & ~1;
        if (first < 1024 || maxPort > 65535 || maxPort < first + 1 || quarantineNs < 0)
        {
            throw new IllegalArgumentException("bad port range minPort=" + minPort + " maxPort=" + maxPort
                + " quarantineNs=" + quarantineNs);
        }
        this.firstPort = first;
        this.pairs = (maxPort - first + 1) / 2;
        this.quarantineNs = quarantineNs;
        this.free = new int[pairs];
        this.quarantined = new int[pairs];
        this.quarantineEndNs = new long[pairs];
        this.inUse = new boolean[pairs];
        for (int i = 0; i < pairs; i++)
        {
            free[i] = i;
        }
        this.freeCount = pairs;
    }

    /**
     * Takes the pair that has been free longest.
     *
     * @param nowNs the clock, to end quarantines that are over.
     * @return the even (RTP) port of the pair, or {@link #NO_PORT} when every pair is in use or
     *         in quarantine.
     */
    public int acquire(final long nowNs)
    {
        endQuarantines(nowNs);
        if (freeCount == 0)
        {
            return NO_PORT;
        }
        final int pair = free[freeHead];
        freeHead = next(freeHead);
        freeCount--;
        inUse[pair] = true;
        return firstPort + 2 * pair;
    }

    /**
     * Gives a pair back; it becomes free when its quarantine ends.
     *
     * @param rtpPort the even port {@link #acquire} returned.
     * @param nowNs   the clock.
     */
    public void release(final int rtpPort, final long nowNs)
    {
        final int pair = (rtpPort - firstPort) >> 1;
        if (pair < 0 || pair >= pairs || (rtpPort & 1) != 0 || !inUse[pair])
        {
            throw new IllegalArgumentException("not an acquired pair rtpPort=" + rtpPort);
        }
        inUse[pair] = false;
        final int tail = (quarantineHead + quarantineCount) % pairs;
        quarantined[tail] = pair;
        quarantineEndNs[tail] = nowNs + quarantineNs;
        quarantineCount++;
    }

    private void endQuarantines(final long nowNs)
    {
        while (quarantineCount > 0 && nowNs - quarantineEndNs[quarantineHead] >= 0)
        {
            free[(freeHead + freeCount) % pairs] = quarantined[quarantineHead];
            freeCount++;
            quarantineHead = next(quarantineHead);
            quarantineCount--;
        }
    }

    private int next(final int index)
    {
        return index + 1 == pairs ? 0 : index + 1;
    }

    /**
     * Pairs in the range.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return pairs;
    }

    /**
     * Pairs handed out and not released.
     *
     * @return pairs in use.
     */
    public int inUse()
    {
        return pairs - freeCount - quarantineCount;
    }

    /**
     * Pairs released whose quarantine has not ended (as of the last {@link #acquire}).
     *
     * @return pairs resting.
     */
    public int inQuarantine()
    {
        return quarantineCount;
    }

    /**
     * Pairs that {@link #acquire} could hand out at {@code nowNs}.
     *
     * @param nowNs the clock.
     * @return free pairs.
     */
    public int available(final long nowNs)
    {
        endQuarantines(nowNs);
        return freeCount;
    }
}
