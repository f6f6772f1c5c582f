package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.report.CdrExport;
import io.softswitch.cdr.report.GroupBy;
import io.softswitch.cdr.report.MarginReport;
import io.softswitch.cdr.report.ReportRange;
import io.softswitch.ratedeck.DatabaseMigrations;
import io.softswitch.ratedeck.DeckDirection;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database billed before migrations V8_3 to V8_9 (day partitions and rows in place) takes them:
 * the partitions' key columns become bytewise, the attempts lose their own key and their vendor
 * index is keyed by the vendor alone, the CDRs' key leads with the customer trunk and follows the
 * journal position, their second index goes, the aggregates move to tables keyed by name ids with
 * every row unchanged under the old names, the attempts lose the call's calling number and write no
 * buy rate where there is none, nothing billed is lost, billing goes on into the same day, and the
 * export (which prints old and new attempts without a rate alike) and the report still agree.
 *
 * <p>The rows billed "before" are what the current tailer writes, copied column for column into
 * the older schema as the tailer wrote them then (attempts with the call's calling number, '' and
 * 0 for a missing buy rate): the tailer itself needs every migration.
 */
class CdrSchemaUpgradeTest
{
    private static final String HOURLY_ROWS = "SELECT * FROM cdr_hourly ORDER BY hour, customer_trunk, vendor_trunk, " +
        "destination";
    private static final String DAILY_ROWS = "SELECT * FROM cdr_daily_key ORDER BY dimension, day, key";
    /** cdr_attempt's rows in V8_1's columns, as the tailer wrote them before V8_8. */
    private static final String ATTEMPTS_AS_BEFORE = """
        SELECT a.call_start, a.node_id, a.queue, a.journal_index, a.attempt_no, a.customer_trunk, a.vendor_trunk,
               a.vendor_call_id, c.calling_number, a.called_number_sent, a.routed_prefix, a.routed_rate, a.start_at,
               a.first_provisional_at, a.answer_at, a.end_at, a.final_code, a.pdd_ms, a.duration_ms,
               coalesce(a.buy_prefix, ''), coalesce(a.buy_rate, 0), coalesce(a.buy_connect_fee, 0),
               coalesce(a.buy_first_increment_s, 0), coalesce(a.buy_next_increment_s, 0),
               coalesce(a.buy_minimum_s, 0), a.buy_billed_s, a.cost, coalesce(a.buy_destination, '')
          FROM cdr_attempt a
          JOIN cdr c USING (customer_trunk, call_start, node_id, queue, journal_index)
        """;

    @TempDir
    Path dir;

    private DataSource database;

    @Test
    void shouldUpgradeABilledDatabaseAndBillOnWithoutLosingARow() throws Exception
    {
        database = BillingDatabases.emptyDatabase();
        Flyway.configure().dataSource(database).locations(DatabaseMigrations.LOCATION).target("8.2").load().migrate();
        BillingTailerTest.seedDecks(database, dir);
        BillingTailerTest.journal(dir.resolve("node-a"), "node-a", 0, 20);
        billInto(database);
        final List<String> hourly = BillingQueries.query(database, HOURLY_ROWS);
        final List<String> daily = BillingQueries.query(database, DAILY_ROWS);
        assertThat(hourly).hasSizeGreaterThan(1);

        assertThat(DatabaseMigrations.migrate(database)).isEqualTo(8);
        assertThat(BillingQueries.query(database, HOURLY_ROWS)).containsExactlyElementsOf(hourly);
        assertThat(BillingQueries.query(database, "SELECT tableoid::regclass, count(*) FROM cdr_hourly_sums GROUP BY 1"))
            .containsExactly("cdr_hourly_sums_20261120|" + hourly.size());
        assertThat(BillingQueries.query(database, DAILY_ROWS)).containsExactlyElementsOf(daily);
        assertThat(BillingQueries.query(database, "SELECT string_agg(name, ',' ORDER BY name) FROM cdr_name"))
            .containsExactly("USA New York,acme,vendor-a,vendor-b");
        assertThat(BillingQueries.query(database, "SELECT collation_name FROM information_schema.columns " +
            "WHERE table_name = 'cdr_20261120' AND column_name = 'customer_trunk'")).containsExactly("C");
        assertThat(BillingQueries.query(database, "SELECT count(*) FROM pg_constraint " +
            "WHERE conrelid = 'cdr_attempt_20261120'::regclass AND contype = 'p'")).containsExactly("0");
        assertThat(BillingQueries.query(database, "SELECT indexdef FROM pg_indexes WHERE tablename = 'cdr_20261120'"))
            .singleElement().asString()
            .contains("(customer_trunk, node_id, queue, journal_index, call_start)");
        assertThat(BillingQueries.query(database, "SELECT indexdef FROM pg_indexes WHERE tablename = 'cdr_attempt_20261120'"))
            .singleElement().asString().endsWith("(vendor_trunk)");

        BillingTailerTest.journal(dir.resolve("node-a"), "node-a", 20, 20);
        try (BillingTailer tailer = tailer())
        {
            assertThat(BillingTailerTest.drain(tailer)).isEqualTo(20);
        }
        assertThat(BillingQueries.query(database, "SELECT count(*), count(DISTINCT customer_call_id) FROM cdr"))
            .containsExactly("40|40");
        final ReportRange day = new ReportRange(Instant.parse("2026-11-20T00:00:00Z"),
            Instant.parse("2026-11-21T00:00:00Z"));
        final MarginReport report = MarginReport.query(database, GroupBy.VENDOR, day);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long exportedCost = CdrExport.write(database, "vendor-a", DeckDirection.VENDOR, day,
            new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exportedCost).isPositive();
        assertThat(BillingQueries.query(database, "SELECT count(*) FILTER (WHERE buy_prefix = ''), " +
            "count(*) FILTER (WHERE buy_prefix IS NULL) FROM cdr_attempt WHERE vendor_trunk = 'vendor-a' " +
            "AND answer_at IS NULL")).singleElement().asString().matches("[1-9][0-9]*\\|[1-9][0-9]*");
        final List<String> unanswered = out.toString(StandardCharsets.UTF_8).lines().skip(1)
            .map(line -> line.split(",", -1)).filter(fields -> fields[4].isEmpty())
            .map(fields -> String.join(",", List.of(fields).subList(8, 15))).toList();
        assertThat(unanswered).hasSizeGreaterThan(1).containsOnly(",,0.000000,0.000000,0/0,0,0.000000");
        assertThat(report.rows()).filteredOn(row -> "vendor-a".equals(row.key())).singleElement()
            .satisfies(row -> assertThat(row.costMicros()).isEqualTo(exportedCost));
    }

    /**
     * Bills the journal's calls into a current database and copies every billing table's rows into
     * {@code older}, through its day partition.
     */
    private void billInto(final DataSource older) throws Exception
    {
        final DataSource current = BillingDatabases.newDatabase();
        BillingTailerTest.seedDecks(current, dir);
        try (BillingTailer tailer = tailer(current))
        {
            assertThat(BillingTailerTest.drain(tailer)).isEqualTo(20);
        }
        try (Connection from = current.getConnection(); Connection to = older.getConnection();
            Statement statement = to.createStatement())
        {
            for (final String table : new String[] {"cdr", "cdr_attempt"})
            {
                statement.execute("CREATE TABLE " + table + "_20261120 PARTITION OF " + table +
                    " FOR VALUES FROM ('2026-11-20 00:00:00+00') TO ('2026-11-21 00:00:00+00')");
            }
            final CopyManager out = from.unwrap(PGConnection.class).getCopyAPI();
            final CopyManager in = to.unwrap(PGConnection.class).getCopyAPI();
            for (final String table : new String[] {"cdr", "cdr_attempt", "cdr_hourly", "cdr_daily_key",
                "cdr_hourly_total", "cdr_journal_position"})
            {
                final ByteArrayOutputStream rows = new ByteArrayOutputStream();
                out.copyOut("COPY (" + ("cdr_attempt".equals(table) ? ATTEMPTS_AS_BEFORE : "SELECT * FROM " + table) +
                    ") TO STDOUT", rows);
                assertThat(in.copyIn("COPY " + table + " FROM STDIN", new ByteArrayInputStream(rows.toByteArray())))
                    .as(table).isPositive();
            }
        }
    }

    private BillingTailer tailer()
    {
        return tailer(database);
    }

    private BillingTailer tailer(final DataSource target)
    {
        final JournalSettings journal = JournalSettings.defaults(dir.resolve("node-a"), "node-a");
        return new BillingTailer(new BillingSettings(journal, 7, Duration.ofMillis(10), Duration.ofSeconds(1)), target,
            new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
