package io.softswitch.ratedeck.internal;

import io.softswitch.ratedeck.ChangeKind;
import io.softswitch.ratedeck.RateChange;

import java.time.Instant;

/**
 * One validated row of an imported deck file, as it will be stored.
 *
 * <p>The period starts at the row's declared date or the version's time, whichever is later (a
 * version never rewrites the past). Its end is the declared end, cut at the start of the next
 * row of the same prefix in the file. Rows of one prefix are chained through {@link #samePrefix}.
 * A row that only repeats the stored rate in force is {@link #carriedOver}: the stored row goes
 * on and nothing is written for it.
 */
public final class DeckRow
{
    final long line;
    final String prefix;
    final String destination;
    final long rateMicros;
    final long connectFeeMicros;
    final int firstIncrementSeconds;
    final int nextIncrementSeconds;
    final int minimumDurationSeconds;
    final Instant effectiveFrom;
    final Instant declaredUntil;
    Instant effectiveUntil;
    ChangeKind change = ChangeKind.NEW;
    long previousRateMicros = RateChange.NO_RATE;
    boolean carriedOver;
    DeckRow samePrefix;

    DeckRow(
        final long line,
        final String prefix,
        final String destination,
        final long rateMicros,
        final long connectFeeMicros,
        final int firstIncrementSeconds,
        final int nextIncrementSeconds,
        final int minimumDurationSeconds,
        final Instant effectiveFrom,
        final Instant declaredUntil)
    {
        this.line = line;
        this.prefix = prefix;
        this.destination = destination;
        this.rateMicros = rateMicros;
        this.connectFeeMicros = connectFeeMicros;
        this.firstIncrementSeconds = firstIncrementSeconds;
        this.nextIncrementSeconds = nextIncrementSeconds;
        this.minimumDurationSeconds = minimumDurationSeconds;
        this.effectiveFrom = effectiveFrom;
        this.declaredUntil = declaredUntil;
        this.effectiveUntil = declaredUntil;
    }

    /**
     * This row as a diff row.
     *
     * @return the change the row makes.
     */
    public RateChange toChange()
    {
        return new RateChange(change, prefix, destination, previousRateMicros, rateMicros, effectiveFrom, line);
    }
}
