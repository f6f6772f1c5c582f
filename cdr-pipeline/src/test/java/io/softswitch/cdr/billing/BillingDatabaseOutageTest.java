package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.JournalWriter;
import io.softswitch.cdr.TestCdrs;
import io.softswitch.ratedeck.DatabaseMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped while CDRs keep coming, then started again on the same data and port: the
 * journal keeps taking CDRs, the tailer retries, the backlog rises and drains, and every CDR is
 * stored once.
 */
class BillingDatabaseOutageTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldCatchUpExactlyOnceAfterPostgresIsStoppedAndStartedAgain() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final Path data = dir.resolve("pg");
        EmbeddedPostgres postgres = start(data, port);
        final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("postgres");
        dataSource.setUser("postgres");
        dataSource.setConnectTimeout(2);
        dataSource.setSocketTimeout(30);
        DatabaseMigrations.migrate(dataSource);
        BillingTailerTest.seedDecks(dataSource, dir);

        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final JournalSettings settings = JournalSettings.defaults(dir.resolve("journal"), "node-a");
        try (CdrJournal journal = CdrJournal.open(settings, new SimpleMeterRegistry());
            BillingTailer tailer = new BillingTailer(new BillingSettings(settings, 20, Duration.ofMillis(20),
                Duration.ofMillis(500)), dataSource, registry, Clock.systemUTC()))
        {
            final JournalWriter writer = journal.writer(0);
            final CdrRecord record = new CdrRecord();
            tailer.start();
            append(writer, record, 0, 50);
            waitFor(() -> count(dataSource) == 50);

            postgres.close();
            append(writer, record, 50, 50);
            waitFor(() -> tailer.backlogRecords() == 50 &&
                registry.get("softswitch.billing.failures").counter().count() > 0);
            assertThat(registry.get("softswitch.billing.backlog.records").gauge().value()).isEqualTo(50.0);
            // Nothing was read while down: the age is still the oldest waiting record's (ended in the past).
            assertThat(registry.get("softswitch.billing.backlog.seconds").gauge().value()).isPositive();

            postgres = start(data, port);
            waitFor(() -> count(dataSource) == 100 && tailer.backlogRecords() == 0);
        }
        finally
        {
            postgres.close();
        }
    }

    private static EmbeddedPostgres start(final Path data, final int port) throws Exception
    {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
            .setServerConfig("fsync", "off").start();
    }

    private static void append(final JournalWriter writer, final CdrRecord record, final int from, final int count)
    {
        for (int i = from; i < from + count; i++)
        {
            assertThat(writer.append(TestCdrs.call(record, i, BillingTailerTest.CALLS_AT_MS + i * 1_000L, 1_000L + i)))
                .isTrue();
        }
    }

    private static long count(final PGSimpleDataSource dataSource)
    {
        try
        {
            final List<String> rows = BillingQueries.query(dataSource,
                "SELECT count(*), count(DISTINCT customer_call_id) FROM cdr");
            final String[] counts = rows.getFirst().split("\\|");
            assertThat(counts[0]).isEqualTo(counts[1]);
            return Long.parseLong(counts[0]);
        }
        catch (final SQLException ex)
        {
            return -1;
        }
    }

    private static void waitFor(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadline).as("timed out").isNegative();
            Thread.sleep(50);
        }
    }
}
