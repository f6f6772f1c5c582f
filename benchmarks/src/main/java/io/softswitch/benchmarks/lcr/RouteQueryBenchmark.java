package io.softswitch.benchmarks.lcr;

import io.softswitch.lcr.RouteResult;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.SingleThreadRouter;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Latency of one route query on the snapshot itself (no ring): 100,000 prefixes priced by 50
 * vendors (5,000,000 buy rows) plus a customer deck; each query walks the trie, collects the 50
 * vendors' longest prefixes, applies every exclusion check and margin, and picks the best three.
 *
 * <p>Run with {@code -prof gc} to see the bytes allocated per query.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@State(Scope.Thread)
public class RouteQueryBenchmark
{
    private static final int PREFIXES = 100_000;
    private static final int NUMBERS = 1 << 16;

    /** Vendors pricing every prefix; 50 is the target size, others show the cost per vendor. */
    @Param({"50"})
    public int vendors;

    private SingleThreadRouter router;
    private int customerId;
    private String[] numbers;
    private int next;

    /**
     * Builds the snapshot and the numbers to dial.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final SyntheticDecks decks = SyntheticDecks.withPrefixes(PREFIXES, 1);
        final RouteSnapshot snapshot = RouteSnapshot.build(decks.decks(vendors, true, 2), RoutingSettings.DEFAULT);
        router = new SingleThreadRouter(snapshot, () -> SyntheticDecks.NOW_MS);
        customerId = snapshot.ids().customerId(SyntheticDecks.CUSTOMER);
        numbers = decks.numbers(NUMBERS, 3);
    }

    /**
     * One query, its result read and released.
     *
     * @return the number of vendors returned, so the work cannot be eliminated.
     */
    @Benchmark
    public int routeOnSnapshot()
    {
        final String number = numbers[next++ & (NUMBERS - 1)];
        final RouteResult result = router.route(customerId, number, SyntheticDecks.NOW_MS);
        final int vendors = result.vendorCount();
        result.release();
        return vendors;
    }
}
