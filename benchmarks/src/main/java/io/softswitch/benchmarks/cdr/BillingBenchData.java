package io.softswitch.benchmarks.cdr;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.CallParty;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.JournalWriter;
import io.softswitch.cdr.billing.BillingSettings;
import io.softswitch.cdr.billing.BillingTailer;
import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DatabaseMigrations;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckImportRequest;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.EmbeddedDatabase;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.ImportProgress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The billing benchmarks' world: an embedded PostgreSQL with durable settings, decks for 20
 * customers and 20 vendors over 200 destinations, and journals of synthetic calls spread over
 * October 2026 (60 % answered, up to 10 minutes, one or two attempts).
 */
final class BillingBenchData implements AutoCloseable
{
    static final Instant MONTH = Instant.parse("2026-10-01T00:00:00Z");
    static final int CUSTOMERS = 20;
    static final int VENDORS = 20;
    static final int DESTINATIONS = 200;

    final Path directory;
    final EmbeddedDatabase database;

    BillingBenchData() throws IOException
    {
        this(Files.createTempDirectory("billing-bench-"));
    }

    /**
     * Opens (or creates) the world in a directory; decks are imported when the database has none.
     *
     * @param directory where PostgreSQL and the journals live.
     * @throws IOException when PostgreSQL cannot start.
     */
    BillingBenchData(final Path directory) throws IOException
    {
        this.directory = directory;
        Files.createDirectories(directory);
        database = EmbeddedDatabase.start(directory.resolve("postgres"));
        DatabaseMigrations.migrate(database.dataSource());
        if (count("SELECT count(*) FROM deck") > 0)
        {
            return;
        }
        final DeckStore store = new DeckStore(database.dataSource(), Clock.fixed(MONTH, ZoneOffset.UTC));
        for (int c = 0; c < CUSTOMERS; c++)
        {
            importDeck(store, "customer-" + c, DeckDirection.CUSTOMER, 10_000 + c * 100, "30/6");
        }
        for (int v = 0; v < VENDORS; v++)
        {
            importDeck(store, "vendor-" + v, DeckDirection.VENDOR, 5_000 + v * 50, "60/60");
        }
    }

    private void importDeck(final DeckStore store, final String trunk, final DeckDirection direction,
        final long baseMicros, final String increments) throws IOException
    {
        final StringBuilder csv = new StringBuilder("prefix,destination,rate,increments\n");
        for (int d = 0; d < DESTINATIONS; d++)
        {
            csv.append(2_000 + d).append(",Destination ").append(d).append(",0.")
                .append(String.format("%06d", baseMicros + d * 7L)).append(',').append(increments).append('\n');
        }
        final Path file = directory.resolve(trunk + ".csv");
        Files.writeString(file, csv);
        store.importDeck(new DeckImportRequest(trunk, direction, file, ColumnMapping.parse(ColumnMapping.GENERIC),
            ImportMode.REPLACE, MONTH, false, false), ImportProgress.NONE);
    }

    /**
     * A count.
     *
     * @param sql a query answering one number.
     * @return the number.
     */
    long count(final String sql)
    {
        try (var connection = database.dataSource().getConnection();
            var statement = connection.createStatement();
            var rows = statement.executeQuery(sql))
        {
            rows.next();
            return rows.getLong(1);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Stops PostgreSQL and keeps the files (a later fork reuses them).
     *
     * @throws IOException when stopping fails.
     */
    void stop() throws IOException
    {
        database.close();
    }

    /**
     * Journals calls under a node id of their own.
     *
     * @param node  the node id (and journal directory name).
     * @param calls how many.
     * @param seed  random seed.
     * @return the journal settings to bill them with.
     */
    JournalSettings journal(final String node, final int calls, final long seed)
    {
        return journal(node, calls, seed, false);
    }

    /**
     * Journals calls under a node id of their own.
     *
     * @param node    the node id (and journal directory name).
     * @param calls   how many.
     * @param seed    random seed.
     * @param inOrder whether the calls start in time order, one per millisecond (a switch's journal
     *                at 1,000 calls/s, e.g. the backlog of an outage), instead of at random instants
     *                over the month (every batch touches every day: the worst case for billing).
     * @return the journal settings to bill them with.
     */
    JournalSettings journal(final String node, final int calls, final long seed, final boolean inOrder)
    {
        final JournalSettings settings = JournalSettings.defaults(directory.resolve("journal-" + node), node);
        final SplittableRandom random = new SplittableRandom(seed);
        final long monthMs = Duration.ofDays(31).toMillis();
        try (CdrJournal journal = CdrJournal.open(settings, new SimpleMeterRegistry()))
        {
            final JournalWriter writer = journal.writer(0);
            final CdrRecord record = new CdrRecord();
            for (int i = 0; i < calls; i++)
            {
                final long start = MONTH.toEpochMilli() + (inOrder ? i : random.nextLong(monthMs));
                final String number = (2_000 + random.nextInt(DESTINATIONS)) + "5550100";
                final boolean answered = random.nextInt(10) < 6;
                final long answer = start + 2_000;
                final long end = answered ? answer + random.nextLong(600_000) : start + 3_000;
                record.clear().nodeId(node)
                    .customer("customer-" + random.nextInt(CUSTOMERS), node + "-" + i + "@bench", "33612345678",
                        number, number)
                    .times(start, start + 150, answered ? answer : 0, end)
                    .ending(answered ? 200 : 486, "CUSTOMER_BYE", CallParty.CUSTOMER).sell("2", 1);
                if (random.nextBoolean())
                {
                    record.addAttempt().route("vendor-" + random.nextInt(VENDORS), "b" + i, number, "2", 1)
                        .outcome(start + 5, start + 50, 0, start + 500, 503);
                }
                record.addAttempt().route("vendor-" + random.nextInt(VENDORS), "a" + i, number, "2", 1)
                    .outcome(start + 500, start + 150, answered ? answer : 0, end, answered ? 200 : 486);
                if (!writer.append(record))
                {
                    throw new IllegalStateException("append failed");
                }
            }
        }
        return settings;
    }

    /**
     * Bills a journal of a known size to its end with the started tailer (the switch's way: the
     * reader rates the next batch while the writer commits the last).
     *
     * @param settings  the journal.
     * @param calls     the calls it holds.
     * @param batchSize calls per transaction.
     * @return calls billed.
     */
    int billPipelined(final JournalSettings settings, final int calls, final int batchSize)
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BillingTailer tailer = new BillingTailer(withBatchSize(settings, batchSize), database.dataSource(),
            registry, Clock.systemUTC()))
        {
            tailer.start();
            final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            final var billed = registry.get("softswitch.billing.cdrs").counter();
            while (billed.count() < calls)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("not billed in 10 minutes: " + billed.count());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            return (int)billed.count();
        }
    }

    /**
     * Bills a journal to its end, one batch after the other on this thread (no pipeline).
     *
     * @param settings the journal.
     * @return calls billed.
     * @throws SQLException when PostgreSQL fails.
     */
    int bill(final JournalSettings settings) throws SQLException
    {
        return bill(settings, BillingSettings.DEFAULT_BATCH_SIZE);
    }

    /**
     * Bills a journal to its end, one batch after the other on this thread (no pipeline).
     *
     * @param settings  the journal.
     * @param batchSize calls per transaction.
     * @return calls billed.
     * @throws SQLException when PostgreSQL fails.
     */
    int bill(final JournalSettings settings, final int batchSize) throws SQLException
    {
        try (BillingTailer tailer = new BillingTailer(withBatchSize(settings, batchSize), database.dataSource(),
            new SimpleMeterRegistry(), Clock.systemUTC()))
        {
            int total = 0;
            int written;
            while ((written = tailer.pollOnce()) > 0)
            {
                total += written;
            }
            return total;
        }
    }

    private static BillingSettings withBatchSize(final JournalSettings settings, final int batchSize)
    {
        final BillingSettings defaults = BillingSettings.defaults(settings);
        return new BillingSettings(settings, batchSize, defaults.idlePoll(), defaults.maxBackoff());
    }

    @Override
    public void close() throws IOException
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
}
