package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.JournalSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The started tailer is a pipeline (the reader rates batch N+1 while the writer commits batch N):
 * a batch read ahead when the writer fails, or when the tailer stops, must be dropped and read
 * again, never committed on top of a rolled-back one nor lost.
 */
class BillingPipelineTest
{
    @TempDir
    Path dir;

    DataSource database;

    @BeforeEach
    void decks()
    {
        database = BillingDatabases.newDatabase();
        BillingTailerTest.seedDecks(database, dir);
    }

    private BillingTailer tailer(final SimpleMeterRegistry registry, final BillingTailer.BatchFault fault)
    {
        final JournalSettings journal = JournalSettings.defaults(dir.resolve("node-a"), "node-a");
        return new BillingTailer(new BillingSettings(journal, 10, Duration.ofMillis(10), Duration.ofMillis(200)),
            database, registry, Clock.systemUTC(), fault);
    }

    @Test
    void shouldDropTheBatchReadAheadWhenTheWriterFailsAndStillStoreEveryCallOnce() throws Exception
    {
        BillingTailerTest.journal(dir.resolve("node-a"), "node-a", 0, 95);
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final AtomicReference<BillingTailer> self = new AtomicReference<>();
        final AtomicInteger commits = new AtomicInteger();
        try (BillingTailer tailer = tailer(registry, calls ->
        {
            final int commit = commits.incrementAndGet();
            if (commit == 3 || commit == 6)
            {
                // The reader has rated the next batch and handed it off: it belongs to the failing epoch.
                waitFor(() -> self.get().batchesWaiting() == 1);
                throw new SQLException("database failed with a batch read ahead");
            }
        }))
        {
            self.set(tailer);
            tailer.start();
            waitFor(() -> count("SELECT count(*) FROM cdr") == 95 && tailer.backlogRecords() == 0);
            assertThat(registry.get("softswitch.billing.failures").counter().count()).isEqualTo(2.0);
            assertThat(registry.get("softswitch.billing.dropped.batches").counter().count()).isGreaterThanOrEqualTo(2.0);
        }
        assertEveryCallOnce(95);
    }

    @Test
    void shouldStoreEveryCallOnceWhenTheWriterDiesInABatchWithTheNextOneReadAhead() throws Exception
    {
        BillingTailerTest.journal(dir.resolve("node-a"), "node-a", 0, 95);
        final AtomicReference<BillingTailer> self = new AtomicReference<>();
        final AtomicInteger commits = new AtomicInteger();
        try (BillingTailer dying = tailer(new SimpleMeterRegistry(), calls ->
        {
            if (commits.incrementAndGet() == 5)
            {
                waitFor(() -> self.get().batchesWaiting() == 1);
                // As a kill would: the writer thread ends inside the transaction, nothing handles it.
                throw new WriterKilled();
            }
        }))
        {
            self.set(dying);
            dying.start();
            waitFor(() -> commits.get() == 5);
        }
        // Four batches committed; the fifth died before its commit, the sixth was read ahead.
        assertThat(count("SELECT count(*) FROM cdr")).isEqualTo(40);
        try (BillingTailer restarted = tailer(new SimpleMeterRegistry(), calls -> { }))
        {
            restarted.start();
            waitFor(() -> count("SELECT count(*) FROM cdr") == 95 && restarted.backlogRecords() == 0);
        }
        assertEveryCallOnce(95);
    }

    /** Ends the writer's thread the way no handler catches. */
    private static final class WriterKilled extends Error
    {
        private static final long serialVersionUID = 1L;

        WriterKilled()
        {
            super("writer thread killed in the middle of a batch (test)");
        }
    }

    private void assertEveryCallOnce(final int calls) throws SQLException
    {
        assertThat(query("SELECT count(*), count(DISTINCT customer_call_id) FROM cdr"))
            .containsExactly(calls + "|" + calls);
        assertThat(query("SELECT count(*) FROM cdr_attempt")).containsExactly(String.valueOf(2 * calls));
        assertThat(query("SELECT sum(calls), sum(attempts) FROM cdr_hourly")).containsExactly(calls + "|" + 2 * calls);
        assertThat(query("SELECT (SELECT sum(revenue) FROM cdr) = (SELECT sum(revenue) FROM cdr_hourly), " +
            "(SELECT sum(cost) FROM cdr_attempt) = (SELECT sum(cost) FROM cdr_hourly)")).containsExactly("true|true");
    }

    private long count(final String sql)
    {
        try
        {
            return Long.parseLong(query(sql).getFirst());
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private List<String> query(final String sql) throws SQLException
    {
        return BillingQueries.query(database, sql);
    }

    private static void waitFor(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("condition not met within 60 s");
            }
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ex);
            }
        }
    }
}
