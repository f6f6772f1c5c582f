package io.softswitch.lcr;

/**
 * A vendor's measured quality on one destination group over the current window, as the route
 * simulator shows it. A figure that cannot be computed yet (no samples) is -1.
 *
 * @param group        the destination group: leading digits of the number (see
 *                     {@link QualitySettings}).
 * @param attempts     attempts in the window.
 * @param answered     answered attempts in the window.
 * @param asrPermille  answer-seizure ratio, per mille, or -1.
 * @param nerPermille  network effectiveness ratio, per mille, or -1.
 * @param acdMs        average call duration, milliseconds, or -1.
 * @param pddMs        average post-dial delay, milliseconds, or -1.
 * @param enoughSamples whether {@code attempts} reaches the minimum that lets thresholds apply.
 */
public record QualityFigures(
    String group,
    long attempts,
    long answered,
    int asrPermille,
    int nerPermille,
    long acdMs,
    long pddMs,
    boolean enoughSamples)
{
}
