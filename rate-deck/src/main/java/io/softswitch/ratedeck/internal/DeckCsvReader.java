package io.softswitch.ratedeck.internal;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DeckField;
import io.softswitch.ratedeck.ImportProgress;
import io.softswitch.ratedeck.Money;
import io.softswitch.ratedeck.RowError;
import io.softswitch.ratedeck.RowProblem;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a rate deck CSV file as carriers send it and validates every row.
 *
 * <p>The file is UTF-8, with or without a byte order mark; the field separator is {@code ;} when
 * the first line has more semicolons than commas outside quotes, else {@code ,}; quoted fields
 * follow RFC 4180 (FastCSV parses them). Dates are ISO-8601: {@code 2026-01-01} (midnight UTC),
 * {@code 2026-01-01T10:00:00Z}, {@code 2026-01-01T10:00:00+02:00}, or {@code 2026-01-01 10:00[:00]}
 * taken as UTC. Every problem of every row is reported with the line it starts on.
 */
public final class DeckCsvReader
{
    /** Billing increment when the file gives none: per-minute billing. */
    public static final int DEFAULT_INCREMENT_SECONDS = 60;

    private static final int PROGRESS_EVERY_ROWS = 16_384;
    private static final int MAX_PREFIX_DIGITS = 15;
    /** Longest field: a destination name is a few dozen characters; anything longer is a broken file. */
    public static final int MAX_FIELD_CHARS = 256;
    private static final int SNIFF_BYTES = 64 * 1024;
    private static final int BUFFER_BYTES = 256 * 1024;

    private final String fileName;
    private final Instant versionFrom;
    private final List<DeckRow> rows = new ArrayList<>();
    private final Map<String, DeckRow> byPrefix = new HashMap<>();
    private final Map<String, String> destinations = new HashMap<>();
    private final List<RowError> errors = new ArrayList<>();
    private String lastDateText;
    private Instant lastDate;

    private DeckCsvReader(final String fileName, final Instant versionFrom)
    {
        this.fileName = fileName;
        this.versionFrom = versionFrom;
    }

    /**
     * Reads and validates a deck file.
     *
     * @param file        the file.
     * @param mapping     which column holds which field.
     * @param versionFrom when the version takes effect: the start of rows dated earlier or undated.
     * @param progress    told of progress every few thousand rows.
     * @return good rows, refused rows, and the count read.
     * @throws IOException when the file cannot be read.
     */
    public static ParsedDeck read(
        final Path file,
        final ColumnMapping mapping,
        final Instant versionFrom,
        final ImportProgress progress) throws IOException
    {
        final long totalBytes = Files.size(file);
        final String fileName = file.getFileName().toString();
        try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
             BufferedInputStream in = new BufferedInputStream(counted, BUFFER_BYTES))
        {
            skipByteOrderMark(in);
            final char separator = sniffSeparator(in);
            final DeckCsvReader reader = new DeckCsvReader(fileName, versionFrom.truncatedTo(ChronoUnit.MICROS));
            try (CsvReader<CsvRecord> csv = CsvReader.builder()
                .fieldSeparator(separator)
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .ofCsvRecord(in, StandardCharsets.UTF_8))
            {
                final long rowsRead = reader.readAll(csv, mapping, progress, counted, totalBytes);
                return new ParsedDeck(reader.rows, reader.byPrefix, reader.errors, rowsRead);
            }
        }
    }

    private long readAll(
        final CsvReader<CsvRecord> csv,
        final ColumnMapping mapping,
        final ImportProgress progress,
        final CountingInputStream counted,
        final long totalBytes)
    {
        ColumnMapping.Resolution columns = null;
        long rowsRead = 0;
        for (final CsvRecord record : csv)
        {
            if (columns == null)
            {
                if (!textFits(record))
                {
                    return 0;
                }
                columns = mapping.resolve(record.getFields());
                if (!mappingFits(columns, record.getStartingLineNumber()))
                {
                    return 0;
                }
                if (columns.firstIsHeader())
                {
                    continue;
                }
            }
            rowsRead++;
            if (textFits(record))
            {
                readRow(record, columns);
            }
            if (rowsRead % PROGRESS_EVERY_ROWS == 0)
            {
                progress.onProgress(rowsRead, counted.count, totalBytes);
            }
        }
        progress.onProgress(rowsRead, totalBytes, totalBytes);
        return rowsRead;
    }

    /**
     * Refuses a record with a field that is too long, holds bytes that were not UTF-8 (the
     * decoder's U+FFFD) or a control character, naming its line, its column and the character's
     * position in the field, and never echoing the field itself.
     */
    private boolean textFits(final CsvRecord record)
    {
        final long line = record.getStartingLineNumber();
        for (int column = 0; column < record.getFieldCount(); column++)
        {
            final String field = record.getField(column);
            if (field.length() > MAX_FIELD_CHARS)
            {
                errors.add(new RowError(fileName, line, RowProblem.FIELD_TOO_LONG,
                    "column=" + (column + 1) + " length=" + field.length() + " max=" + MAX_FIELD_CHARS));
                return false;
            }
            for (int i = 0; i < field.length(); i++)
            {
                final char c = field.charAt(i);
                if (c == '\uFFFD' || Character.isISOControl(c))
                {
                    errors.add(new RowError(fileName, line, RowProblem.BAD_TEXT, "column=" + (column + 1) +
                        " char=" + (i + 1) + (c == '\uFFFD' ? " not_utf8" : " control=U+" + String.format("%04X", (int)c))));
                    return false;
                }
            }
        }
        return true;
    }

    private boolean mappingFits(final ColumnMapping.Resolution columns, final long line)
    {
        for (final String unknown : columns.unknownColumns())
        {
            errors.add(new RowError(fileName, line, RowProblem.UNKNOWN_COLUMN, "column=" + unknown));
        }
        for (final DeckField field : columns.unmappedRequired())
        {
            errors.add(new RowError(fileName, line, RowProblem.UNMAPPED_REQUIRED_FIELD, "field=" + field.key()));
        }
        return errors.isEmpty();
    }

    private void readRow(final CsvRecord record, final ColumnMapping.Resolution columns)
    {
        final long line = record.getStartingLineNumber();
        final int errorsBefore = errors.size();

        final String prefix = prefix(line, cell(record, columns, DeckField.PREFIX));
        final long rate = money(line, cell(record, columns, DeckField.RATE), DeckField.RATE, true);
        final long connectFee = money(line, cell(record, columns, DeckField.CONNECT_FEE), DeckField.CONNECT_FEE, false);
        int firstIncrement = DEFAULT_INCREMENT_SECONDS;
        int nextIncrement = DEFAULT_INCREMENT_SECONDS;
        final String increments = cell(record, columns, DeckField.INCREMENTS);
        if (increments != null && !increments.isEmpty())
        {
            final int slash = increments.indexOf('/');
            firstIncrement = seconds(line, slash < 0 ? increments : increments.substring(0, slash), 1,
                RowProblem.BAD_INCREMENT, DeckField.INCREMENTS, increments);
            nextIncrement = slash < 0 ? firstIncrement : seconds(line, increments.substring(slash + 1), 1,
                RowProblem.BAD_INCREMENT, DeckField.INCREMENTS, increments);
        }
        final String first = cell(record, columns, DeckField.FIRST_INCREMENT);
        if (first != null && !first.isEmpty())
        {
            firstIncrement = seconds(line, first, 1, RowProblem.BAD_INCREMENT, DeckField.FIRST_INCREMENT, first);
        }
        final String next = cell(record, columns, DeckField.NEXT_INCREMENT);
        if (next != null && !next.isEmpty())
        {
            nextIncrement = seconds(line, next, 1, RowProblem.BAD_INCREMENT, DeckField.NEXT_INCREMENT, next);
        }
        final String minimum = cell(record, columns, DeckField.MINIMUM_DURATION);
        final int minimumDuration = minimum == null || minimum.isEmpty() ? 0
            : seconds(line, minimum, 0, RowProblem.BAD_MINIMUM_DURATION, DeckField.MINIMUM_DURATION, minimum);

        final String fromText = cell(record, columns, DeckField.EFFECTIVE_FROM);
        final Instant declaredFrom = fromText == null || fromText.isEmpty() ? versionFrom
            : date(line, fromText, DeckField.EFFECTIVE_FROM);
        final String untilText = cell(record, columns, DeckField.EFFECTIVE_UNTIL);
        final Instant until = untilText == null || untilText.isEmpty() ? null
            : date(line, untilText, DeckField.EFFECTIVE_UNTIL);
        // A version never rewrites the past: an older date takes effect with the version.
        final Instant from = declaredFrom == null || declaredFrom.isBefore(versionFrom) ? versionFrom : declaredFrom;
        if (until != null && declaredFrom != null)
        {
            if (!until.isAfter(declaredFrom))
            {
                errors.add(new RowError(fileName, line, RowProblem.END_BEFORE_START,
                    "effective_from=" + fromText + " effective_until=" + untilText));
            }
            else if (!until.isAfter(from))
            {
                errors.add(new RowError(fileName, line, RowProblem.ALREADY_ENDED,
                    "effective_until=" + untilText + " version_from=" + versionFrom));
            }
        }
        if (errors.size() != errorsBefore)
        {
            return;
        }
        final DeckRow row = new DeckRow(line, prefix, destination(cell(record, columns, DeckField.DESTINATION)),
            rate, connectFee, firstIncrement, nextIncrement, minimumDuration, from, until);
        final DeckRow head = byPrefix.putIfAbsent(prefix, row);
        if (head != null)
        {
            for (DeckRow same = head; same != null; same = same.samePrefix)
            {
                if (same.effectiveFrom.equals(from))
                {
                    errors.add(new RowError(fileName, line, RowProblem.DUPLICATE_PREFIX,
                        "prefix=" + prefix + " effective_from=" + from + " first_line=" + same.line));
                    return;
                }
            }
            row.samePrefix = head.samePrefix;
            head.samePrefix = row;
        }
        rows.add(row);
    }

    private static String cell(final CsvRecord record, final ColumnMapping.Resolution columns, final DeckField field)
    {
        final int column = columns.column(field);
        if (column < 0 || column >= record.getFieldCount())
        {
            return null;
        }
        return record.getField(column).trim();
    }

    private String prefix(final long line, final String text)
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

    private long money(final long line, final String text, final DeckField field, final boolean required)
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

    private int seconds(
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

    private Instant date(final long line, final String text, final DeckField field)
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

    private String destination(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return "";
        }
        // Decks repeat each destination name over many prefixes: keep one copy of each.
        final String known = destinations.putIfAbsent(text, text);
        return known == null ? text : known;
    }

    private static void skipByteOrderMark(final BufferedInputStream in) throws IOException
    {
        in.mark(3);
        if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF))
        {
            in.reset();
        }
    }

    private static char sniffSeparator(final BufferedInputStream in) throws IOException
    {
        in.mark(SNIFF_BYTES);
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < SNIFF_BYTES; i++)
        {
            final int b = in.read();
            if (b < 0 || (!quoted && (b == '\n' || b == '\r')))
            {
                break;
            }
            if (b == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && b == ',')
            {
                commas++;
            }
            else if (!quoted && b == ';')
            {
                semicolons++;
            }
        }
        in.reset();
        return semicolons > commas ? ';' : ',';
    }

    /**
     * Counts the bytes read from the file, for the progress bar's percentage.
     */
    private static final class CountingInputStream extends FilterInputStream
    {
        private long count;

        private CountingInputStream(final InputStream in)
        {
            super(in);
        }

        @Override
        public int read() throws IOException
        {
            final int b = super.read();
            if (b >= 0)
            {
                count++;
            }
            return b;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException
        {
            final int read = super.read(buffer, offset, length);
            if (read > 0)
            {
                count += read;
            }
            return read;
        }
    }
}
