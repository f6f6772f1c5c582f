package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.JournalWriter;
import io.softswitch.cdr.TestCdrs;
import io.softswitch.ratedeck.DeckDirection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingTailerTest
{
    static final Instant DECKS_FROM = Instant.parse("2026-11-01T00:00:00Z");
    static final long CALLS_AT_MS = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    DataSource database;

    @BeforeEach
    void decks()
    {
        database = BillingDatabases.newDatabase();
        seedDecks(database, dir);
    }

    static void seedDecks(final DataSource database, final Path dir)
    {
        BillingDatabases.importDeck(database, dir, "acme", DeckDirection.CUSTOMER,
            "prefix,destination,rate,connect fee,increments\n1212,USA New York,0.012345,0.01,30/6\n", DECKS_FROM);
        BillingDatabases.importDeck(database, dir, "vendor-a", DeckDirection.VENDOR,
            "prefix,destination,rate,increments\n1,USA,0.0065,60/60\n", DECKS_FROM);
    }

    private BillingTailer tailer(final String node, final int batchSize, final BillingTailer.BatchFault fault)
    {
        final JournalSettings journal = JournalSettings.defaults(dir.resolve(node), node);
        return new BillingTailer(new BillingSettings(journal, batchSize, Duration.ofMillis(10), Duration.ofSeconds(1)),
            database, new SimpleMeterRegistry(), Clock.systemUTC(), fault);
    }

    static void journal(final Path root, final String node, final int from, final int count)
    {
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(root, node), new SimpleMeterRegistry()))
        {
            final JournalWriter writer = journal.writer(0);
            final CdrRecord record = new CdrRecord();
            for (int i = from; i < from + count; i++)
            {
                TestCdrs.call(record, i, CALLS_AT_MS + i * 1_000L, (i % 5 == 4) ? 0 : 1_000L + i * 37L);
                record.nodeId(node);
                assertThat(writer.append(record)).isTrue();
            }
        }
    }

    static int drain(final BillingTailer tailer) throws SQLException
    {
        int total = 0;
        int written;
        while ((written = tailer.pollOnce()) > 0)
        {
            total += written;
        }
        return total;
    }

    @Test
    void shouldRateEachCallAtTheCustomerAndVendorDecksAndStoreItWithItsAggregates() throws Exception
    {
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir.resolve("node-a"), "node-a"),
            new SimpleMeterRegistry()))
        {
            final CdrRecord record = new CdrRecord();
            journal.writer(0).append(TestCdrs.call(record, 1, CALLS_AT_MS, 125_400));
            journal.writer(0).append(TestCdrs.call(record, 2, CALLS_AT_MS + 60_000, 5_000));
            journal.writer(1).append(TestCdrs.call(record, 3, CALLS_AT_MS + 120_000, 0));
        }
        try (BillingTailer tailer = tailer("node-a", 100, calls -> { }))
        {
            assertThat(drain(tailer)).isEqualTo(3);
        }
        // Hand-computed in docs/billing.md: 125.4 s is 126 s at 30/6 -> 0.035925 with the connect fee,
        // and 180 s at 60/60 -> 0.019500; 5 s is 30 s -> 0.006173 + 0.01, and 60 s -> 0.006500.
        assertThat(query("SELECT customer_call_id, sell_billed_s, revenue, cost, destination, vendor_trunk, " +
            "sell_prefix, sell_first_increment_s, sell_next_increment_s FROM cdr ORDER BY call_start"))
            .containsExactly(
                "cust-1@10.0.0.1|126|0.035925|0.019500|USA New York|vendor-a|1212|30|6",
                "cust-2@10.0.0.1|30|0.016173|0.006500|USA New York|vendor-a|1212|30|6",
                "cust-3@10.0.0.1|0|0.000000|0.000000|USA New York|vendor-a|1212|30|6");
        assertThat(query("SELECT vendor_trunk, vendor_call_id, final_code, buy_billed_s, cost, buy_prefix FROM cdr_attempt " +
            "WHERE answer_at IS NOT NULL ORDER BY call_start"))
            .containsExactly("vendor-a|ours-1-2|200|180|0.019500|1", "vendor-a|ours-2-2|200|60|0.006500|1");
        assertThat(query("SELECT count(*) FROM cdr_attempt")).containsExactly("6");
        assertThat(query("SELECT vendor_trunk, calls, attempts, answered, duration_ms, sell_billed_s, buy_billed_s, " +
            "revenue, cost FROM cdr_hourly ORDER BY vendor_trunk"))
            .containsExactly("vendor-a|3|3|2|130400|156|240|0.052098|0.026000", "vendor-b|0|3|0|0|0|0|0.000000|0.000000");
        assertThat(query("SELECT queue FROM cdr_journal_position WHERE node_id = 'node-a' ORDER BY queue"))
            .containsExactly("loop-0", "loop-1");
    }

    @Test
    void shouldStoreEveryCallOnceWhenTheTailerDiesInTheMiddleOfABatch() throws Exception
    {
        journal(dir.resolve("node-a"), "node-a", 0, 95);
        final int[] batch = {0};
        try (BillingTailer dying = tailer("node-a", 10, calls ->
        {
            if (++batch[0] == 4)
            {
                throw new SQLException("tailer killed before commit");
            }
        }))
        {
            assertThat(dying.pollOnce()).isEqualTo(10);
            assertThat(dying.pollOnce()).isEqualTo(10);
            assertThat(dying.pollOnce()).isEqualTo(10);
            // The fourth batch's rows were written in its transaction, which never commits.
            assertThatThrownBy(dying::pollOnce).isInstanceOf(SQLException.class);
        }
        assertThat(query("SELECT count(*) FROM cdr")).containsExactly("30");
        try (BillingTailer restarted = tailer("node-a", 10, calls -> { }))
        {
            assertThat(drain(restarted)).isEqualTo(65);
            assertThat(restarted.backlogRecords()).isZero();
        }
        journal(dir.resolve("node-a"), "node-a", 95, 5);
        try (BillingTailer again = tailer("node-a", 7, calls -> { }))
        {
            assertThat(drain(again)).isEqualTo(5);
        }
        assertThat(query("SELECT count(*), count(DISTINCT customer_call_id) FROM cdr")).containsExactly("100|100");
        assertThat(query("SELECT sum(calls), sum(answered), sum(attempts) FROM cdr_hourly")).containsExactly("100|80|200");
        assertThat(query("SELECT (SELECT sum(revenue) FROM cdr) = (SELECT sum(revenue) FROM cdr_hourly), " +
            "(SELECT sum(cost) FROM cdr_attempt) = (SELECT sum(cost) FROM cdr_hourly)")).containsExactly("true|true");
    }

    @Test
    void shouldKeepEachNodesPositionApartInASharedDatabase() throws Exception
    {
        journal(dir.resolve("node-a"), "node-a", 0, 20);
        journal(dir.resolve("node-b"), "node-b", 1_000, 30);
        try (BillingTailer a = tailer("node-a", 8, calls -> { });
            BillingTailer b = tailer("node-b", 8, calls -> { }))
        {
            assertThat(drain(a)).isEqualTo(20);
            assertThat(drain(b)).isEqualTo(30);
            assertThat(drain(a)).isZero();
        }
        assertThat(query("SELECT node_id, count(*) FROM cdr GROUP BY node_id ORDER BY node_id"))
            .containsExactly("node-a|20", "node-b|30");
        assertThat(query("SELECT node_id FROM cdr_journal_position ORDER BY node_id")).containsExactly("node-a", "node-b");
    }

    @Test
    void shouldCountTheBacklogUntilItIsBilled() throws Exception
    {
        journal(dir.resolve("node-a"), "node-a", 0, 25);
        try (BillingTailer tailer = tailer("node-a", 10, calls -> { }))
        {
            assertThat(tailer.pollOnce()).isEqualTo(10);
            assertThat(tailer.backlogRecords()).isEqualTo(15);
            drain(tailer);
            assertThat(tailer.backlogRecords()).isZero();
            assertThat(tailer.backlogSeconds()).isZero();
        }
    }

    private List<String> query(final String sql) throws SQLException
    {
        return BillingQueries.query(database, sql);
    }
}
