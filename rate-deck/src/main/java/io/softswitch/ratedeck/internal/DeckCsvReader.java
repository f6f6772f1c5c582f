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
 * taken as UTC. Every problem of every row is reported with the line it starts on. This class
 * frames the file and checks rows as a whole (text, mapping, periods, duplicates); the cells are
 * read by {@link DeckFieldParser}.
 */
public final class DeckCsvReader
{
    /** Billing increment when the file gives none: per-minute billing. */
    public static final int DEFAULT_INCREMENT_SECONDS = 60;

    private static final int PROGRESS_EVERY_ROWS = 16_384;
    /** Longest field: a destination name is a few dozen characters; anything longer is a broken file. */
    public static final int MAX_FIELD_CHARS = 256;
    private static final int SNIFF_BYTES = 64 * 1024;
    private static final int BUFFER_BYTES = 256 * 1024;

    private final String fileName;
    private final Instant versionFrom;
    private final List<DeckRow> rows = new ArrayList<>();
    private final Map<String, DeckRow> byPrefix = new HashMap<>();
    private final List<RowError> errors = new ArrayList<>();
    private final DeckFieldParser fields;

    private DeckCsvReader(final String fileName, final Instant versionFrom, final long maxRateMicros)
    {
        this.fileName = fileName;
        this.versionFrom = versionFrom;
        this.fields = new DeckFieldParser(fileName, maxRateMicros, errors);
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
        return read(file, mapping, versionFrom, Money.MAX_MICROS, progress);
    }

    /**
     * Reads and validates a deck file, refusing rows priced above a ceiling.
     *
     * @param file          the file.
     * @param mapping       which column holds which field.
     * @param versionFrom   when the version takes effect: the start of rows dated earlier or undated.
     * @param maxRateMicros highest rate per minute accepted, micro-units; a row above it is
     *                      {@link RowProblem#RATE_ABOVE_CEILING}.
     * @param progress      told of progress every few thousand rows.
     * @return good rows, refused rows, and the count read.
     * @throws IOException when the file cannot be read.
     */
    public static ParsedDeck read(
        final Path file,
        final ColumnMapping mapping,
        final Instant versionFrom,
        final long maxRateMicros,
        final ImportProgress progress) throws IOException
    {
        final long totalBytes = Files.size(file);
        final String fileName = file.getFileName().toString();
        try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
             BufferedInputStream in = new BufferedInputStream(counted, BUFFER_BYTES))
        {
            skipByteOrderMark(in);
            final char separator = sniffSeparator(in);
            final DeckCsvReader reader =
                new DeckCsvReader(fileName, versionFrom.truncatedTo(ChronoUnit.MICROS), maxRateMicros);
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

        final String prefix = fields.prefix(line, cell(record, columns, DeckField.PREFIX));
        final long rate = fields.money(line, cell(record, columns, DeckField.RATE), DeckField.RATE, true);
        final long connectFee =
            fields.money(line, cell(record, columns, DeckField.CONNECT_FEE), DeckField.CONNECT_FEE, false);
        int firstIncrement = DEFAULT_INCREMENT_SECONDS;
        int nextIncrement = DEFAULT_INCREMENT_SECONDS;
        final String increments = cell(record, columns, DeckField.INCREMENTS);
        if (increments != null && !increments.isEmpty())
        {
            final int slash = increments.indexOf('/');
            firstIncrement = fields.seconds(line, slash < 0 ? increments : increments.substring(0, slash), 1,
                RowProblem.BAD_INCREMENT, DeckField.INCREMENTS, increments);
            nextIncrement = slash < 0 ? firstIncrement : fields.seconds(line, increments.substring(slash + 1), 1,
                RowProblem.BAD_INCREMENT, DeckField.INCREMENTS, increments);
        }
        final String first = cell(record, columns, DeckField.FIRST_INCREMENT);
        if (first != null && !first.isEmpty())
        {
            firstIncrement = fields.seconds(line, first, 1, RowProblem.BAD_INCREMENT, DeckField.FIRST_INCREMENT, first);
        }
        final String next = cell(record, columns, DeckField.NEXT_INCREMENT);
        if (next != null && !next.isEmpty())
        {
            nextIncrement = fields.seconds(line, next, 1, RowProblem.BAD_INCREMENT, DeckField.NEXT_INCREMENT, next);
        }
        final String minimum = cell(record, columns, DeckField.MINIMUM_DURATION);
        final int minimumDuration = minimum == null || minimum.isEmpty() ? 0
            : fields.seconds(line, minimum, 0, RowProblem.BAD_MINIMUM_DURATION, DeckField.MINIMUM_DURATION, minimum);

        final String fromText = cell(record, columns, DeckField.EFFECTIVE_FROM);
        final Instant declaredFrom = fromText == null || fromText.isEmpty() ? versionFrom
            : fields.date(line, fromText, DeckField.EFFECTIVE_FROM);
        final String untilText = cell(record, columns, DeckField.EFFECTIVE_UNTIL);
        final Instant until = untilText == null || untilText.isEmpty() ? null
            : fields.date(line, untilText, DeckField.EFFECTIVE_UNTIL);
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
        final DeckRow row = new DeckRow(line, prefix, fields.destination(cell(record, columns, DeckField.DESTINATION)),
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
