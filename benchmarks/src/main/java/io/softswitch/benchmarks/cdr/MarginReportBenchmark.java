package io.softswitch.benchmarks.cdr;

import io.softswitch.cdr.report.GroupBy;
import io.softswitch.cdr.report.MarginReport;
import io.softswitch.cdr.report.ReportRange;
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

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Time of a month's margin report over {@code cdrs} billed calls: the calls are journaled and
 * billed through the real tailer in the trial's setup (its duration is printed), or with
 * {@code -p load=bulk} generated in SQL with their roll-ups ({@link BulkCdrLoader}); then each
 * grouping's report over October 2026 (or a part of it, {@code -p range=...}) is timed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dchronicle.analytics.disable=true",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class MarginReportBenchmark
{
    /** Calls billed before the reports are timed. */
    @Param("1000000")
    public int cdrs;

    /**
     * How the calls get into the database: {@code journal} (journaled and billed through the real
     * tailer) or {@code bulk} ({@link BulkCdrLoader}: generated in SQL with their roll-ups, for
     * 10 million CDRs in minutes).
     */
    @Param("journal")
    public String load;

    /** The report's grouping. */
    @Param({"customer", "vendor", "destination", "day", "hour"})
    public String by;

    /**
     * The report's range within October 2026 (UTC): {@code month} (its 31 whole days),
     * {@code both-ends} (05:00 on the 1st to 20:00 on the 31st: a partial day at each end),
     * {@code start} (05:00 on the 1st to the month's end), {@code end} (the 1st to 20:00 on the 31st),
     * {@code in-day} (05:00 to 20:00 on the 15th), {@code days} (the 2nd to the 31st, whole days).
     */
    @Param("month")
    public String range;

    private BillingBenchData data;
    private GroupBy groupBy;
    private ReportRange month;

    /**
     * Journals and bills the calls.
     *
     * @throws IOException  when PostgreSQL cannot start.
     * @throws SQLException when billing fails.
     */
    @Setup(Level.Trial)
    public void billCalls() throws IOException, SQLException
    {
        groupBy = GroupBy.parse(by);
        month = range(range);
        // Each grouping runs in its own fork: the first bills the calls, the others reuse its database.
        data = new BillingBenchData(Path.of(System.getProperty("java.io.tmpdir"),
            "softswitch-margin-bench-" + load + "-" + cdrs));
        if ("bulk".equals(load) && data.count("SELECT count(*) FROM cdr") < cdrs)
        {
            final long startNs = System.nanoTime();
            BulkCdrLoader.load(data.database.dataSource(), cdrs);
            System.out.printf("%nloaded %,d calls in %,d ms%n", cdrs,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        }
        else if (data.count("SELECT count(*) FROM cdr") < cdrs)
        {
            final long startNs = System.nanoTime();
            final int billed = data.bill(data.journal("report", cdrs, 42));
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            System.out.printf("%nbilled %,d calls in %,d ms (%,d calls/s)%n", billed, ms, billed * 1000L / Math.max(1, ms));
        }
        System.out.printf("%n%,d CDRs, about %,d hourly aggregate rows; report over %s .. %s%n",
            data.count("SELECT count(*) FROM cdr"),
            // The planner's row estimate: counting would read the hourly sums before the first report.
            data.count("SELECT sum(c.reltuples)::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid " +
                "WHERE i.inhparent = 'cdr_hourly_sums'::regclass"), month.from(),
            month.to());
    }

    private static ReportRange range(final String name)
    {
        final Instant first = BillingBenchData.MONTH;
        final Instant end = first.plus(Duration.ofDays(31));
        return switch (name)
        {
            case "month" -> new ReportRange(first, end);
            case "both-ends" -> new ReportRange(first.plus(Duration.ofHours(5)), end.minus(Duration.ofHours(4)));
            case "start" -> new ReportRange(first.plus(Duration.ofHours(5)), end);
            case "end" -> new ReportRange(first, end.minus(Duration.ofHours(4)));
            case "in-day" -> new ReportRange(first.plus(Duration.ofDays(14).plusHours(5)),
                first.plus(Duration.ofDays(14).plusHours(20)));
            case "days" -> new ReportRange(first.plus(Duration.ofDays(1)), end.minus(Duration.ofDays(1)));
            default -> throw new IllegalArgumentException("bad range: " + name +
                " (month, both-ends, start, end, in-day, days)");
        };
    }

    /**
     * One report.
     *
     * @return the report.
     * @throws SQLException when PostgreSQL fails.
     */
    @Benchmark
    public MarginReport marginReport() throws SQLException
    {
        return MarginReport.query(data.database.dataSource(), groupBy, month);
    }

    /**
     * Stops PostgreSQL; its files stay for the next grouping's fork (delete
     * {@code $TMPDIR/softswitch-margin-bench-LOAD-N} afterwards).
     *
     * @throws IOException when stopping fails.
     */
    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        data.stop();
    }
}
