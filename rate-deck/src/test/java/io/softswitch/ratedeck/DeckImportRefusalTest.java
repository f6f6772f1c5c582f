package io.softswitch.ratedeck;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Imports that must change nothing: an empty or header-only file, text that is not UTF-8 or
 * holds control characters, an overlong field, and a replace that would remove more of the
 * deck's live prefixes than the request allows without confirmation.
 */
@Timeout(60)
class DeckImportRefusalTest
{
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String TRUNK = "carrier-b";
    private static final String LIVE = """
        prefix,destination,rate
        44,United Kingdom,0.010
        4420,London,0.008
        447,UK Mobile,0.020
        33,France,0.011
        49,Germany,0.012
        """;

    @TempDir
    Path directory;

    private DeckStore store;

    @BeforeEach
    void createDatabaseWithALiveDeck() throws IOException
    {
        store = new DeckStore(TestDatabases.newDatabase().dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(importDeck(LIVE.getBytes(StandardCharsets.UTF_8), ImportMode.REPLACE, 100, false).outcome())
            .isEqualTo(DeckImportResult.Outcome.STORED);
    }

    @Test
    void shouldRefuseAnEmptyFileAndKeepTheDeck() throws IOException
    {
        final DeckImportResult result = importDeck(new byte[0], ImportMode.REPLACE, 100, false);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.REJECTED);
        assertThat(result.errors()).extracting(RowError::line, RowError::problem).containsExactly(tuple(1L, RowProblem.NO_ROWS));
        assertDeckUnchanged();
    }

    @Test
    void shouldRefuseAHeaderOnlyFileAndKeepTheDeck() throws IOException
    {
        final DeckImportResult result =
            importDeck("prefix,destination,rate\n".getBytes(StandardCharsets.UTF_8), ImportMode.REPLACE, 100, false);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.REJECTED);
        assertThat(result.errors()).extracting(RowError::problem).containsExactly(RowProblem.NO_ROWS);
        assertDeckUnchanged();
    }

    @Test
    void shouldRefuseANulByteWithLineAndColumn() throws IOException
    {
        final DeckImportResult result = importDeck("prefix,destination,rate\n44,United\u0000Kingdom,0.009\n"
            .getBytes(StandardCharsets.UTF_8), ImportMode.UPDATE, 100, false);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.REJECTED);
        assertThat(result.errors()).extracting(RowError::line, RowError::problem, RowError::detail)
            .containsExactly(tuple(2L, RowProblem.BAD_TEXT, "column=2 char=7 control=U+0000"));
        assertDeckUnchanged();
    }

    @Test
    void shouldRefuseBytesThatAreNotUtf8WithLineAndColumn() throws IOException
    {
        final byte[] latin1 = "prefix,destination,rate\n33,France,0.011\n33,R\u00e9union,0.050\n"
            .getBytes(StandardCharsets.ISO_8859_1);

        final DeckImportResult result = importDeck(latin1, ImportMode.UPDATE, 100, false);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.REJECTED);
        assertThat(result.errors()).extracting(RowError::line, RowError::problem, RowError::detail)
            .containsExactly(tuple(3L, RowProblem.BAD_TEXT, "column=2 char=2 not_utf8"));
        assertDeckUnchanged();
    }

    @Test
    void shouldRefuseAnOverlongFieldWithoutEchoingIt() throws IOException
    {
        final String huge = "D".repeat(5 * 1024 * 1024);

        final DeckImportResult result = importDeck(("prefix,destination,rate\n44," + huge + ",0.009\n")
            .getBytes(StandardCharsets.UTF_8), ImportMode.UPDATE, 100, false);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.REJECTED);
        assertThat(result.errors()).extracting(RowError::line, RowError::problem, RowError::detail)
            .containsExactly(tuple(2L, RowProblem.FIELD_TOO_LONG, "column=2 length=5242880 max=256"));
        assertDeckUnchanged();
    }

    @Test
    void shouldAskToConfirmAReplaceThatRemovesMoreThanTheAllowedShare() throws IOException
    {
        // One row for a five-prefix deck: four of five live prefixes (80 %) would go.
        final byte[] oneRow = "prefix,destination,rate\n44,United Kingdom,0.009\n".getBytes(StandardCharsets.UTF_8);

        final DeckImportResult asked = importDeck(oneRow, ImportMode.REPLACE, 10, false);

        assertThat(asked.outcome()).isEqualTo(DeckImportResult.Outcome.NEEDS_CONFIRMATION);
        assertThat(asked.diff().counts().removed()).isEqualTo(4);
        assertThat(asked.errors()).extracting(RowError::problem, RowError::detail)
            .containsExactly(tuple(RowProblem.REMOVALS_UNCONFIRMED, "removed=4 live=5 max_percent=10"));
        assertDeckUnchanged();

        final DeckImportResult confirmed = importDeck(oneRow, ImportMode.REPLACE, 10, true);
        assertThat(confirmed.outcome()).isEqualTo(DeckImportResult.Outcome.STORED);
        assertThat(store.ratesAt(TRUNK, DeckDirection.VENDOR, NOW, "")).extracting(Rate::prefix).containsExactly("44");
    }

    @Test
    void shouldReplaceUnaskedAtExactlyTheAllowedShare() throws IOException
    {
        // Four of five rows kept: one prefix (20 %) goes, which is the limit itself.
        final byte[] fourRows = LIVE.replace("49,Germany,0.012\n", "").getBytes(StandardCharsets.UTF_8);

        assertThat(importDeck(fourRows, ImportMode.REPLACE, 20, false).outcome())
            .isEqualTo(DeckImportResult.Outcome.STORED);
    }

    @Test
    void shouldAskJustAboveTheAllowedShare() throws IOException
    {
        final byte[] fourRows = LIVE.replace("49,Germany,0.012\n", "").getBytes(StandardCharsets.UTF_8);

        assertThat(importDeck(fourRows, ImportMode.REPLACE, 19, false).outcome())
            .isEqualTo(DeckImportResult.Outcome.NEEDS_CONFIRMATION);
        assertDeckUnchanged();
    }

    private void assertDeckUnchanged()
    {
        assertThat(store.history(TRUNK, DeckDirection.VENDOR)).hasSize(1);
        assertThat(store.ratesAt(TRUNK, DeckDirection.VENDOR, NOW, "")).extracting(Rate::prefix)
            .containsExactly("33", "44", "4420", "447", "49");
    }

    private DeckImportResult importDeck(final byte[] content, final ImportMode mode, final int confirmOverPercent,
        final boolean confirmed) throws IOException
    {
        final Path file = directory.resolve("deck-" + System.nanoTime() + ".csv");
        Files.write(file, content);
        return store.importDeck(new DeckImportRequest(TRUNK, DeckDirection.VENDOR, file,
            ColumnMapping.parse(ColumnMapping.GENERIC), mode, NOW, false, false, confirmOverPercent, confirmed),
            ImportProgress.NONE);
    }
}
