package io.softswitch.ratedeck.internal;

import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.ImportProgress;
import io.softswitch.ratedeck.RowError;
import io.softswitch.ratedeck.RowProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DeckCsvReaderTest
{
    private static final Instant VERSION_FROM = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path directory;

    private ParsedDeck read(final String content, final String mapping) throws IOException
    {
        return read(content.getBytes(StandardCharsets.UTF_8), mapping);
    }

    private ParsedDeck read(final byte[] content, final String mapping) throws IOException
    {
        final Path file = directory.resolve("deck.csv");
        Files.write(file, content);
        return DeckCsvReader.read(file, ColumnMapping.parse(mapping), VERSION_FROM, ImportProgress.NONE);
    }

    @Test
    void shouldRefuseARateAboveTheCeilingWithFileLineAndReasonButKeepOneExactlyAtIt() throws IOException
    {
        final Path file = directory.resolve("typo.csv");
        Files.writeString(file, """
            prefix,destination,rate
            44,UK,100.000000
            33,France,100.000001
            34,Spain,9200000.5
            """);

        final ParsedDeck deck = DeckCsvReader.read(file, ColumnMapping.parse(ColumnMapping.GENERIC), VERSION_FROM,
            100_000_000L, ImportProgress.NONE);

        assertThat(deck.rows()).extracting(row -> row.prefix).containsExactly("44");
        assertThat(deck.errors()).extracting(RowError::file, RowError::line, RowError::problem, RowError::detail)
            .containsExactly(
                tuple("typo.csv", 3L, RowProblem.RATE_ABOVE_CEILING, "rate=100.000001 max=100.000000"),
                tuple("typo.csv", 4L, RowProblem.RATE_ABOVE_CEILING, "rate=9200000.5 max=100.000000"));
    }

    @Test
    void shouldReportEveryValidationReasonWithItsLine() throws IOException
    {
        final ParsedDeck deck = read("""
            prefix,destination,rate,effective_from,effective_until,connect_fee,increments,minimum_duration
            44,UK,0.010000,,,,,
            44a,Bad prefix,0.01,,,,,
            33,France,-0.01,,,,,
            34,Spain,0.0100001,,,,,
            35,Portugal,1e-3,,,,,
            36,Ireland,0.01,2026-13-01,,,,
            37,Norway,0.01,,,,0/60,
            38,Sweden,0.01,,,,,-5
            44,UK again,0.02,,,,,
            39,Finland,0.01,2026-07-01,2026-07-01,,,
            40,Austria,0.01,2025-01-01,2026-01-01,,,
            ,No prefix,0.01,,,,,
            41,No rate,,,,,,
            42,Fee,0.01,,,-0.5,,
            1234567890123456,Too long,0.01,,,,,
            """, ColumnMapping.GENERIC);

        assertThat(deck.errors()).extracting(RowError::file, RowError::line, RowError::problem).containsExactly(
            tuple("deck.csv", 3L, RowProblem.BAD_PREFIX),
            tuple("deck.csv", 4L, RowProblem.NEGATIVE_RATE),
            tuple("deck.csv", 5L, RowProblem.TOO_MANY_DECIMALS),
            tuple("deck.csv", 6L, RowProblem.BAD_NUMBER),
            tuple("deck.csv", 7L, RowProblem.BAD_DATE),
            tuple("deck.csv", 8L, RowProblem.BAD_INCREMENT),
            tuple("deck.csv", 9L, RowProblem.BAD_MINIMUM_DURATION),
            tuple("deck.csv", 10L, RowProblem.DUPLICATE_PREFIX),
            tuple("deck.csv", 11L, RowProblem.END_BEFORE_START),
            tuple("deck.csv", 12L, RowProblem.ALREADY_ENDED),
            tuple("deck.csv", 13L, RowProblem.MISSING_FIELD),
            tuple("deck.csv", 14L, RowProblem.MISSING_FIELD),
            tuple("deck.csv", 15L, RowProblem.NEGATIVE_CONNECT_FEE),
            tuple("deck.csv", 16L, RowProblem.BAD_PREFIX));
        assertThat(deck.errors().get(7).detail()).contains("prefix=44").contains("first_line=2");
        assertThat(deck.rowsRead()).isEqualTo(15);
        assertThat(deck.rows()).extracting(row -> row.prefix).containsExactly("44");
    }

    @Test
    void shouldAllowSamePrefixAtDifferentEffectiveDates() throws IOException
    {
        final ParsedDeck deck = read("""
            prefix,rate,effective_from
            44,0.01,2026-07-01
            44,0.02,2026-08-01
            """, ColumnMapping.GENERIC);

        assertThat(deck.errors()).isEmpty();
        assertThat(deck.rows()).hasSize(2);
    }

    @Test
    void shouldReportUnknownHeaderColumnOfGenericPreset() throws IOException
    {
        final ParsedDeck deck = read("prefix,rate,notes\n44,0.01,x\n", ColumnMapping.GENERIC);

        assertThat(deck.errors()).extracting(RowError::line, RowError::problem, RowError::detail)
            .containsExactly(tuple(1L, RowProblem.UNKNOWN_COLUMN, "column=notes"));
        assertThat(deck.mappingBroken()).isTrue();
        assertThat(deck.rows()).isEmpty();
    }

    @Test
    void shouldReportUnknownColumnNamedInCustomMapping() throws IOException
    {
        final ParsedDeck deck = read("Code,Price\n44,0.01\n", "prefix=Code,rate=Cost");

        assertThat(deck.errors()).extracting(RowError::line, RowError::problem, RowError::detail)
            .containsExactly(tuple(1L, RowProblem.UNKNOWN_COLUMN, "column=Cost"));
    }

    @Test
    void shouldReportRequiredFieldMissingFromMapping() throws IOException
    {
        final ParsedDeck deck = read("prefix,destination\n44,UK\n", ColumnMapping.GENERIC);

        assertThat(deck.errors()).extracting(RowError::problem, RowError::detail)
            .containsExactly(tuple(RowProblem.UNMAPPED_REQUIRED_FIELD, "field=rate"));
    }

    @Test
    void shouldReadBomSemicolonsQuotedFieldsAndDecimalComma() throws IOException
    {
        final byte[] body = """
            "Dial Code";"Destination";"Rate/Min";"Increments"
            "44";"United Kingdom; Mobile";"0,0123";"30/6"
            "33";"France ""Fixed""
            Paris";"0,0045";"1/1"
            "49";"Germany";"0,01";"60/60"
            """.getBytes(StandardCharsets.UTF_8);
        final byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte)0xEF;
        withBom[1] = (byte)0xBB;
        withBom[2] = (byte)0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        final ParsedDeck deck = read(withBom, ColumnMapping.GENERIC);

        // The quoted field is parsed whole (RFC 4180), and then refused: a line break is a control
        // character, which no destination name may hold.
        assertThat(deck.errors()).extracting(RowError::line, RowError::problem, RowError::detail)
            .containsExactly(tuple(3L, RowProblem.BAD_TEXT, "column=2 char=15 control=U+000A"));
        assertThat(deck.rows()).extracting(row -> row.line, row -> row.prefix, row -> row.destination, row -> row.rateMicros,
                row -> row.firstIncrementSeconds, row -> row.nextIncrementSeconds)
            .containsExactly(
                tuple(2L, "44", "United Kingdom; Mobile", 12_300L, 30, 6),
                tuple(5L, "49", "Germany", 10_000L, 60, 60));
    }

    @Test
    void shouldReadWindowsLineEndingsAndOneNumberIncrements() throws IOException
    {
        final ParsedDeck deck = read("prefix,rate,increments\r\n44,0.01,1\r\n\r\n33,0.02,30/6\r\nx,0.03,\r\n",
            ColumnMapping.GENERIC);

        assertThat(deck.rows()).extracting(row -> row.line, row -> row.prefix, row -> row.firstIncrementSeconds,
                row -> row.nextIncrementSeconds)
            .containsExactly(tuple(2L, "44", 1, 1), tuple(4L, "33", 30, 6));
        assertThat(deck.errors()).extracting(RowError::line, RowError::problem)
            .containsExactly(tuple(5L, RowProblem.BAD_PREFIX));
    }

    @Test
    void shouldReadCodeFirstPresetWithAndWithoutHeader() throws IOException
    {
        final String rows = "44,United Kingdom,0.0123,2026-07-01,30/6\n+33,France,0.0045\n";

        final ParsedDeck withHeader = read("Code,Name,Rate,Date,Billing\n" + rows, ColumnMapping.CODE_FIRST);
        final ParsedDeck withoutHeader = read(rows, ColumnMapping.CODE_FIRST);

        for (final ParsedDeck deck : List.of(withHeader, withoutHeader))
        {
            assertThat(deck.errors()).isEmpty();
            assertThat(deck.rows()).extracting(row -> row.prefix, row -> row.destination, row -> row.rateMicros,
                    row -> row.effectiveFrom, row -> row.firstIncrementSeconds, row -> row.nextIncrementSeconds)
                .containsExactly(
                    tuple("44", "United Kingdom", 12_300L, Instant.parse("2026-07-01T00:00:00Z"), 30, 6),
                    tuple("33", "France", 4_500L, VERSION_FROM, 60, 60));
        }
        assertThat(withHeader.rows().get(0).line).isEqualTo(2);
        assertThat(withoutHeader.rows().get(0).line).isEqualTo(1);
    }

    @Test
    void shouldReadDestinationFirstPresetWithEveryField() throws IOException
    {
        final ParsedDeck deck = read(
            "Germany Mobile;4915;0.05;0.01;30;6;10;2026-07-01 12:00;2026-12-31T00:00:00+01:00\n",
            ColumnMapping.DESTINATION_FIRST);

        assertThat(deck.errors()).isEmpty();
        final DeckRow row = deck.rows().get(0);
        assertThat(row.destination).isEqualTo("Germany Mobile");
        assertThat(row.prefix).isEqualTo("4915");
        assertThat(row.rateMicros).isEqualTo(50_000L);
        assertThat(row.connectFeeMicros).isEqualTo(10_000L);
        assertThat(row.firstIncrementSeconds).isEqualTo(30);
        assertThat(row.nextIncrementSeconds).isEqualTo(6);
        assertThat(row.minimumDurationSeconds).isEqualTo(10);
        assertThat(row.effectiveFrom).isEqualTo(Instant.parse("2026-07-01T12:00:00Z"));
        assertThat(row.declaredUntil).isEqualTo(Instant.parse("2026-12-30T23:00:00Z"));
    }

    @Test
    void shouldReadCustomMappingByHeaderNameAndByIndexIgnoringOtherColumns() throws IOException
    {
        final String content = "Notes,Price,Code,Country\nx,0.02,44,UK\n";

        final ParsedDeck byName = read(content, "prefix=code,rate=PRICE,destination=Country");
        final ParsedDeck byIndex = read(content, "prefix=3,rate=2,destination=4");

        for (final ParsedDeck deck : List.of(byName, byIndex))
        {
            assertThat(deck.errors()).isEmpty();
            assertThat(deck.rows()).extracting(row -> row.line, row -> row.prefix, row -> row.rateMicros, row -> row.destination)
                .containsExactly(tuple(2L, "44", 20_000L, "UK"));
        }
    }

    @Test
    void shouldStartRowsDatedBeforeTheVersionAtTheVersionTime() throws IOException
    {
        final ParsedDeck deck = read("prefix,rate,effective_from\n44,0.01,2020-01-01\n", ColumnMapping.GENERIC);

        assertThat(deck.rows().get(0).effectiveFrom).isEqualTo(VERSION_FROM);
    }

    @Test
    void shouldReportProgressByBytesUpToTheWholeFile() throws IOException
    {
        final StringBuilder content = new StringBuilder("prefix,rate\n");
        for (int i = 0; i < 40_000; i++)
        {
            content.append(1000 + i).append(",0.01\n");
        }
        final Path file = directory.resolve("big.csv");
        Files.writeString(file, content);
        final List<long[]> calls = new ArrayList<>();

        DeckCsvReader.read(file, ColumnMapping.parse(ColumnMapping.GENERIC), VERSION_FROM,
            (rows, bytes, total) -> calls.add(new long[] {rows, bytes, total}));

        assertThat(calls).hasSizeGreaterThan(1);
        assertThat(calls.getLast()).containsExactly(40_000, Files.size(file), Files.size(file));
        assertThat(calls.getFirst()[0]).isEqualTo(16_384);
        assertThat(calls.getFirst()[1]).isBetween(1L, Files.size(file));
    }
}
