package io.softswitch.cdr.report;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.CallParty;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.billing.BillingDatabases;
import io.softswitch.cdr.billing.BillingSettings;
import io.softswitch.cdr.billing.BillingTailer;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Money;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every report figure traces to the CDRs: for each trunk, the margin report's revenue or cost
 * equals the sum of the amounts of the trunk's CDR export over the same range, to the
 * micro-unit; every grouping sums to the same total; the CLI answers in CSV and JSON.
 */
class ReportReconciliationTest
{
    private static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
    private static final int CALLS = 600;
    /** Days the calls start in, from {@link #FROM}: a range can have a whole day between two partial ones. */
    private static final int DAYS = 3;
    /** 05:00 on the first day to 20:00 on the third: partial days at both ends, a whole day between. */
    private static final ReportRange BOTH_ENDS_PARTIAL = new ReportRange(Instant.parse("2026-11-20T05:00:00Z"),
        Instant.parse("2026-11-22T20:00:00Z"));
    private static final String[] CUSTOMERS = {"acme", "globex"};
    private static final String[] VENDORS = {"vendor-a", "vendor-b"};
    private static final String[] NUMBERS = {"12125550100", "447700900123", "33140000000"};

    @TempDir
    static Path dir;

    static DataSource database;
    static long expectedCalls;

    @BeforeAll
    static void billManyCalls() throws Exception
    {
        database = BillingDatabases.newDatabase();
        final Instant decksFrom = Instant.parse("2026-11-01T00:00:00Z");
        BillingDatabases.importDeck(database, dir, "acme", DeckDirection.CUSTOMER,
            "prefix,destination,rate,connect fee,increments\n1,USA,0.012345,0.01,30/6\n44,UK,0.020000,0,60/60\n" +
                "4477,UK Mobile,0.031111,0,1/1\n", decksFrom);
        BillingDatabases.importDeck(database, dir, "globex", DeckDirection.CUSTOMER,
            "prefix,destination,rate,increments,minimum duration\n1,USA,0.009999,6/6,30\n44,UK,0.022000,60/60,0\n",
            decksFrom);
        BillingDatabases.importDeck(database, dir, "vendor-a", DeckDirection.VENDOR,
            "prefix,destination,rate,increments\n1,USA,0.0065,60/60\n44,UK,0.011,30/6\n", decksFrom);
        BillingDatabases.importDeck(database, dir, "vendor-b", DeckDirection.VENDOR,
            "prefix,destination,rate,connect fee,increments\n1,USA,0.004001,0.002,1/1\n44,UK,0.013,0,6/6\n", decksFrom);
        final Random random = new Random(8);
        final JournalSettings settings = JournalSettings.defaults(dir.resolve("journal"), "node-r");
        try (CdrJournal journal = CdrJournal.open(settings, new SimpleMeterRegistry()))
        {
            final CdrRecord record = new CdrRecord();
            for (int i = 0; i < CALLS; i++)
            {
                final long start = FROM.toEpochMilli() + random.nextLong(DAYS * 86_400_000L);
                final String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
                final String number = NUMBERS[random.nextInt(NUMBERS.length)];
                final boolean answered = random.nextInt(10) < 6;
                final long durationMs = answered ? random.nextLong(600_000) : 0;
                final long answerMs = start + 1_500;
                final long endMs = answered ? answerMs + durationMs : start + 4_000;
                record.clear().nodeId("node-r")
                    .customer(customer, "c" + i + "@x", "331", number, number)
                    .times(start, start + 200, answered ? answerMs : 0, endMs)
                    .ending(answered ? 200 : 486, "CUSTOMER_BYE", CallParty.CUSTOMER).sell("1", 1);
                final int attempts = 1 + random.nextInt(2);
                for (int a = 0; a < attempts; a++)
                {
                    final boolean last = a == attempts - 1;
                    record.addAttempt().route(VENDORS[random.nextInt(VENDORS.length)], "v" + i + "-" + a, number, "1", 1)
                        .outcome(start + a, start + 100, last && answered ? answerMs : 0, endMs,
                            last && answered ? 200 : 503);
                }
                assertThat(journal.writer(i % 3).append(record)).isTrue();
                expectedCalls++;
            }
        }
        try (BillingTailer tailer = new BillingTailer(new BillingSettings(settings, 97, Duration.ofMillis(10),
            Duration.ofSeconds(1)), database, new SimpleMeterRegistry(), Clock.systemUTC()))
        {
            while (tailer.pollOnce() > 0)
            {
                assertThat(tailer.backlogRecords()).isNotNegative();
            }
        }
    }

    private static ReportRange wholeRange()
    {
        return new ReportRange(FROM, FROM.plus(Duration.ofDays(DAYS)));
    }

    @Test
    void shouldMatchEachCustomersRevenueToTheSumOfItsExportedCdrs() throws Exception
    {
        final MarginReport report = MarginReport.query(database, GroupBy.CUSTOMER, wholeRange());
        assertThat(report.rows()).extracting(MarginRow::key).containsExactly("acme", "globex");
        long calls = 0;
        for (final MarginRow row : report.rows())
        {
            final ByteArrayOutputStream csv = new ByteArrayOutputStream();
            final long exported = CdrExport.write(database, row.key(), DeckDirection.CUSTOMER, wholeRange(),
                new PrintStream(csv, true, StandardCharsets.UTF_8));
            assertThat(exported).isEqualTo(row.revenueMicros());
            assertThat(sumAmountColumn(csv.toString(StandardCharsets.UTF_8))).isEqualTo(row.revenueMicros());
            assertThat(lines(csv)).isEqualTo(row.calls());
            calls += row.calls();
        }
        assertThat(calls).isEqualTo(expectedCalls);
        assertThat(report.total().revenueMicros()).isPositive();
    }

    @Test
    void shouldMatchEachVendorsCostToTheSumOfItsExportedAttempts() throws Exception
    {
        final MarginReport report = MarginReport.query(database, GroupBy.VENDOR, wholeRange());
        for (final MarginRow row : report.rows())
        {
            final ByteArrayOutputStream csv = new ByteArrayOutputStream();
            if ("-".equals(row.key()))
            {
                continue;
            }
            CdrExport.write(database, row.key(), DeckDirection.VENDOR, wholeRange(),
                new PrintStream(csv, true, StandardCharsets.UTF_8));
            assertThat(sumAmountColumn(csv.toString(StandardCharsets.UTF_8))).isEqualTo(row.costMicros());
            assertThat(lines(csv)).isEqualTo(row.attempts());
        }
        assertThat(report.total().costMicros()).isPositive();
    }

    @Test
    void shouldReadATrunksRowsThroughItsIndexInEveryDayOfTheRangeNeverByScanningTheDays() throws Exception
    {
        assertThat(plan(CdrExport.VENDOR_SQL, "vendor-a")).doesNotContain("Seq Scan on cdr_attempt")
            .contains("Index Cond: (vendor_trunk = 'vendor-a'")
            .containsPattern("Index Scan (using|on) cdr_attempt_20261120_vendor_trunk_idx")
            .containsPattern("Index Scan (using|on) cdr_attempt_20261121_vendor_trunk_idx");
        assertThat(plan(CdrExport.CUSTOMER_SQL, "acme")).doesNotContain("Seq Scan on cdr")
            .contains("Index Cond: ((customer_trunk = 'acme'::text)")
            .containsPattern("Index Scan (using|on) cdr_20261120_pkey")
            .containsPattern("Index Scan (using|on) cdr_20261121_pkey");
    }

    /**
     * An export's plan over days 1 and 2 with sequential scans priced out: it shows whether an
     * index path exists for every day partition of the range (the planner prefers a scan only for
     * tables as small as these).
     */
    private static String plan(final String exportSql, final String trunk) throws Exception
    {
        final String sql = exportSql.replaceFirst("\\?", "'" + trunk + "'")
            .replaceFirst("\\?", "'2026-11-20T00:00:00Z'").replaceFirst("\\?", "'2026-11-22T00:00:00Z'");
        final StringBuilder plan = new StringBuilder();
        try (java.sql.Connection connection = database.getConnection();
            java.sql.Statement statement = connection.createStatement())
        {
            statement.execute("SET enable_seqscan = off");
            try (java.sql.ResultSet rows = statement.executeQuery("EXPLAIN " + sql))
            {
                while (rows.next())
                {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Test
    void shouldMatchPerDayExportsOverAHalfRange() throws Exception
    {
        // Day two only, given off the hour: rounded out to whole hours for the report and the export alike.
        final ReportRange day2 = new ReportRange(Instant.parse("2026-11-21T00:20:00Z"),
            Instant.parse("2026-11-21T23:10:00Z"));
        assertThat(day2.from()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
        assertThat(day2.to()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        final MarginReport report = MarginReport.query(database, GroupBy.CUSTOMER, day2);
        for (final MarginRow row : report.rows())
        {
            final long exported = CdrExport.write(database, row.key(), DeckDirection.CUSTOMER, day2,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(exported).isEqualTo(row.revenueMicros());
        }
    }

    @Test
    void shouldSumEveryGroupingToTheSameTotalsAsTheCdrRows() throws Exception
    {
        final List<String> rows = io.softswitch.cdr.billing.BillingQueries.query(database,
            "SELECT count(*), sum(revenue), sum(cost) FROM cdr");
        final String[] sums = rows.getFirst().split("\\|");
        for (final GroupBy by : GroupBy.values())
        {
            final MarginRow total = MarginReport.query(database, by, wholeRange()).total();
            assertThat(total.calls()).as(by.name()).isEqualTo(Long.parseLong(sums[0]));
            assertThat(Money.format(total.revenueMicros())).as(by.name()).isEqualTo(sums[1]);
            assertThat(Money.format(total.costMicros())).as(by.name()).isEqualTo(sums[2]);
        }
    }

    @Test
    void shouldReconcileRangesMixingWholeDaysWithPartialDaysExactly() throws Exception
    {
        // Whole days come from the daily roll-up and the hours at either end from the hourly rows:
        // a range with a partial day at its start, one with a partial day at its end, one with a
        // partial day at both ends and a whole day between, one inside a day, and whole days.
        final List<ReportRange> ranges = List.of(
            new ReportRange(Instant.parse("2026-11-20T05:00:00Z"), Instant.parse("2026-11-22T00:00:00Z")),
            new ReportRange(Instant.parse("2026-11-19T00:00:00Z"), Instant.parse("2026-11-21T07:00:00Z")),
            BOTH_ENDS_PARTIAL,
            new ReportRange(Instant.parse("2026-11-21T03:00:00Z"), Instant.parse("2026-11-21T22:00:00Z")),
            new ReportRange(Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")));
        for (final ReportRange range : ranges)
        {
            final String[] sums = io.softswitch.cdr.billing.BillingQueries.query(database,
                "SELECT count(*), sum(revenue), sum(cost) FROM cdr WHERE call_start >= '" + range.from() +
                    "' AND call_start < '" + range.to() + "'").getFirst().split("\\|");
            assertThat(Long.parseLong(sums[0])).as("calls in " + range).isPositive().isLessThan(expectedCalls);
            for (final GroupBy by : GroupBy.values())
            {
                final MarginRow total = MarginReport.query(database, by, range).total();
                assertThat(total.calls()).as(by + " " + range).isEqualTo(Long.parseLong(sums[0]));
                assertThat(Money.format(total.revenueMicros())).as(by + " " + range).isEqualTo(sums[1]);
                assertThat(Money.format(total.costMicros())).as(by + " " + range).isEqualTo(sums[2]);
            }
            for (final MarginRow row : MarginReport.query(database, GroupBy.CUSTOMER, range).rows())
            {
                final long exported = CdrExport.write(database, row.key(), DeckDirection.CUSTOMER, range,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                assertThat(exported).as(row.key() + " " + range).isEqualTo(row.revenueMicros());
            }
        }
    }

    @Test
    void shouldReadOnlyThePartialDaysOfTheHourlySumsWhenARangeHasPartialDaysAtBothEnds() throws Exception
    {
        // The whole day between comes from the daily roll-up; the hourly sums are read only in the
        // day partitions of the two partial days (V8_10), never in the whole day's or other days'.
        for (final GroupBy by : new GroupBy[] {GroupBy.CUSTOMER, GroupBy.VENDOR, GroupBy.DESTINATION})
        {
            final MarginReport.Sql sql = MarginReport.sql(by, BOTH_ENDS_PARTIAL);
            final StringBuilder plan = new StringBuilder();
            try (Connection connection = database.getConnection();
                 PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql.text()))
            {
                for (int i = 0; i < sql.parameters().size(); i++)
                {
                    explain.setObject(i + 1, sql.parameters().get(i));
                }
                try (ResultSet lines = explain.executeQuery())
                {
                    while (lines.next())
                    {
                        plan.append(lines.getString(1)).append('\n');
                    }
                }
            }
            assertThat(plan.toString()).as(by.name())
                .contains("cdr_hourly_sums_20261120", "cdr_hourly_sums_20261122")
                .doesNotContain("cdr_hourly_sums_20261121");
        }
    }

    @Test
    void shouldKeepTheRollUpsEqualToTheHourlyAggregates() throws Exception
    {
        final String sums = "sum(calls), sum(attempts), sum(answered), sum(duration_ms), sum(sell_billed_s), " +
            "sum(buy_billed_s), sum(revenue), sum(cost)";
        for (final String dimension : new String[] {"customer", "vendor", "destination"})
        {
            final String column = switch (dimension)
            {
                case "customer" -> "customer_trunk";
                case "vendor" -> "vendor_trunk";
                default -> "destination";
            };
            final List<String> daily = io.softswitch.cdr.billing.BillingQueries.query(database, "SELECT day, key, " +
                sums + " FROM cdr_daily_key WHERE dimension = '" + dimension + "' GROUP BY 1, 2 ORDER BY 1, 2");
            final List<String> fromHourly = io.softswitch.cdr.billing.BillingQueries.query(database,
                "SELECT (hour AT TIME ZONE 'UTC')::date, " + column + ", " + sums + " FROM cdr_hourly " +
                    "GROUP BY 1, 2 ORDER BY 1, 2");
            assertThat(daily).as(dimension).hasSizeGreaterThan(1).isEqualTo(fromHourly);
        }
        assertThat(io.softswitch.cdr.billing.BillingQueries.query(database,
            "SELECT hour, " + sums + " FROM cdr_hourly_total GROUP BY 1 ORDER BY 1"))
            .hasSizeGreaterThan(24)
            .isEqualTo(io.softswitch.cdr.billing.BillingQueries.query(database,
                "SELECT hour, " + sums + " FROM cdr_hourly GROUP BY 1 ORDER BY 1"));
    }

    @Test
    void shouldAnswerTheCommandLineInCsvAndJson()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReportCommand.run(new String[] {"margin", "--by", "destination", "--from", "2026-11-20",
            "--to", "2026-11-22", "--format", "json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () -> database);
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"by\":\"destination\",\"from\":\"2026-11-20T00:00:00Z\"")
            .contains("{\"key\":\"UK\",").contains("{\"key\":\"USA\",").contains("\"total\":{\"key\":\"total\"");

        out.reset();
        assertThat(ReportCommand.run(new String[] {"cdrs", "--trunk", "acme", "--from", "2026-11-20", "--to",
            "2026-11-22"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () -> database)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(CdrExport.HEADER + "\n");

        out.reset();
        assertThat(ReportCommand.run(new String[] {"margin", "--by", "planet", "--from", "2026-11-20", "--to",
            "2026-11-22"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () -> { throw new AssertionError("no database"); }))
            .isEqualTo(ReportCommand.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad grouping: by=planet");
        assertThat(ReportCommand.run(new String[] {"cdrs", "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () -> { throw new AssertionError("no database"); }))
            .isZero();
    }

    private static long sumAmountColumn(final String csv)
    {
        final String[] lines = csv.split("\n");
        final int amount = List.of(lines[0].split(",")).indexOf("amount");
        long sum = 0;
        for (int i = 1; i < lines.length; i++)
        {
            sum += Money.parseMicros(lines[i].split(",")[amount]);
        }
        return sum;
    }

    private static long lines(final ByteArrayOutputStream csv)
    {
        return csv.toString(StandardCharsets.UTF_8).lines().count() - 1;
    }
}
