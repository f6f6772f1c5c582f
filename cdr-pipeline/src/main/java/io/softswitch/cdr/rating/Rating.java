package io.softswitch.cdr.rating;

import io.softswitch.ratedeck.Rate;

/**
 * The rating arithmetic, exact in fixed point (see {@code docs/billing.md}):
 *
 * <pre>
 * seconds = ceil(durationMs / 1000)                     any started second counts
 * d       = max(seconds, minimum)
 * billed  = 0                                  if d = 0
 *         = first                              if 0 &lt; d &lt;= first
 *         = first + ceil((d - first) / next) * next   otherwise
 * amount  = connectFee + round(billed * ratePerMinute / 60)   micro-units, half up
 * </pre>
 *
 * Only integers: a rate is micro-units per minute, so a second costs {@code rate/60} micro-units
 * and is rounded once, on the call's total, never per increment. Pure functions, no allocation.
 */
public final class Rating
{
    private static final long MS_PER_SECOND = 1_000;
    private static final long SECONDS_PER_MINUTE = 60;

    private Rating()
    {
    }

    /**
     * Seconds billed for an answered duration.
     *
     * @param durationMs answered duration, ms (0 or more).
     * @param first      first increment, seconds (1 or more).
     * @param next       next increments, seconds (1 or more).
     * @param minimum    minimum duration, seconds (0 or more).
     * @return the billed seconds.
     */
    public static long billedSeconds(final long durationMs, final int first, final int next, final int minimum)
    {
        if (durationMs < 0 || first < 1 || next < 1 || minimum < 0)
        {
            throw new IllegalArgumentException("bad rating input: durationMs=" + durationMs + " first=" + first +
                " next=" + next + " minimum=" + minimum);
        }
        final long seconds = (durationMs + MS_PER_SECOND - 1) / MS_PER_SECOND;
        final long d = Math.max(seconds, minimum);
        if (d == 0)
        {
            return 0;
        }
        if (d <= first)
        {
            return first;
        }
        final long rest = d - first;
        return first + (rest + next - 1) / next * next;
    }

    /**
     * The amount for billed seconds at a rate: the connect fee plus the seconds' price, the
     * latter rounded half up to the micro-unit once.
     *
     * @param billedSeconds          billed seconds.
     * @param ratePerMinuteMicros    rate per minute, micro-units.
     * @param connectFeeMicros       connect fee, micro-units.
     * @return the amount, micro-units.
     * @throws ArithmeticException when the product does not fit a {@code long} (a rate of
     *                             thousands of units a minute for months).
     */
    public static long amountMicros(final long billedSeconds, final long ratePerMinuteMicros,
        final long connectFeeMicros)
    {
        final long product = Math.multiplyExact(billedSeconds, ratePerMinuteMicros);
        final long usage = Math.addExact(product, SECONDS_PER_MINUTE / 2) / SECONDS_PER_MINUTE;
        return Math.addExact(connectFeeMicros, usage);
    }

    /**
     * Rates an answered duration at a deck rate.
     *
     * @param durationMs answered duration, ms.
     * @param rate       the rate in force at the call's start.
     * @return the billed seconds and amount.
     */
    public static Charge charge(final long durationMs, final Rate rate)
    {
        final long billed = billedSeconds(durationMs, rate.firstIncrementSeconds(), rate.nextIncrementSeconds(),
            rate.minimumDurationSeconds());
        return new Charge(billed, amountMicros(billed, rate.ratePerMinuteMicros(), rate.connectFeeMicros()));
    }
}
