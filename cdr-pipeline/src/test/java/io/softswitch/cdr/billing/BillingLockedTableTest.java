package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.JournalWriter;
import io.softswitch.cdr.TestCdrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report transaction that holds the CDR table locked: the journal keeps taking CDRs without
 * waiting, billing waits and its backlog grows, and once the lock goes every CDR is stored once.
 */
class BillingLockedTableTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldWaitForALockedTableWithoutHoldingUpTheJournal() throws Exception
    {
        final DataSource database = BillingDatabases.newDatabase();
        BillingTailerTest.seedDecks(database, dir);
        final JournalSettings settings = JournalSettings.defaults(dir.resolve("journal"), "node-a");
        try (CdrJournal journal = CdrJournal.open(settings, new SimpleMeterRegistry());
            BillingTailer tailer = new BillingTailer(new BillingSettings(settings, 10, Duration.ofMillis(10),
                Duration.ofMillis(500)), database, new SimpleMeterRegistry(), Clock.systemUTC()))
        {
            final JournalWriter writer = journal.writer(0);
            final CdrRecord record = new CdrRecord();
            tailer.start();
            try (Connection report = database.getConnection())
            {
                report.setAutoCommit(false);
                try (Statement lock = report.createStatement())
                {
                    lock.execute("LOCK TABLE cdr_hourly IN ACCESS EXCLUSIVE MODE");
                }
                final long appendStartNs = System.nanoTime();
                for (int i = 0; i < 40; i++)
                {
                    assertThat(writer.append(TestCdrs.call(record, i, BillingTailerTest.CALLS_AT_MS + i, 1_000 + i)))
                        .isTrue();
                }
                // Appending never waits for PostgreSQL: 40 appends in far less than the lock's hold.
                assertThat(System.nanoTime() - appendStartNs).isLessThan(TimeUnit.SECONDS.toNanos(5));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (tailer.backlogRecords() < 30)
                {
                    assertThat(System.nanoTime() - deadline).as("backlog measured while locked").isNegative();
                    Thread.sleep(50);
                }
                Thread.sleep(1_000);
                assertThat(count(database, "SELECT count(*) FROM cdr_journal_position")).isZero();
                report.rollback();
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(database, "SELECT count(*) FROM cdr") < 40 || tailer.backlogRecords() > 0)
            {
                assertThat(System.nanoTime() - deadline).as("billed after the lock").isNegative();
                Thread.sleep(50);
            }
            assertThat(BillingQueries.query(database, "SELECT count(*), count(DISTINCT customer_call_id) FROM cdr"))
                .containsExactly("40|40");
            assertThat(count(database, "SELECT sum(calls) FROM cdr_hourly")).isEqualTo(40);
        }
    }

    private static long count(final DataSource database, final String sql) throws Exception
    {
        return Long.parseLong(BillingQueries.query(database, sql).getFirst());
    }
}
