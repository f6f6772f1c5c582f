package io.softswitch.ratedeck.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored rate of the deck being imported into that applies at or after the new version's time:
 * what the import compares against and may end or supersede. Rows of one prefix are chained in
 * order of {@link #effectiveFrom} through {@link #next}.
 */
public final class ScheduledRate
{
    final long rateId;
    final String prefix;
    final String destination;
    final long rateMicros;
    final long connectFeeMicros;
    final int firstIncrementSeconds;
    final int nextIncrementSeconds;
    final int minimumDurationSeconds;
    final Instant effectiveFrom;
    final Instant effectiveUntil;
    ScheduledRate next;

    /**
     * Creates a scheduled rate.
     *
     * @param rateId           its row id.
     * @param prefix           its prefix.
     * @param destination      its destination name.
     * @param rateMicros       rate per minute.
     * @param connectFeeMicros connect fee.
     * @param firstIncrement   first billing block, seconds.
     * @param nextIncrement    following billing blocks, seconds.
     * @param minimumDuration  shortest billed duration, seconds.
     * @param effectiveFrom    start of its period.
     * @param effectiveUntil   end of its period, {@code null} when open-ended.
     */
    public ScheduledRate(
        final long rateId,
        final String prefix,
        final String destination,
        final long rateMicros,
        final long connectFeeMicros,
        final int firstIncrement,
        final int nextIncrement,
        final int minimumDuration,
        final Instant effectiveFrom,
        final Instant effectiveUntil)
    {
        this.rateId = rateId;
        this.prefix = prefix;
        this.destination = destination;
        this.rateMicros = rateMicros;
        this.connectFeeMicros = connectFeeMicros;
        this.firstIncrementSeconds = firstIncrement;
        this.nextIncrementSeconds = nextIncrement;
        this.minimumDurationSeconds = minimumDuration;
        this.effectiveFrom = effectiveFrom;
        this.effectiveUntil = effectiveUntil;
    }

    /**
     * Whether a file row says exactly what this stored rate says, period end included.
     *
     * @param row the file row.
     * @return true when storing the row would only repeat this rate.
     */
    boolean sameTerms(final DeckRow row)
    {
        return rateMicros == row.rateMicros
            && connectFeeMicros == row.connectFeeMicros
            && firstIncrementSeconds == row.firstIncrementSeconds
            && nextIncrementSeconds == row.nextIncrementSeconds
            && minimumDurationSeconds == row.minimumDurationSeconds
            && destination.equals(row.destination)
            && Objects.equals(effectiveUntil, row.effectiveUntil);
    }

    boolean inForceAt(final Instant at)
    {
        return !at.isBefore(effectiveFrom) && (effectiveUntil == null || at.isBefore(effectiveUntil));
    }
}
