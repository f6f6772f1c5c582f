package io.softswitch.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * A JMH profiler that reports the CPU time the benchmark JVM spent per operation
 * ({@code cpu.time.norm}, ns/op): all its threads, garbage collection included.
 * <p>
 * On a machine shared with other work, wall-clock time per operation grows whenever the
 * benchmark thread waits for a core; CPU time does not, so this figure stays comparable between
 * runs on a busy machine. Use with {@code bin/jmh SipCodec -prof io.softswitch.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler
{
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
    private long startCpuNs;

    @Override
    public String getDescription()
    {
        return "CPU time of the benchmark JVM per operation, garbage collection included";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        startCpuNs = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(final BenchmarkParams benchmarkParams,
        final IterationParams iterationParams, final IterationResult result)
    {
        final long cpuNs = os.getProcessCpuTime() - startCpuNs;
        final long ops = result.getMetadata().getMeasuredOps();
        if (ops <= 0)
        {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", (double)cpuNs / ops, "ns/op", AggregationPolicy.AVG));
    }
}
