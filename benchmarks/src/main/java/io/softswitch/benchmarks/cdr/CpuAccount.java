package io.softswitch.benchmarks.cdr;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM and by a PostgreSQL server (its postmaster and every child process:
 * backends, WAL writer, checkpointer, background writer, autovacuum), read from {@code /proc}, so
 * that a benchmark can say how much of each call's cost is ours and how much is the database's,
 * whatever else runs on the machine. Linux only; clock ticks of 10 ms ({@code getconf CLK_TCK}
 * is 100), so a measured span should last seconds.
 */
final class CpuAccount
{
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path postmasterPid;

    /**
     * @param dataDirectory the server's data directory (holds {@code postmaster.pid}).
     */
    CpuAccount(final Path dataDirectory)
    {
        this.postmasterPid = dataDirectory.resolve("postmaster.pid");
    }

    /**
     * This JVM's CPU time so far (every thread, GC included).
     *
     * @return nanoseconds.
     */
    static long jvmNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /**
     * The server's CPU time so far: the postmaster's and its live children's user and system time,
     * plus what its children that already ended spent (counted into the postmaster's cutime/cstime).
     *
     * @return nanoseconds.
     */
    long serverNanos()
    {
        try
        {
            final long postmaster = Long.parseLong(Files.readAllLines(postmasterPid).getFirst().trim());
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc")))
            {
                for (final Path process : processes.toList())
                {
                    final String name = process.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit))
                    {
                        continue;
                    }
                    final String[] stat = stat(process);
                    if (stat.length == 0)
                    {
                        continue;
                    }
                    final long pid = Long.parseLong(name);
                    final long parent = Long.parseLong(stat[1]);
                    if (pid == postmaster)
                    {
                        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13]) +
                            Long.parseLong(stat[14]);
                    }
                    else if (parent == postmaster)
                    {
                        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                    }
                }
            }
            return ticks * NANOS_PER_TICK;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the server's CPU time: " + ex, ex);
        }
    }

    /** The fields after the command name (state first), or none when the process is gone. */
    private static String[] stat(final Path process)
    {
        try
        {
            final String line = Files.readString(process.resolve("stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        }
        catch (final IOException ex)
        {
            return new String[0];
        }
    }
}
