package io.softswitch.ratedeck;

import java.time.Instant;

/**
 * One row of a deck diff: a prefix, how its price changes, from when.
 *
 * @param kind                new, increased, decreased, unchanged or removed.
 * @param prefix              the prefix.
 * @param destination         destination name (the old one for a removed prefix).
 * @param previousRateMicros  rate per minute in force before, or {@link #NO_RATE} for a new prefix.
 * @param rateMicros          rate per minute after, or {@link #NO_RATE} for a removed prefix.
 * @param effectiveFrom       when the change takes effect.
 * @param line                line of the file the row comes from; 0 for a removed prefix.
 */
public record RateChange(
    ChangeKind kind,
    String prefix,
    String destination,
    long previousRateMicros,
    long rateMicros,
    Instant effectiveFrom,
    long line)
{
    /** Marks the absent side of a new or removed prefix. */
    public static final long NO_RATE = -1;
}
