package io.softswitch.lcr.internal;

/**
 * Call outcome counts of one vendor on one destination group over a sliding time window: a ring
 * of time buckets with running totals, written and read by the engine thread only.
 *
 * <pre>
 *   bucketMs = 60 s, bucketCount = 4, now in bucket 103
 *
 *   slot:    0       1       2       3
 *   bucket: [100]   [101]   [102]   [103]     totals = sum of the four
 *   at bucket 104, slot 0 (bucket 100) leaves the totals and is reused
 * </pre>
 *
 * <p>Time only moves forward: a sample stamped before the newest bucket is counted in the newest.
 *
 * <p>What counts as what (ITU-T E.411 / E.425 terms):
 * <ul>
 *   <li>attempt: every final outcome reported for an INVITE to the vendor;</li>
 *   <li>answered (ASR numerator): a 2xx final response;</li>
 *   <li>network success (NER numerator): answered, or a final response that shows the network
 *       reached the user: busy (486, 600), no answer (480, and 487 when the caller gave up while
 *       it rang), or rejected by the user (603);</li>
 *   <li>PDD: milliseconds from the INVITE to the first 180/183, averaged over the attempts that
 *       had one;</li>
 *   <li>ACD: average duration of the answered calls that ended in the window.</li>
 * </ul>
 */
public final class QualityWindow
{
    private final long bucketMs;
    private final int bucketCount;
    private final long[] bucketId;
    private final int[] attempts;
    private final int[] answered;
    private final int[] networkSuccess;
    private final int[] pddCount;
    private final long[] pddSumMs;
    private final int[] ended;
    private final long[] durationSumMs;
    private long newestBucket;
    private long totalAttempts;
    private long totalAnswered;
    private long totalNetworkSuccess;
    private long totalPddCount;
    private long totalPddSumMs;
    private long totalEnded;
    private long totalDurationSumMs;

    public QualityWindow(final long bucketMs, final int bucketCount, final long nowMs)
    {
        this.bucketMs = bucketMs;
        this.bucketCount = bucketCount;
        this.bucketId = new long[bucketCount];
        this.attempts = new int[bucketCount];
        this.answered = new int[bucketCount];
        this.networkSuccess = new int[bucketCount];
        this.pddCount = new int[bucketCount];
        this.pddSumMs = new long[bucketCount];
        this.ended = new int[bucketCount];
        this.durationSumMs = new long[bucketCount];
        this.newestBucket = Math.floorDiv(nowMs, bucketMs);
        for (int i = 0; i < bucketCount; i++)
        {
            bucketId[i] = Long.MIN_VALUE;
        }
        bucketId[slot(newestBucket)] = newestBucket;
    }

    /**
     * Whether a final SIP status counts as network success (NER).
     *
     * @param sipCode final status code of the attempt.
     * @return true when answered, busy, not answered or rejected by the user.
     */
    public static boolean isNetworkSuccess(final int sipCode)
    {
        return (sipCode >= 200 && sipCode < 300)
            || sipCode == 486 || sipCode == 600
            || sipCode == 480 || sipCode == 487
            || sipCode == 603;
    }

    /**
     * Counts one attempt's outcome.
     *
     * @param nowMs   when, epoch milliseconds.
     * @param sipCode final status code (2xx = answered).
     * @param pddMs   INVITE to first 180/183, or negative when there was none.
     */
    public void recordAttempt(final long nowMs, final int sipCode, final long pddMs)
    {
        final int slot = advance(nowMs);
        attempts[slot]++;
        totalAttempts++;
        if (sipCode >= 200 && sipCode < 300)
        {
            answered[slot]++;
            totalAnswered++;
        }
        if (isNetworkSuccess(sipCode))
        {
            networkSuccess[slot]++;
            totalNetworkSuccess++;
        }
        if (pddMs >= 0)
        {
            pddCount[slot]++;
            pddSumMs[slot] += pddMs;
            totalPddCount++;
            totalPddSumMs += pddMs;
        }
    }

    /**
     * Counts one answered call that ended.
     *
     * @param nowMs      when, epoch milliseconds.
     * @param durationMs how long it was connected.
     */
    public void recordCallEnded(final long nowMs, final long durationMs)
    {
        final int slot = advance(nowMs);
        ended[slot]++;
        durationSumMs[slot] += durationMs;
        totalEnded++;
        totalDurationSumMs += durationMs;
    }

    /**
     * Drops the buckets that have left the window.
     *
     * @param nowMs the time, epoch milliseconds.
     * @return the slot of the newest bucket.
     */
    public int advance(final long nowMs)
    {
        final long bucket = Math.floorDiv(nowMs, bucketMs);
        if (bucket > newestBucket)
        {
            // Visit at most one full turn of the ring: older buckets have all gone already.
            final long first = Math.max(newestBucket + 1, bucket - bucketCount + 1);
            for (long b = first; b <= bucket; b++)
            {
                clear(slot(b), b);
            }
            newestBucket = bucket;
        }
        return slot(newestBucket);
    }

    public long attempts()
    {
        return totalAttempts;
    }

    public long answered()
    {
        return totalAnswered;
    }

    public long networkSuccess()
    {
        return totalNetworkSuccess;
    }

    public long ended()
    {
        return totalEnded;
    }

    /**
     * Answer-seizure ratio.
     *
     * @return answered per mille of attempts (floor), or -1 without attempts.
     */
    public int asrPermille()
    {
        return totalAttempts == 0 ? -1 : (int) (totalAnswered * 1000 / totalAttempts);
    }

    /**
     * Network effectiveness ratio.
     *
     * @return network successes per mille of attempts (floor), or -1 without attempts.
     */
    public int nerPermille()
    {
        return totalAttempts == 0 ? -1 : (int) (totalNetworkSuccess * 1000 / totalAttempts);
    }

    /**
     * Average call duration.
     *
     * @return milliseconds (floor), or -1 when no answered call ended in the window.
     */
    public long acdMs()
    {
        return totalEnded == 0 ? -1 : totalDurationSumMs / totalEnded;
    }

    /**
     * Average post-dial delay.
     *
     * @return milliseconds (floor), or -1 when no attempt reported one.
     */
    public long pddMs()
    {
        return totalPddCount == 0 ? -1 : totalPddSumMs / totalPddCount;
    }

    private void clear(final int slot, final long bucket)
    {
        if (bucketId[slot] != Long.MIN_VALUE)
        {
            totalAttempts -= attempts[slot];
            totalAnswered -= answered[slot];
            totalNetworkSuccess -= networkSuccess[slot];
            totalPddCount -= pddCount[slot];
            totalPddSumMs -= pddSumMs[slot];
            totalEnded -= ended[slot];
            totalDurationSumMs -= durationSumMs[slot];
        }
        bucketId[slot] = bucket;
        attempts[slot] = 0;
        answered[slot] = 0;
        networkSuccess[slot] = 0;
        pddCount[slot] = 0;
        pddSumMs[slot] = 0;
        ended[slot] = 0;
        durationSumMs[slot] = 0;
    }

    private int slot(final long bucket)
    {
        return (int) Math.floorMod(bucket, (long) bucketCount);
    }
}
