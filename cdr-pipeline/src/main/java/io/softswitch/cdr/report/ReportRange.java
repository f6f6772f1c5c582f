package io.softswitch.cdr.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * A report's time range over the calls' start, in whole UTC hours: {@code from} rounded down and
 * {@code to} rounded up to the hour, so that a report from the hourly aggregates and an export
 * of the CDRs cover exactly the same calls.
 *
 * @param from first hour included.
 * @param to   first hour excluded.
 */
public record ReportRange(Instant from, Instant to)
{
    /**
     * Rounds the range out to whole hours and validates it.
     */
    public ReportRange
    {
        from = from.truncatedTo(ChronoUnit.HOURS);
        final Instant floor = to.truncatedTo(ChronoUnit.HOURS);
        to = floor.equals(to) ? to : floor.plus(1, ChronoUnit.HOURS);
        if (!to.isAfter(from))
        {
            throw new IllegalArgumentException("empty range: from=" + from + " to=" + to);
        }
    }

    /**
     * Parses {@code 2026-11-01} (midnight UTC) or an ISO instant ({@code 2026-11-01T10:00:00Z}).
     *
     * @param text the text.
     * @return the instant.
     * @throws IllegalArgumentException when it is neither.
     */
    public static Instant parseInstant(final String text)
    {
        if (text == null)
        {
            throw new IllegalArgumentException("missing time");
        }
        try
        {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC) :
                Instant.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("bad time: " + text + " (2026-11-01 or 2026-11-01T10:00:00Z)");
        }
    }
}
