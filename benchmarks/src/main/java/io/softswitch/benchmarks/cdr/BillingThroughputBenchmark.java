package io.softswitch.benchmarks.cdr;

import io.softswitch.cdr.JournalSettings;
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
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Billing throughput: the time for the billing tailer to read, rate (buy and sell), and commit
 * a journal of {@code calls} calls into PostgreSQL (COPY into day partitions, hourly aggregates,
 * positions; {@code batch} calls per transaction). Calls per second = calls / time.
 *
 * <p>{@code mode}: {@code pipeline} is the started tailer (reader and writer threads, as the switch
 * runs it), {@code serial} one batch after the other on one thread ({@code pollOnce}).
 * {@code order}: {@code month} journals calls starting at random over October (every batch touches
 * all 31 days and most aggregate keys: the worst case), {@code time} in start order at 1,000
 * calls/s (a switch's journal, e.g. the backlog after an outage).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dchronicle.analytics.disable=true",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class BillingThroughputBenchmark
{
    /** Calls per journal billed in one shot. */
    @Param("100000")
    public int calls;

    /** Calls per transaction (the tailer's {@code cdr.batch-size}). */
    @Param("10000")
    public int batch;

    /** {@code pipeline} or {@code serial}. */
    @Param("pipeline")
    public String mode;

    /** {@code month} or {@code time}. */
    @Param("month")
    public String order;

    private BillingBenchData data;
    private CpuAccount cpu;
    private long jvmNanos;
    private long serverNanos;
    private long wallNanos;
    private JournalSettings journal;
    private int iteration;

    /**
     * Starts PostgreSQL and imports the decks.
     *
     * @throws IOException when PostgreSQL cannot start.
     */
    @Setup(Level.Trial)
    public void database() throws IOException
    {
        data = new BillingBenchData();
        cpu = new CpuAccount(data.directory.resolve("postgres"));
    }

    /**
     * Writes a fresh journal (its own node id, so that billing starts from nothing).
     */
    @Setup(Level.Iteration)
    public void journal()
    {
        journal = data.journal("node-" + mode + "-" + order + "-" + iteration, calls, iteration, "time".equals(order));
        iteration++;
    }

    /**
     * Bills the journal to its end.
     *
     * @return calls billed.
     * @throws SQLException when PostgreSQL fails.
     */
    @Benchmark
    public int billJournal() throws SQLException
    {
        final long jvm = CpuAccount.jvmNanos();
        final long server = cpu.serverNanos();
        final long wall = System.nanoTime();
        final int billed = "serial".equals(mode) ? data.bill(journal, batch) : data.billPipelined(journal, calls, batch);
        wallNanos = System.nanoTime() - wall;
        jvmNanos = CpuAccount.jvmNanos() - jvm;
        serverNanos = cpu.serverNanos() - server;
        if (billed != calls)
        {
            throw new IllegalStateException("billed=" + billed + " calls=" + calls);
        }
        return billed;
    }

    /**
     * Prints where the iteration's time went, per call: CPU in this JVM (reading, rating, encoding,
     * JDBC, GC) and in PostgreSQL (every server process), beside the wall time.
     */
    @TearDown(Level.Iteration)
    public void cpuPerCall()
    {
        System.out.printf("%ncpu per call: jvm %.1f us, postgres %.1f us; wall %.1f us per call%n",
            jvmNanos / 1_000.0 / calls, serverNanos / 1_000.0 / calls, wallNanos / 1_000.0 / calls);
    }

    /**
     * Stops PostgreSQL and deletes everything.
     *
     * @throws IOException when cleaning fails.
     */
    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        data.close();
    }
}
