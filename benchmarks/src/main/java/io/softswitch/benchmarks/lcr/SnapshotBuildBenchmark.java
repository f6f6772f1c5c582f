package io.softswitch.benchmarks.lcr;

import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.TrunkRates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time to compile 1,000,000 deck rows (10 vendor decks of 100,000 prefixes) into a routing
 * snapshot: the work between "decks loaded" and "snapshot ready to swap in". Loading the rows
 * from PostgreSQL or CSV is the rate-deck module's and is not included.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class SnapshotBuildBenchmark
{
    private List<TrunkRates> decks;

    /**
     * Generates the rows once.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        decks = SyntheticDecks.withPrefixes(100_000, 1).decks(10, false, 2);
    }

    /**
     * Compiles the snapshot.
     *
     * @return the snapshot, so the work cannot be eliminated.
     */
    @Benchmark
    public RouteSnapshot buildSnapshot()
    {
        return RouteSnapshot.build(decks, RoutingSettings.DEFAULT);
    }
}
