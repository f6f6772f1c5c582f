package io.softswitch.lcr.internal;

import io.softswitch.lcr.QualitySettings;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The LCR engine's quality windows: one {@link QualityWindow} per destination group and vendor
 * id, created at a vendor's first sample on a group, and the rules that read them (poor quality,
 * the ASR a vendor is ranked with). Engine thread only.
 *
 * <p>A destination group is the first {@code min(depth, groupDigits)} digits of a number, where
 * {@code depth} is how many digits the vendor's prefix matched, read as a number behind a
 * leading 1 so that "4" and "04" differ: see {@link #groupKey}.
 */
public final class QualityWindows
{
    private static final QualityWindow[] NO_WINDOWS = new QualityWindow[0];

    private final Long2ObjectHashMap<QualityWindow[]> windowsByGroup = new Long2ObjectHashMap<>();

    /**
     * Forgets every window (the window shape changed, or vendor ids were renumbered).
     */
    public void clear()
    {
        windowsByGroup.clear();
    }

    /**
     * The windows of a destination group, indexed by vendor id.
     *
     * @param groupKey the group, see {@link #groupKey}.
     * @return the windows (entries may be null, the array shorter than the vendor count), or null
     *         when no vendor has a sample on the group.
     */
    public QualityWindow[] group(final long groupKey)
    {
        return windowsByGroup.get(groupKey);
    }

    /**
     * A vendor's window on a group, if it has one.
     *
     * @param vendorId the vendor's id.
     * @param groupKey the group.
     * @return the window, or null.
     */
    public QualityWindow window(final int vendorId, final long groupKey)
    {
        final QualityWindow[] windows = windowsByGroup.get(groupKey);
        return windows == null || vendorId >= windows.length ? null : windows[vendorId];
    }

    /**
     * A vendor's window on a group, created when it has none (allocates once per vendor and group).
     *
     * @param vendorId    the vendor's id, below {@code vendorCount}.
     * @param groupKey    the group.
     * @param vendorCount how many vendor ids there are.
     * @param quality     the window shape.
     * @param nowMs       the time, epoch milliseconds.
     * @return the window.
     */
    public QualityWindow windowFor(final int vendorId, final long groupKey, final int vendorCount,
        final QualitySettings quality, final long nowMs)
    {
        QualityWindow[] windows = windowsByGroup.get(groupKey);
        if (windows == null || vendorId >= windows.length)
        {
            windows = Arrays.copyOf(windows == null ? NO_WINDOWS : windows, vendorCount);
            windowsByGroup.put(groupKey, windows);
        }
        QualityWindow window = windows[vendorId];
        if (window == null)
        {
            window = new QualityWindow(quality.bucketMs(), quality.bucketCount(), nowMs);
            windows[vendorId] = window;
        }
        return window;
    }

    /**
     * The destination group of a number for a vendor whose prefix matched {@code depth} digits.
     *
     * @param digits      the number.
     * @param depth       digits the vendor's prefix matched.
     * @param groupDigits the configured group length.
     * @return the group key.
     */
    public static long groupKey(final char[] digits, final int depth, final int groupDigits)
    {
        final int n = Math.min(depth, groupDigits);
        long key = 1;
        for (int i = 0; i < n; i++)
        {
            key = key * 10 + (digits[i] - '0');
        }
        return key;
    }

    /**
     * Whether a window shows poor quality: enough attempts and ASR or NER below the minimum, or
     * enough ended calls and ACD below it, or average PDD above the maximum. Slides the window to
     * the time first.
     *
     * @param window  the window.
     * @param quality the minimums.
     * @param nowMs   the time, epoch milliseconds.
     * @return true when poor.
     */
    public static boolean isPoor(final QualityWindow window, final QualitySettings quality, final long nowMs)
    {
        window.advance(nowMs);
        if (window.attempts() < quality.minSamples())
        {
            return false;
        }
        if (window.asrPermille() < quality.minAsrPermille() || window.nerPermille() < quality.minNerPermille())
        {
            return true;
        }
        if (quality.minAcdMs() > 0 && window.ended() >= quality.minSamples() && window.acdMs() < quality.minAcdMs())
        {
            return true;
        }
        final long pdd = window.pddMs();
        return pdd >= 0 && pdd > quality.maxPddMs();
    }

    /**
     * The ASR a vendor is ranked with by cost per answered call: the window's, at least 1 per
     * mille, when it holds enough attempts, else the configured ASR of an unknown vendor.
     *
     * @param window  the vendor's window on the group, or null.
     * @param quality the settings.
     * @return ASR per mille, 1 to 1000.
     */
    public static int effectiveAsrPermille(final QualityWindow window, final QualitySettings quality)
    {
        if (window == null || window.attempts() < quality.minSamples())
        {
            return quality.unknownAsrPermille();
        }
        return Math.max(window.asrPermille(), 1);
    }
}
