package io.softswitch.app.config;

/**
 * When a vendor trunk is blocked automatically for one-way audio ({@code media.one-way-block}):
 * once at least {@code minCalls} of its answered calls with measured media ended within the last
 * {@code windowMs}, and at least {@code sharePercent} of them were ended as one-way audio.
 *
 * @param sharePercent one-way calls, percent of the window's calls, 1 to 100.
 * @param windowMs     the sliding window.
 * @param minCalls     the fewest calls in the window that may block (so one bad call of two does not).
 */
public record OneWayBlockSettings(int sharePercent, long windowMs, int minCalls)
{
    /**
     * Validates.
     */
    public OneWayBlockSettings
    {
        if (sharePercent < 1 || sharePercent > 100 || windowMs < 1_000 || minCalls < 1)
        {
            throw new IllegalArgumentException("one-way block sharePercent=" + sharePercent + " windowMs=" + windowMs
                + " minCalls=" + minCalls);
        }
    }
}
