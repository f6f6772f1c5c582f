package io.softswitch.benchmarks.ratedeck;

import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DatabaseMigrations;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckImportRequest;
import io.softswitch.ratedeck.DeckImportResult;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.EmbeddedDatabase;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.ImportProgress;
import io.softswitch.ratedeck.PostgresRateSource;
import io.softswitch.ratedeck.TrunkRates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How long a one-million-row rate deck takes from CSV file to live rates, on a real (embedded,
 * durable: fsync on) PostgreSQL: read, validate, diff, COPY, commit, then answer a query.
 *
 * <ul>
 *   <li>{@code importNewDeck}: a new trunk's first deck, every row new.</li>
 *   <li>{@code reimportRepricedDeck}: a replace import over a live million-row deck with 10% of the
 *       prices changed: the diff compares every row; the changed tenth is written and its old rows
 *       ended, the rest carried over.</li>
 *   <li>{@code loadLiveRates}: the routing engine's read of every rate in force now or later.</li>
 * </ul>
 * Run: {@code java -cp benchmarks/target/classes:benchmarks/target/lib/* org.openjdk.jmh.Main DeckImportBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class DeckImportBenchmark
{
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /**
     * A running database and the generated deck files; one per benchmark fork.
     */
    @State(Scope.Benchmark)
    public static class Database
    {
        /** Rows in the generated deck. */
        @Param("1000000")
        public int rows;

        Path directory;
        EmbeddedDatabase database;
        DeckStore store;
        PostgresRateSource source;
        Path deck;
        Path repricedDeck;
        int trunks;

        /**
         * Starts the database and writes the deck files.
         *
         * @throws IOException when a file cannot be written.
         */
        @Setup(Level.Trial)
        public void start() throws IOException
        {
            directory = Files.createTempDirectory("deck-benchmark");
            database = EmbeddedDatabase.start(directory.resolve("postgres"));
            DatabaseMigrations.migrate(database.dataSource());
            store = new DeckStore(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
            source = new PostgresRateSource(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
            deck = writeDeck(directory.resolve("deck.csv"), rows, 0);
            repricedDeck = writeDeck(directory.resolve("repriced.csv"), rows, 10);
        }

        /**
         * Stops the database and deletes its files.
         *
         * @throws IOException when a file cannot be deleted.
         */
        @TearDown(Level.Trial)
        public void stop() throws IOException
        {
            database.close();
            try (Stream<Path> paths = Files.walk(directory))
            {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.delete(path);
                }
            }
        }

        DeckImportResult importInto(final String trunk, final Path file) throws IOException
        {
            final DeckImportResult result = store.importDeck(new DeckImportRequest(trunk, DeckDirection.VENDOR, file,
                ColumnMapping.parse(ColumnMapping.GENERIC), ImportMode.REPLACE, NOW, false, false), ImportProgress.NONE);
            if (result.outcome() != DeckImportResult.Outcome.STORED || result.rowsAccepted() != rows)
            {
                throw new IllegalStateException("import failed: outcome=" + result.outcome() + " errors=" + result.errors().size());
            }
            return result;
        }
    }

    /**
     * A database holding one live deck, re-made before each measured import over it.
     */
    @State(Scope.Benchmark)
    public static class LiveDeck
    {
        String trunk;

        /**
         * Imports the first deck into a new trunk.
         *
         * @param database the database.
         * @throws IOException when the file cannot be read.
         */
        @Setup(Level.Iteration)
        public void importFirst(final Database database) throws IOException
        {
            trunk = "live-" + ++database.trunks;
            database.importInto(trunk, database.deck);
        }
    }

    /**
     * A database holding exactly one live deck for the whole run, for the read benchmark.
     */
    @State(Scope.Benchmark)
    public static class OneDeck
    {
        /**
         * Imports the deck once.
         *
         * @param database the database.
         * @throws IOException when the file cannot be read.
         */
        @Setup(Level.Trial)
        public void importOnce(final Database database) throws IOException
        {
            database.importInto("read-only", database.deck);
        }
    }

    /**
     * A new trunk's first deck: file to live rates.
     *
     * @param database the database.
     * @return rates in force under prefix 1000 after the import, read back from PostgreSQL.
     * @throws IOException when the file cannot be read.
     */
    @Benchmark
    public int importNewDeck(final Database database) throws IOException
    {
        final String trunk = "new-" + ++database.trunks;
        database.importInto(trunk, database.deck);
        return database.store.ratesAt(trunk, DeckDirection.VENDOR, NOW, "1000").size();
    }

    /**
     * A replace import over a live deck with 10% of its prices changed.
     *
     * @param database the database.
     * @param live     the live deck.
     * @return how many prices changed.
     * @throws IOException when the file cannot be read.
     */
    @Benchmark
    public long reimportRepricedDeck(final Database database, final LiveDeck live) throws IOException
    {
        final DeckImportResult result = database.importInto(live.trunk, database.repricedDeck);
        return result.diff().counts().increased() + result.diff().counts().decreased();
    }

    /**
     * Every rate in force now or later, as the routing engine loads them.
     *
     * @param database the database.
     * @param deck     the one live deck.
     * @return the decks loaded.
     */
    @Benchmark
    public List<TrunkRates> loadLiveRates(final Database database, final OneDeck deck)
    {
        return database.source.loadRates();
    }

    private static Path writeDeck(final Path file, final int rows, final int repricedPercent) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(42);
        try (BufferedWriter out = Files.newBufferedWriter(file))
        {
            out.write("prefix,destination,rate,connect_fee,increments,effective_from\n");
            for (int i = 0; i < rows; i++)
            {
                long rateMicros = 1_000 + random.nextInt(200_000);
                if (random.nextInt(100) < repricedPercent)
                {
                    rateMicros += 500;
                }
                out.write(Integer.toString(10_000_000 + i));
                out.write(",\"Destination ");
                out.write(Integer.toString(i / 1_000));
                out.write("\",");
                out.write(Long.toString(rateMicros / 1_000_000));
                out.write('.');
                out.write(String.format("%06d", rateMicros % 1_000_000));
                out.write(",0,60/60,2026-01-01\n");
            }
        }
        return file;
    }
}
