package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.JournalSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The started tailer, paced by the call path's pressure, on a real journal and a real PostgreSQL:
 * the journal holds the CDRs while pressure is reported, billing catches up once it is not, and
 * under pressure that never ends it still bills at the cap; every call is stored once.
 */
class BillingDeferralTest
{
    private static final long WAIT_S = 120;

    @TempDir
    Path dir;

    DataSource database;
    final AtomicBoolean pressure = new AtomicBoolean();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Decks, 95 calls journaled, and the call path under pressure from the start. */
    @BeforeEach
    void journalUnderPressure()
    {
        database = BillingDatabases.newDatabase();
        BillingTailerTest.seedDecks(database, dir);
        BillingTailerTest.journal(dir.resolve("node-a"), "node-a", 0, 95);
        pressure.set(true);
    }

    private BillingTailer tailer(final Duration maxDefer)
    {
        final JournalSettings journal = JournalSettings.defaults(dir.resolve("node-a"), "node-a");
        return new BillingTailer(new BillingSettings(journal, 10, Duration.ofMillis(10), Duration.ofMillis(200)),
            database, registry, Clock.systemUTC())
            .pacedBy(new BillingPacer(pressure::get, maxDefer, System::nanoTime).register(registry));
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldHoldTheCdrsInTheJournalWhileThePathIsUnderPressureAndBillEachOnceAfter() throws Exception
    {
        try (BillingTailer tailer = tailer(Duration.ofMinutes(10)))
        {
            tailer.start();
            // The writer measures the backlog every second while it has nothing to write.
            waitFor(() -> tailer.backlogRecords() == 95);
            Thread.sleep(1_000);
            assertThat(calls()).isZero();
            assertThat(gauge("softswitch.billing.deferred")).isEqualTo(1.0);
            assertThat(gauge("softswitch.billing.backlog.records")).isEqualTo(95.0);

            pressure.set(false);
            waitFor(() -> calls() == 95 && tailer.backlogRecords() == 0);
            assertThat(gauge("softswitch.billing.deferred")).isZero();
            assertThat(registry.get("softswitch.billing.deferred.seconds").functionCounter().count()).isPositive();
            assertThat(registry.get("softswitch.billing.deferral.caps").functionCounter().count()).isZero();
        }
        assertEveryCallOnce(95);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldStillBillEveryCallOnceAtTheCapWhenThePressureNeverEnds() throws Exception
    {
        try (BillingTailer tailer = tailer(Duration.ofSeconds(2)))
        {
            final long startNs = System.nanoTime();
            tailer.start();
            waitFor(() -> calls() == 95 && tailer.backlogRecords() == 0);
            assertThat(System.nanoTime() - startNs).as("deferred until the cap")
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2));
            assertThat(registry.get("softswitch.billing.deferral.caps").functionCounter().count()).isPositive();

            // Caught up, still under pressure: the next calls wait for a cap of their own, then are billed.
            BillingTailerTest.journal(dir.resolve("node-a"), "node-a", 95, 30);
            waitFor(() -> calls() == 125 && tailer.backlogRecords() == 0);
            assertThat(registry.get("softswitch.billing.deferral.caps").functionCounter().count())
                .isGreaterThanOrEqualTo(2.0);
            assertThat(pressure.get()).isTrue();
        }
        assertEveryCallOnce(125);
    }

    private double gauge(final String name)
    {
        return registry.get(name).gauge().value();
    }

    private long calls()
    {
        try
        {
            return Long.parseLong(BillingQueries.query(database, "SELECT count(*) FROM cdr").getFirst());
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void assertEveryCallOnce(final int calls) throws SQLException
    {
        assertThat(BillingQueries.query(database, "SELECT count(*), count(DISTINCT (queue, journal_index)), " +
            "count(DISTINCT customer_call_id) FROM cdr")).containsExactly(calls + "|" + calls + "|" + calls);
        assertThat(BillingQueries.query(database, "SELECT count(*) FROM cdr_attempt"))
            .containsExactly(String.valueOf(2 * calls));
        assertThat(BillingQueries.query(database, "SELECT sum(calls), sum(attempts) FROM cdr_hourly"))
            .containsExactly(calls + "|" + 2 * calls);
    }

    private static void waitFor(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("condition met within %d s", WAIT_S).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
