package io.softswitch.ratedeck.internal;

import io.softswitch.ratedeck.DeckField;
import io.softswitch.ratedeck.Money;
import io.softswitch.ratedeck.RowError;
import io.softswitch.ratedeck.RowProblem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the cells of a rate deck's rows into values: prefixes, money, seconds, dates and
 * destination names. A bad cell is added to the reader's errors as a {@link RowError} naming its
 * line and field, and the method returns a placeholder the row is then dropped with. Keeps one
 * copy of each destination name and of the last date parsed, since decks repeat both on every
 * row.
 */
public final class DeckFieldParser
{
    private static final int MAX_PREFIX_DIGITS = 15;

    private final String fileName;
    private final long maxRateMicros;
    private final List<RowError> errors;
    private final Map<String, String> destinations = new HashMap<>();
    private String lastDateText;
    private Instant lastDate;

    DeckFieldParser(final String fileName, final long maxRateMicros, final List<RowError> errors)
    {
        this.fileName = fileName;
        this.maxRateMicros = maxRateMicros;
        this.errors = errors;
    }

    String prefix(final long line, final String text)
    {
        if (text == null || text.isEmpty())
        {
            errors.add(new RowError(fileName, line, RowProblem.MISSING_FIELD, "field=prefix"));
            return null;
        }
        final String digits = text.charAt(0) == '+' ? text.substring(1) : text;
        boolean valid = !digits.isEmpty() && digits.length() <= MAX_PREFIX_DIGITS;
        for (int i = 0; valid && i < digits.length(); i++)
        {
            final char c = digits.charAt(i);
            valid = c >= '0' && c <= '9';
        }
        if (!valid)
        {
            errors.add(new RowError(fileName, line, RowProblem.BAD_PREFIX, "prefix=" + text));
            return null;
        }
        return digits;
    }

    long money(final long line, final String text, final DeckField field, final boolean required)
    {
        if (text == null || text.isEmpty())
        {
            if (required)
            {
                errors.add(new RowError(fileName, line, RowProblem.MISSING_FIELD, "field=" + field.key()));
            }
            return 0;
        }
        try
        {
            final long micros = Money.parseMicros(text);
            if (micros < 0)
            {
                errors.add(new RowError(fileName, line,
                    field == DeckField.RATE ? RowProblem.NEGATIVE_RATE : RowProblem.NEGATIVE_CONNECT_FEE,
                    field.key() + "=" + text));
            }
            else if (field == DeckField.RATE && micros > maxRateMicros)
            {
                errors.add(new RowError(fileName, line, RowProblem.RATE_ABOVE_CEILING,
                    field.key() + "=" + text + " max=" + Money.format(maxRateMicros)));
            }
            return micros;
        }
        catch (final Money.MoneyFormatException ex)
        {
            errors.add(new RowError(fileName, line,
                ex.fault() == Money.Fault.TOO_MANY_DECIMALS ? RowProblem.TOO_MANY_DECIMALS : RowProblem.BAD_NUMBER,
                field.key() + "=" + text));
            return 0;
        }
    }

    int seconds(
        final long line,
        final String text,
        final int minimum,
        final RowProblem problem,
        final DeckField field,
        final String cell)
    {
        final String trimmed = text.trim();
        int value = 0;
        boolean valid = !trimmed.isEmpty() && trimmed.length() <= 6;
        for (int i = 0; valid && i < trimmed.length(); i++)
        {
            final char c = trimmed.charAt(i);
            valid = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        if (!valid || value < minimum)
        {
            errors.add(new RowError(fileName, line, problem, field.key() + "=" + cell));
            return minimum;
        }
        return value;
    }

    Instant date(final long line, final String text, final DeckField field)
    {
        // Decks usually repeat one date on every row: parse it once.
        if (text.equals(lastDateText))
        {
            return lastDate;
        }
        final Instant parsed = parseDate(text);
        if (parsed == null)
        {
            errors.add(new RowError(fileName, line, RowProblem.BAD_DATE, field.key() + "=" + text));
            return null;
        }
        lastDateText = text;
        lastDate = parsed;
        return parsed;
    }

    /**
     * Parses an ISO-8601 date or date-time as the deck files give them; UTC unless an offset is given.
     *
     * @param text the date.
     * @return the instant, truncated to microseconds (PostgreSQL's precision), or {@code null} when not a date.
     */
    public static Instant parseDate(final String text)
    {
        try
        {
            if (text.length() == 10)
            {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            final String iso = text.replace(' ', 'T');
            final boolean offset = iso.endsWith("Z") || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10;
            final Instant instant = offset ? OffsetDateTime.parse(iso).toInstant()
                : LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            return instant.truncatedTo(ChronoUnit.MICROS);
        }
        catch (final DateTimeParseException ex)
        {
            return null;
        }
    }

    String destination(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return "";
        }
        // Decks repeat each destination name over many prefixes: keep one copy of each.
        final String known = destinations.putIfAbsent(text, text);
        return known == null ? text : known;
    }
}
