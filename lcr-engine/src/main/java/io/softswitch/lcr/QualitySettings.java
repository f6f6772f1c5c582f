package io.softswitch.lcr;

import java.util.Objects;

/**
 * How call outcomes are measured per vendor and destination, and when bad figures count against
 * a vendor.
 *
 * <p><b>Destination group.</b> Quality is kept per vendor and per destination group: the first
 * {@code groupDigits} digits of the prefix the vendor's deck matched for the number (the whole
 * prefix when it is shorter). Grouping by the matched prefix keeps a vendor's figures for one
 * destination together even when its deck splits it into many fine prefixes (447700, 447701 ...),
 * so a window fills with enough samples to judge; cutting it at a few digits (country code and
 * the leading national digits) still keeps mobile and fixed ranges of a country apart. The digits
 * are the number's own, so the group survives a new snapshot.
 *
 * <p><b>Window.</b> A ring of {@code bucketCount} buckets of {@code bucketMs} each: figures cover
 * the last {@code bucketCount * bucketMs} milliseconds, and older samples drop out bucket by bucket.
 *
 * <p><b>Thresholds.</b> With at least {@code minSamples} attempts in the window, a vendor whose
 * ASR or NER (per mille) is below its minimum, whose ACD is below {@code minAcdMs} (judged once
 * {@code minSamples} calls have ended), or whose average PDD is above {@code maxPddMs}, is
 * demoted or excluded as {@code action} says. With fewer samples nothing is held against it,
 * which is also how a demoted vendor gets traffic back once its bad samples have aged out.
 * A threshold of 0 (or {@link Long#MAX_VALUE} for {@code maxPddMs}) is off.
 *
 * @param groupDigits        digits of the matched prefix that name the destination group, 1 to 15.
 * @param bucketMs           width of one window bucket, in milliseconds.
 * @param bucketCount        buckets in the window.
 * @param minSamples         attempts needed before any threshold applies; at least 1.
 * @param minAsrPermille     lowest acceptable answer-seizure ratio, per mille.
 * @param minNerPermille     lowest acceptable network effectiveness ratio, per mille.
 * @param minAcdMs           lowest acceptable average call duration, in milliseconds.
 * @param maxPddMs           highest acceptable average post-dial delay, in milliseconds.
 * @param action             demote or exclude.
 * @param unknownAsrPermille ASR assumed by {@link OrderingMode#QUALITY_ADJUSTED_COST} while a
 *                           vendor has fewer than {@code minSamples} attempts, 1 to 1000.
 */
public record QualitySettings(
    int groupDigits,
    long bucketMs,
    int bucketCount,
    int minSamples,
    int minAsrPermille,
    int minNerPermille,
    long minAcdMs,
    long maxPddMs,
    QualityAction action,
    int unknownAsrPermille)
{
    /**
     * Four-digit groups, a 15-minute window of one-minute buckets, 20 samples, demote below 20 %
     * ASR or 60 % NER; ACD and PDD thresholds off; unknown ASR taken as 50 %.
     */
    public static final QualitySettings DEFAULT =
        new QualitySettings(4, 60_000, 15, 20, 200, 600, 0, Long.MAX_VALUE, QualityAction.DEMOTE, 500);

    /**
     * Validates the settings.
     */
    public QualitySettings
    {
        Objects.requireNonNull(action, "action");
        if (groupDigits < 1 || groupDigits > 15)
        {
            throw new IllegalArgumentException("groupDigits out of range: groupDigits=" + groupDigits);
        }
        if (bucketMs < 1 || bucketCount < 1 || bucketCount > 1440)
        {
            throw new IllegalArgumentException("bad window: bucketMs=" + bucketMs + " bucketCount=" + bucketCount);
        }
        if (minSamples < 1)
        {
            throw new IllegalArgumentException("minSamples must be positive: minSamples=" + minSamples);
        }
        if (minAsrPermille < 0 || minAsrPermille > 1000 || minNerPermille < 0 || minNerPermille > 1000)
        {
            throw new IllegalArgumentException(
                "per mille out of range: minAsrPermille=" + minAsrPermille + " minNerPermille=" + minNerPermille);
        }
        if (minAcdMs < 0 || maxPddMs < 0)
        {
            throw new IllegalArgumentException("negative duration: minAcdMs=" + minAcdMs + " maxPddMs=" + maxPddMs);
        }
        if (unknownAsrPermille < 1 || unknownAsrPermille > 1000)
        {
            throw new IllegalArgumentException("unknownAsrPermille out of range: unknownAsrPermille=" + unknownAsrPermille);
        }
    }

    /**
     * Whether another settings value keeps the same window shape, so measured samples stay valid.
     *
     * @param other the other settings.
     * @return true when group digits, bucket width and bucket count are equal.
     */
    public boolean sameWindow(final QualitySettings other)
    {
        return groupDigits == other.groupDigits && bucketMs == other.bucketMs && bucketCount == other.bucketCount;
    }
}
