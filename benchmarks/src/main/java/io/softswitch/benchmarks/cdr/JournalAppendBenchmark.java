package io.softswitch.benchmarks.cdr;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.CallParty;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.JournalWriter;
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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Latency of journaling one ended call (its CDR and two vendor attempts) from the event loop:
 * fill the reusable record from char sequences, append it to the loop's Chronicle queue on disk.
 * Sample mode gives the percentiles.
 *
 * <p>Allocation: each iteration prints the bytes this benchmark's thread allocated per append
 * ({@code thread allocation: ... B/op}), which is the figure that counts. {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} divides the whole JVM's allocation (JMH's own threads, Chronicle's
 * background threads, the pre-toucher) by the appends: back to back that is about 1 B/op, paced
 * at 10,000 appends a second the same background allocation shows as 20-70 B/op although the
 * append itself allocates nothing.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dchronicle.analytics.disable=true",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Thread)
public class JournalAppendBenchmark
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /**
     * Busy wait before each append, outside the measured time: 0 appends back to back (about
     * 400 MB/s of journal, far beyond any call rate, so the kernel throttles the dirty pages);
     * 100,000 ns is 10,000 calls a second, ten times a busy switch's rate.
     */
    @Param({"0", "100000"})
    public long pauseNs;

    /**
     * Whether the journal's pre-toucher runs (the switch's setting: true); false to measure what
     * it changes.
     */
    @Param({"true", "false"})
    public boolean pretouch;

    private final StringBuilder callId = new StringBuilder("a84b4c76e66710@pbx-1.carrier.example");
    private Path directory;
    private CdrJournal journal;
    private JournalWriter writer;
    private CdrRecord record;
    private long n;
    private long allocatedAfterPace = -1;
    private long threadBytes;
    private long appends;

    /**
     * Opens a journal in a fresh temporary directory.
     *
     * @throws IOException when the directory cannot be made.
     */
    @Setup
    public void open() throws IOException
    {
        directory = Files.createTempDirectory("cdr-bench-");
        journal = CdrJournal.open(JournalSettings.defaults(directory, "bench"), new SimpleMeterRegistry(), pretouch);
        writer = journal.writer(0);
        record = new CdrRecord();
    }

    /**
     * Paces the appends (not measured: JMH excludes invocation-level setup from the sample).
     */
    @Setup(Level.Invocation)
    public void pace()
    {
        final long allocated = THREADS.getCurrentThreadAllocatedBytes();
        if (allocatedAfterPace >= 0)
        {
            // The previous invocation and JMH's loop around it, on this thread only.
            threadBytes += allocated - allocatedAfterPace;
            appends++;
        }
        if (pauseNs > 0)
        {
            final long until = System.nanoTime() + pauseNs;
            while (System.nanoTime() < until)
            {
                Thread.onSpinWait();
            }
        }
        allocatedAfterPace = THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Prints the benchmark thread's own allocation per operation over the iteration.
     */
    @TearDown(Level.Iteration)
    public void reportAllocation()
    {
        System.out.printf("thread allocation: %.3f B/op (%d ops)%n", appends == 0 ? 0.0 : (double)threadBytes / appends,
            appends);
        threadBytes = 0;
        appends = 0;
        allocatedAfterPace = -1;
    }

    /**
     * Fills and appends one call.
     *
     * @return whether it was written.
     */
    @Benchmark
    public boolean appendCall()
    {
        fill();
        return writer.append(record);
    }

    /**
     * The control: fills the same record and appends nothing. Its tail is the machine's (the
     * thread descheduled, timer and interrupt noise); what {@link #appendCall} has beyond it is
     * the journal's.
     *
     * @return the record's attempt count, so that the filling is not optimised away.
     */
    @Benchmark
    public int fillOnly()
    {
        fill();
        return record.attemptCount();
    }

    private void fill()
    {
        final long i = n++;
        callId.setCharAt(0, (char)('a' + (i & 7)));
        final long start = 1_764_000_000_000L + i;
        record.clear().nodeId("bench")
            .customer("acme", callId, "33612345678", "0012125550100", "12125550100")
            .times(start, start + 120, start + 2_000, start + 62_000)
            .ending(200, "CUSTOMER_BYE", CallParty.CUSTOMER)
            .sell("1212", 12_000);
        record.addAttempt().route("vendor-b", callId, "12125550100", "1", 7_000)
            .outcome(start + 10, start + 60, 0, start + 900, 503);
        record.addAttempt().route("vendor-a", callId, "12125550100", "1212", 6_500)
            .outcome(start + 900, start + 1_000, start + 2_000, start + 62_000, 200);
    }

    /**
     * Closes the journal and deletes its files.
     *
     * @throws IOException when deleting fails.
     */
    @TearDown
    public void close() throws IOException
    {
        journal.close();
        try (var paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
