package io.softswitch.ratedeck.internal;

import java.time.Instant;

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
     * @param effectiveFrom    start of its period.
     * @param effectiveUntil   end of its period, {@code null} when open-ended.
     */
    public ScheduledRate(
        final long rateId,
        final String prefix,
        final String destination,
        final long rateMicros,
        final long connectFeeMicros,
        final Instant effectiveFrom,
        final Instant effectiveUntil)
    {
        this.rateId = rateId;
        this.prefix = prefix;
        this.destination = destination;
        this.rateMicros = rateMicros;
        this.connectFeeMicros = connectFeeMicros;
        this.effectiveFrom = effectiveFrom;
        this.effectiveUntil = effectiveUntil;
    }

    boolean inForceAt(final Instant at)
    {
        return !at.isBefore(effectiveFrom) && (effectiveUntil == null || at.isBefore(effectiveUntil));
    }
}
