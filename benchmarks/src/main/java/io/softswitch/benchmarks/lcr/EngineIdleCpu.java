package io.softswitch.benchmarks.lcr;

import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import io.softswitch.lcr.BackoffWaitStrategy;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.SignalledWaitStrategy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * CPU used by an idle {@code lcr-engine} thread with the engine's {@link SignalledWaitStrategy},
 * the {@link BackoffWaitStrategy} it used before, and Disruptor's {@link SleepingWaitStrategy} of
 * 200 retries and 50 µs parks (what it used before that), measured one after the other in one JVM, twice, so that both see the same
 * machine. Not a JMH benchmark: the figure is thread CPU time over wall time while nothing is
 * published.
 *
 * <pre>
 *   bin/jmh -l &gt;/dev/null    # builds benchmarks/target when needed
 *   java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' \
 *       io.softswitch.benchmarks.lcr.EngineIdleCpu 15
 * </pre>
 */
public final class EngineIdleCpu
{
    private EngineIdleCpu()
    {
    }

    /**
     * Prints the idle CPU of each strategy, two rounds.
     *
     * @param args seconds to measure each strategy for (default 15).
     * @throws InterruptedException when interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final RouteSnapshot empty = RouteSnapshot.build(List.of(), RoutingSettings.DEFAULT);
        for (int round = 0; round < 2; round++)
        {
            for (final String name : List.of("sleeping(200, 50 us)", "backoff", "signalled"))
            {
                final WaitStrategy strategy = switch (name)
                {
                    case "backoff" -> new BackoffWaitStrategy();
                    case "signalled" -> new SignalledWaitStrategy();
                    default -> new SleepingWaitStrategy(200, 50_000);
                };
                try (LcrEngine _ = LcrEngine.start(empty, System::currentTimeMillis, LcrEngine.DEFAULT_RING_SIZE,
                    strategy))
                {
                    // Let the engine settle into its idle wait before measuring.
                    Thread.sleep(1_000);
                    final long threadId = engineThread().threadId();
                    final long cpuStartNs = threads.getThreadCpuTime(threadId);
                    final long wallStartNs = System.nanoTime();
                    Thread.sleep(seconds * 1_000L);
                    final long cpuNs = threads.getThreadCpuTime(threadId) - cpuStartNs;
                    final long wallNs = System.nanoTime() - wallStartNs;
                    System.out.printf("%-22s idle lcr-engine thread: %.1f %% of a core over %d s%n",
                        name, 100.0 * cpuNs / wallNs, seconds);
                }
            }
        }
    }

    private static Thread engineThread()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals(LcrEngine.THREAD_NAME) && thread.isAlive())
            .findFirst()
            .orElseThrow();
    }
}
