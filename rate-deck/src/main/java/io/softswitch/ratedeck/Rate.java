package io.softswitch.ratedeck;

import java.time.Instant;
import java.util.Objects;

/**
 * One priced destination of a rate deck, for a period of time.
 *
 * <p>Money is fixed point: {@code long} micro-units (1e-6) of the deck's currency, never a
 * {@code double}. A call of {@code d} seconds is billed {@code max(d, minimumDurationSeconds)}
 * rounded up to {@code firstIncrementSeconds}, then in steps of {@code nextIncrementSeconds}.
 *
 * @param prefix                 leading E.164 digits this rate covers (longest prefix wins).
 * @param destination            human name of the destination ("United Kingdom - Mobile").
 * @param ratePerMinuteMicros    price of one minute, in micro-units.
 * @param connectFeeMicros       charged once per answered call, in micro-units.
 * @param firstIncrementSeconds  first billing block.
 * @param nextIncrementSeconds   each following billing block.
 * @param minimumDurationSeconds shortest billed duration.
 * @param effectiveFrom          first instant the rate applies (inclusive).
 * @param effectiveUntil         instant it stops applying (exclusive); {@code null} when open-ended.
 */
public record Rate(
    String prefix,
    String destination,
    long ratePerMinuteMicros,
    long connectFeeMicros,
    int firstIncrementSeconds,
    int nextIncrementSeconds,
    int minimumDurationSeconds,
    Instant effectiveFrom,
    Instant effectiveUntil)
{
    /**
     * Validates the rate.
     */
    public Rate
    {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (prefix.isEmpty() || !prefix.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new IllegalArgumentException("prefix must be digits: prefix=" + prefix);
        }
        if (ratePerMinuteMicros < 0 || connectFeeMicros < 0)
        {
            throw new IllegalArgumentException("negative money: prefix=" + prefix);
        }
        if (firstIncrementSeconds < 1 || nextIncrementSeconds < 1 || minimumDurationSeconds < 0)
        {
            throw new IllegalArgumentException("bad increments: prefix=" + prefix);
        }
        if (effectiveUntil != null && !effectiveUntil.isAfter(effectiveFrom))
        {
            throw new IllegalArgumentException("end not after start: prefix=" + prefix);
        }
    }

    /**
     * Whether the rate applies at an instant.
     *
     * @param at the instant.
     * @return true when {@code effectiveFrom <= at < effectiveUntil}.
     */
    public boolean inForceAt(final Instant at)
    {
        return !at.isBefore(effectiveFrom) && (effectiveUntil == null || at.isBefore(effectiveUntil));
    }
}
