package io.softswitch.ratedeck;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DeckStoreTest
{
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-07-01T00:00:00Z");
    private static final String TRUNK = "carrier-b";

    @TempDir
    Path directory;

    private DeckStore store;
    private TestDatabases.TestDatabase database;
    private PostgresRateSource source;

    @BeforeEach
    void createDatabase()
    {
        database = TestDatabases.newDatabase();
        store = new DeckStore(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        source = new PostgresRateSource(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private DeckImportResult importDeck(
        final String content,
        final ImportMode mode,
        final Instant effectiveAt,
        final boolean dryRun,
        final boolean acceptDrop) throws IOException
    {
        final Path file = directory.resolve("deck-" + System.nanoTime() + ".csv");
        Files.writeString(file, content);
        return store.importDeck(new DeckImportRequest(TRUNK, DeckDirection.VENDOR, file,
            ColumnMapping.parse(ColumnMapping.GENERIC), mode, effectiveAt, dryRun, acceptDrop), ImportProgress.NONE);
    }

    private DeckImportResult importDeck(final String content, final ImportMode mode) throws IOException
    {
        return importDeck(content, mode, NOW, false, false);
    }

    private List<Rate> ratesAt(final Instant at)
    {
        return store.ratesAt(TRUNK, DeckDirection.VENDOR, at, "");
    }

    @Test
    void shouldStoreFirstImportAsVersionOneWithEveryRowNew() throws IOException
    {
        final DeckImportResult result = importDeck("""
            prefix,destination,rate,connect_fee,increments,minimum_duration
            44,United Kingdom,0.010000,0.001,30/6,10
            4420,London,0.008,,,
            """, ImportMode.REPLACE);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.STORED);
        assertThat(result.versionNo()).isEqualTo(1);
        assertThat(result.diff().counts()).isEqualTo(new DiffCounts(2, 0, 0, 0, 0));
        assertThat(ratesAt(NOW)).containsExactly(
            new Rate("44", "United Kingdom", 10_000, 1_000, 30, 6, 10, NOW, null),
            new Rate("4420", "London", 8_000, 0, 60, 60, 0, NOW, null));
    }

    @Test
    void shouldChangeNothingWhenRowsAreRefused() throws IOException
    {
        importDeck("prefix,rate\n44,0.01\n", ImportMode.REPLACE);

        final DeckImportResult result = importDeck("prefix,rate\n44,0.02\n33,-1\n49,0.01\n", ImportMode.REPLACE);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.REJECTED);
        assertThat(result.errors()).extracting(RowError::line, RowError::problem)
            .containsExactly(tuple(3L, RowProblem.NEGATIVE_RATE));
        assertThat(store.history(TRUNK, DeckDirection.VENDOR)).hasSize(1);
        assertThat(ratesAt(NOW)).extracting(Rate::prefix, Rate::ratePerMinuteMicros).containsExactly(tuple("44", 10_000L));
    }

    @Test
    void shouldChangeNothingWhenTheMappingIsWrongEvenIfDroppingIsAccepted() throws IOException
    {
        final DeckImportResult result = importDeck("prefix,tariff\n44,0.01\n", ImportMode.REPLACE, NOW, false, true);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.REJECTED);
        assertThat(result.errors()).extracting(RowError::problem)
            .containsExactly(RowProblem.UNKNOWN_COLUMN, RowProblem.UNMAPPED_REQUIRED_FIELD);
        assertThat(store.history(TRUNK, DeckDirection.VENDOR)).isEmpty();
    }

    @Test
    void shouldImportOnlyGoodRowsWhenDroppingBadRowsIsAccepted() throws IOException
    {
        final DeckImportResult result = importDeck("prefix,rate\n44,0.02\n33,-1\n49,0.0000001\n1,0.03\n",
            ImportMode.REPLACE, NOW, false, true);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.STORED);
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsAccepted()).isEqualTo(2);
        assertThat(ratesAt(NOW)).extracting(Rate::prefix).containsExactly("1", "44");
        assertThat(store.history(TRUNK, DeckDirection.VENDOR)).singleElement()
            .satisfies(version -> assertThat(version.rowsDropped()).isEqualTo(2));
    }

    @Test
    void shouldDiffWithoutChangingAnythingOnDryRun() throws IOException
    {
        importDeck("prefix,rate\n44,0.01\n33,0.02\n49,0.03\n", ImportMode.REPLACE);

        final DeckImportResult result = importDeck("prefix,rate\n44,0.02\n33,0.01\n1,0.05\n",
            ImportMode.REPLACE, NOW, true, false);

        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.DRY_RUN);
        assertThat(result.diff().counts()).isEqualTo(new DiffCounts(1, 1, 1, 1, 0));
        assertThat(store.history(TRUNK, DeckDirection.VENDOR)).hasSize(1);
        assertThat(ratesAt(NOW)).extracting(Rate::prefix, Rate::ratePerMinuteMicros)
            .containsExactly(tuple("33", 20_000L), tuple("44", 10_000L), tuple("49", 30_000L));
    }

    @Test
    void shouldReportEveryDiffCategoryAndStoreItWithTheVersion() throws IOException
    {
        importDeck("prefix,destination,rate\n44,UK,0.01\n33,France,0.02\n49,Germany,0.03\n34,Spain,0.04\n",
            ImportMode.REPLACE);

        final DeckImportResult result = importDeck(
            "prefix,destination,rate\n44,UK,0.011\n33,France,0.019\n34,Spain,0.04\n1,USA,0.005\n", ImportMode.REPLACE);

        assertThat(result.diff().counts()).isEqualTo(new DiffCounts(1, 1, 1, 1, 1));
        assertThat(result.diff().changes()).extracting(RateChange::kind, RateChange::prefix,
                RateChange::previousRateMicros, RateChange::rateMicros)
            .containsExactly(
                tuple(ChangeKind.INCREASED, "44", 10_000L, 11_000L),
                tuple(ChangeKind.DECREASED, "33", 20_000L, 19_000L),
                tuple(ChangeKind.UNCHANGED, "34", 40_000L, 40_000L),
                tuple(ChangeKind.NEW, "1", RateChange.NO_RATE, 5_000L),
                tuple(ChangeKind.REMOVED, "49", 30_000L, RateChange.NO_RATE));
        assertThat(store.storedDiff(TRUNK, DeckDirection.VENDOR, 2).changes())
            .isEqualTo(result.diff().changes().stream().filter(change -> change.kind() != ChangeKind.UNCHANGED).toList());
        assertThat(store.storedDiff(TRUNK, DeckDirection.VENDOR, 2).counts()).isEqualTo(result.diff().counts());
        assertThat(store.history(TRUNK, DeckDirection.VENDOR)).extracting(DeckVersion::versionNo, DeckVersion::counts)
            .containsExactly(tuple(1, new DiffCounts(4, 0, 0, 0, 0)), tuple(2, new DiffCounts(1, 1, 1, 1, 1)));
    }

    @Test
    void shouldCarryOverRowsThatRepeatTheRateInForce() throws IOException
    {
        importDeck("prefix,destination,rate\n44,UK,0.01\n33,France,0.02\n", ImportMode.REPLACE);

        final DeckImportResult again = importDeck("prefix,destination,rate,increments\n44,UK,0.01,60/60\n"
            + "33,France,0.02,1/1\n", ImportMode.REPLACE, LATER, false, false);

        assertThat(again.diff().counts()).isEqualTo(new DiffCounts(0, 0, 0, 0, 2));
        assertThat(ratesAt(LATER)).extracting(Rate::prefix, Rate::effectiveFrom, Rate::firstIncrementSeconds)
            .containsExactly(tuple("33", LATER, 1), tuple("44", NOW, 60));
        assertThat(store.storedDiff(TRUNK, DeckDirection.VENDOR, 2).changes()).extracting(RateChange::prefix)
            .containsExactly("33");
    }

    @Test
    void shouldEndPrefixesAbsentFromReplaceButKeepThemOnUpdate() throws IOException
    {
        importDeck("prefix,rate\n44,0.01\n33,0.02\n", ImportMode.REPLACE);
        importDeck("prefix,rate\n44,0.015\n", ImportMode.UPDATE, LATER, false, false);

        assertThat(ratesAt(LATER)).extracting(Rate::prefix, Rate::ratePerMinuteMicros)
            .containsExactly(tuple("33", 20_000L), tuple("44", 15_000L));

        final Instant evenLater = LATER.plusSeconds(86_400);
        importDeck("prefix,rate\n44,0.015\n", ImportMode.REPLACE, evenLater, false, false);

        assertThat(ratesAt(evenLater)).extracting(Rate::prefix).containsExactly("44");
        assertThat(ratesAt(LATER)).extracting(Rate::prefix).containsExactly("33", "44");
        assertThat(ratesAt(NOW)).extracting(Rate::prefix, Rate::ratePerMinuteMicros)
            .containsExactly(tuple("33", 20_000L), tuple("44", 10_000L));
    }

    @Test
    void shouldKeepFutureDatedVersionWaitingForItsTime() throws IOException
    {
        importDeck("prefix,rate\n44,0.01\n", ImportMode.REPLACE);
        final DeckImportResult future = importDeck("prefix,rate\n44,0.02\n", ImportMode.REPLACE, LATER, false, false);

        assertThat(future.diff().counts().increased()).isEqualTo(1);
        assertThat(ratesAt(NOW)).extracting(Rate::ratePerMinuteMicros).containsExactly(10_000L);
        assertThat(ratesAt(LATER)).extracting(Rate::ratePerMinuteMicros).containsExactly(20_000L);
        assertThat(ratesAt(NOW).getFirst().effectiveUntil()).isEqualTo(LATER);
    }

    @Test
    void shouldApplyFutureDatedRowsOfOneFileInTurn() throws IOException
    {
        importDeck("prefix,rate,effective_from\n44,0.01,\n44,0.02,2026-07-01\n33,0.03,2026-07-01\n",
            ImportMode.REPLACE);

        assertThat(ratesAt(NOW)).extracting(Rate::prefix, Rate::ratePerMinuteMicros, Rate::effectiveUntil)
            .containsExactly(tuple("44", 10_000L, LATER));
        assertThat(ratesAt(LATER)).extracting(Rate::prefix, Rate::ratePerMinuteMicros)
            .containsExactly(tuple("33", 30_000L), tuple("44", 20_000L));
    }

    @Test
    void shouldSupersedeNotYetStartedRatesThatALaterImportReplaces() throws IOException
    {
        importDeck("prefix,rate\n44,0.01\n", ImportMode.REPLACE);
        importDeck("prefix,rate\n44,0.05\n", ImportMode.REPLACE, LATER, false, false);

        final DeckImportResult correction = importDeck("prefix,rate\n44,0.03\n", ImportMode.UPDATE,
            NOW.plusSeconds(3600), false, false);

        assertThat(correction.diff().changes()).extracting(RateChange::kind, RateChange::previousRateMicros)
            .containsExactly(tuple(ChangeKind.INCREASED, 10_000L));
        assertThat(ratesAt(LATER)).extracting(Rate::ratePerMinuteMicros).containsExactly(30_000L);
        assertThat(store.history(TRUNK, DeckDirection.VENDOR)).hasSize(3);
    }

    @Test
    void shouldLoadRatesInForceNowOrLaterForEveryDeck() throws IOException
    {
        importDeck("prefix,rate,effective_until\n44,0.01,\n33,0.02,2026-06-15\n", ImportMode.REPLACE);
        importDeck("prefix,rate\n44,0.02\n", ImportMode.UPDATE, LATER, false, false);
        final Path customerFile = directory.resolve("customer.csv");
        Files.writeString(customerFile, "prefix,rate\n44,0.05\n");
        store.importDeck(new DeckImportRequest("carrier-a", DeckDirection.CUSTOMER, customerFile,
            ColumnMapping.parse(ColumnMapping.GENERIC), ImportMode.REPLACE, NOW, false, false), ImportProgress.NONE);

        final List<TrunkRates> decks = source.loadRates();

        assertThat(decks).extracting(TrunkRates::trunk, TrunkRates::direction)
            .containsExactlyInAnyOrder(tuple(TRUNK, DeckDirection.VENDOR), tuple("carrier-a", DeckDirection.CUSTOMER));
        final TrunkRates vendor = decks.stream().filter(deck -> deck.trunk().equals(TRUNK)).findFirst().orElseThrow();
        assertThat(vendor.rates()).extracting(Rate::prefix, Rate::ratePerMinuteMicros, Rate::effectiveFrom, Rate::effectiveUntil)
            .containsExactly(
                tuple("33", 20_000L, NOW, Instant.parse("2026-06-15T00:00:00Z")),
                tuple("44", 10_000L, NOW, LATER),
                tuple("44", 20_000L, LATER, null));
    }

    @Test
    void shouldShowRatesUnderAPrefix() throws IOException
    {
        importDeck("prefix,rate\n44,0.01\n4420,0.02\n4520,0.03\n", ImportMode.REPLACE);

        assertThat(store.ratesAt(TRUNK, DeckDirection.VENDOR, NOW, "44")).extracting(Rate::prefix)
            .containsExactly("44", "4420");
        assertThat(store.ratesAt(TRUNK, DeckDirection.CUSTOMER, NOW, "")).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNumberConcurrentImportsIntoOneDeckOneAfterTheOther() throws Exception
    {
        final Path first = directory.resolve("first.csv");
        final Path second = directory.resolve("second.csv");
        Files.writeString(first, "prefix,rate\n44,0.01\n");
        Files.writeString(second, "prefix,rate\n33,0.02\n");
        final Callable<DeckImportResult> importFirst = () -> store.importDeck(new DeckImportRequest(TRUNK,
            DeckDirection.VENDOR, first, ColumnMapping.parse(ColumnMapping.GENERIC), ImportMode.UPDATE, NOW, false, false),
            ImportProgress.NONE);
        final Callable<DeckImportResult> importSecond = () -> store.importDeck(new DeckImportRequest(TRUNK,
            DeckDirection.VENDOR, second, ColumnMapping.parse(ColumnMapping.GENERIC), ImportMode.UPDATE, NOW, false, false),
            ImportProgress.NONE);

        final List<DeckImportResult> results;
        try (ExecutorService executor = Executors.newFixedThreadPool(2))
        {
            final List<Future<DeckImportResult>> futures = executor.invokeAll(List.of(importFirst, importSecond));
            results = List.of(futures.get(0).get(), futures.get(1).get());
        }

        assertThat(results).extracting(DeckImportResult::versionNo).containsExactlyInAnyOrder(1, 2);
        assertThat(ratesAt(NOW)).extracting(Rate::prefix).containsExactly("33", "44");
    }

    @Test
    void shouldRefuseAWholeImportWithARowPricedAboveTheStoresCeiling() throws IOException
    {
        importDeck("prefix,rate\n44,0.01\n", ImportMode.REPLACE);

        final DeckImportResult result =
            importDeck("prefix,rate\n44,100.000000\n33,1000.000000\n", ImportMode.REPLACE);

        assertThat(store.maxRatePerMinuteMicros()).isEqualTo(DeckStore.DEFAULT_MAX_RATE_PER_MINUTE_MICROS);
        assertThat(result.outcome()).isEqualTo(DeckImportResult.Outcome.REJECTED);
        assertThat(result.errors()).extracting(RowError::line, RowError::problem, RowError::detail)
            .containsExactly(tuple(3L, RowProblem.RATE_ABOVE_CEILING, "rate=1000.000000 max=100.000000"));
        assertThat(ratesAt(NOW)).extracting(Rate::prefix, Rate::ratePerMinuteMicros).containsExactly(tuple("44", 10_000L));
    }

    @Test
    void shouldLoadTheRatesInForceAtAPastInstantAfterALaterImportReplacedThem() throws IOException
    {
        importDeck("prefix,rate\n44,0.01\n4420,0.005\n33,0.02\n", ImportMode.REPLACE, NOW, false, false);
        importDeck("prefix,rate\n44,0.03\n", ImportMode.REPLACE, LATER, false, false);
        final PostgresRateSource afterBoth =
            new PostgresRateSource(database.dataSource(), Clock.fixed(LATER.plusSeconds(60), ZoneOffset.UTC));

        assertThat(afterBoth.loadRates().getFirst().rates()).extracting(Rate::prefix).containsExactly("44");
        assertThat(afterBoth.loadRatesAt(NOW.plusSeconds(3_600), "442079").getFirst().rates())
            .extracting(Rate::prefix, Rate::ratePerMinuteMicros)
            .containsExactly(tuple("44", 10_000L), tuple("4420", 5_000L));
        assertThat(afterBoth.loadRatesAt(LATER, "442079").getFirst().rates())
            .extracting(Rate::prefix, Rate::ratePerMinuteMicros).containsExactly(tuple("44", 30_000L));
        assertThat(afterBoth.loadRatesAt(NOW.minusSeconds(1), "442079")).isEmpty();
    }

    @Test
    void shouldKeepMoneyExactThroughTheDatabase() throws IOException
    {
        store = new DeckStore(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC), Money.MAX_MICROS);
        importDeck("prefix,rate,connect_fee\n44,999999999999.999999,0.000001\n", ImportMode.REPLACE);

        assertThat(ratesAt(NOW)).extracting(Rate::ratePerMinuteMicros, Rate::connectFeeMicros)
            .containsExactly(tuple(999_999_999_999_999_999L, 1L));
    }
}
