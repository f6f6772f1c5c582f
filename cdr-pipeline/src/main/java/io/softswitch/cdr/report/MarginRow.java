package io.softswitch.cdr.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One row of a margin report: the sums of the hourly aggregates under one key, money in
 * micro-units; the ratios (margin %, ASR, ACD, minutes) are derived for display.
 *
 * @param key            the customer, vendor, destination, day or hour.
 * @param calls          calls (each once, under its final vendor).
 * @param attempts       vendor attempts.
 * @param answered       answered calls.
 * @param durationMs     answered duration, ms.
 * @param sellBilledS    seconds billed to customers.
 * @param buyBilledS     seconds billed by vendors.
 * @param revenueMicros  revenue, micro-units.
 * @param costMicros     cost, micro-units.
 */
public record MarginRow(String key, long calls, long attempts, long answered, long durationMs, long sellBilledS,
    long buyBilledS, long revenueMicros, long costMicros)
{
    /**
     * Revenue minus cost.
     *
     * @return the margin, micro-units.
     */
    public long marginMicros()
    {
        return revenueMicros - costMicros;
    }

    /**
     * Margin as a percentage of revenue, two decimals, half up; empty when there is no revenue.
     *
     * @return e.g. {@code 45.72}, or {@code null}.
     */
    public BigDecimal marginPercent()
    {
        return revenueMicros == 0 ? null : ratio(marginMicros() * 100, revenueMicros, 2);
    }

    /**
     * Answer-seizure ratio in percent (answered over calls; over attempts when grouped by vendor).
     *
     * @param perAttempt whether the denominator is attempts.
     * @return e.g. {@code 52.50}, or {@code null} with no call.
     */
    public BigDecimal asrPercent(final boolean perAttempt)
    {
        final long base = perAttempt ? attempts : calls;
        return base == 0 ? null : ratio(answered * 100, base, 2);
    }

    /**
     * Average call duration in seconds, one decimal.
     *
     * @return the ACD, or {@code null} with no answered call.
     */
    public BigDecimal acdSeconds()
    {
        return answered == 0 ? null : ratio(durationMs, answered * 1000, 1);
    }

    /**
     * Answered minutes (actual duration), two decimals.
     *
     * @return the minutes.
     */
    public BigDecimal minutes()
    {
        return ratio(durationMs, 60_000, 2);
    }

    /**
     * Billed minutes at the customer's increments, exact.
     *
     * @return the billed minutes.
     */
    public BigDecimal billedMinutes()
    {
        return BigDecimal.valueOf(sellBilledS).divide(BigDecimal.valueOf(60), 4, RoundingMode.HALF_UP);
    }

    private static BigDecimal ratio(final long numerator, final long denominator, final int scale)
    {
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP);
    }

    /**
     * Sums rows (the report's total).
     *
     * @param key  the total's key.
     * @param rows the rows.
     * @return their sum.
     */
    public static MarginRow total(final String key, final Iterable<MarginRow> rows)
    {
        long calls = 0;
        long attempts = 0;
        long answered = 0;
        long durationMs = 0;
        long sellBilledS = 0;
        long buyBilledS = 0;
        long revenue = 0;
        long cost = 0;
        for (final MarginRow row : rows)
        {
            calls += row.calls;
            attempts += row.attempts;
            answered += row.answered;
            durationMs += row.durationMs;
            sellBilledS += row.sellBilledS;
            buyBilledS += row.buyBilledS;
            revenue = Math.addExact(revenue, row.revenueMicros);
            cost = Math.addExact(cost, row.costMicros);
        }
        return new MarginRow(key, calls, attempts, answered, durationMs, sellBilledS, buyBilledS, revenue, cost);
    }
}
