package io.softswitch.benchmarks.lcr;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.softswitch.lcr.BackoffWaitStrategy;
import io.softswitch.lcr.SignalledWaitStrategy;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.RouteListener;
import io.softswitch.lcr.RouteResult;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
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

import java.util.concurrent.TimeUnit;

/**
 * Latency of one route query through the engine: publish on the ring from the benchmark thread,
 * answered on the {@code lcr-engine} thread, result seen back on the benchmark thread. Same
 * snapshot as {@link RouteQueryBenchmark}. Wait strategies for the engine thread: signalled (the
 * default: spins, then sleeps on a futex that the query's publisher wakes without a lock), backoff
 * (spins, then parks from 50 µs doubling up to 1 ms; a publisher signals nobody),
 * sleeping (Disruptor's: spins, yields, then parks 50 µs each time; a publisher signals nobody),
 * blocking (parks on a lock: every publisher takes it to signal) and yielding (never parks: costs
 * a core). With {@code idleMs} above 0 the engine is left idle that long before each query (not
 * timed), so the sample is the first query after an idle spell: what the wait strategy's
 * back-off costs. A full ring
 * would be a refusal, not a wait: the loop retries only because the benchmark owns the ring.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@State(Scope.Thread)
public class RouteRoundTripBenchmark
{
    private static final int PREFIXES = 100_000;
    private static final int VENDORS = 50;
    private static final int NUMBERS = 1 << 16;

    /** How the engine thread waits for events. */
    @Param({"signalled", "backoff", "sleeping", "blocking", "yielding"})
    public String waitStrategy;

    /** Idle pause before each query, in milliseconds; 0 for back-to-back queries. */
    @Param({"0"})
    public int idleMs;

    private LcrEngine engine;
    private int customerId;
    private String[] numbers;
    private int next;
    private final Answer answer = new Answer();

    /**
     * Starts the engine over the snapshot.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final SyntheticDecks decks = SyntheticDecks.withPrefixes(PREFIXES, 1);
        final RouteSnapshot snapshot = RouteSnapshot.build(decks.decks(VENDORS, true, 2), RoutingSettings.DEFAULT);
        final WaitStrategy strategy = switch (waitStrategy)
        {
            case "yielding" -> new YieldingWaitStrategy();
            case "blocking" -> new BlockingWaitStrategy();
            case "sleeping" -> new SleepingWaitStrategy(200, 50_000);
            case "backoff" -> new BackoffWaitStrategy();
            default -> new SignalledWaitStrategy();
        };
        engine = LcrEngine.start(snapshot, () -> SyntheticDecks.NOW_MS, LcrEngine.DEFAULT_RING_SIZE, strategy);
        customerId = engine.trunkIds().customerId(SyntheticDecks.CUSTOMER);
        numbers = decks.numbers(NUMBERS, 3);
    }

    /**
     * Leaves the engine idle for {@link #idleMs} before the next query.
     *
     * @throws InterruptedException when interrupted while pausing.
     */
    @Setup(Level.Invocation)
    public void pause() throws InterruptedException
    {
        if (idleMs > 0)
        {
            Thread.sleep(idleMs);
        }
    }

    /**
     * Stops the engine thread.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        engine.close();
    }

    /**
     * One query published, answered on the engine thread, read and released here.
     *
     * @return the number of vendors returned.
     */
    @Benchmark
    public int routeThroughRing()
    {
        answer.result = null;
        final String number = numbers[next++ & (NUMBERS - 1)];
        while (!engine.tryRoute(customerId, number, answer))
        {
            Thread.onSpinWait();
        }
        RouteResult result;
        while ((result = answer.result) == null)
        {
            Thread.onSpinWait();
        }
        final int vendors = result.vendorCount();
        result.release();
        return vendors;
    }

    /**
     * Receives the answer on the engine thread; the volatile write hands it to the benchmark thread.
     */
    static final class Answer implements RouteListener
    {
        volatile RouteResult result;

        @Override
        public void onRoute(final RouteResult result)
        {
            this.result = result;
        }
    }
}
