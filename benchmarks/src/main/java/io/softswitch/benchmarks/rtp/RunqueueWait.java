package io.softswitch.benchmarks.rtp;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time a process's threads spent runnable but not running (waiting on a run queue for a core):
 * the second field of {@code /proc/PID/task/TID/schedstat}, in nanoseconds, summed over the
 * threads. Taken before and after the window, it says how much of a relay's added latency is a
 * wait for the CPU rather than its own work: a datagram that arrives while its relay thread
 * waits for a core waits with it. Threads that end inside the window are not counted.
 */
final class RunqueueWait
{
    private RunqueueWait()
    {
    }

    /**
     * The run-queue wait so far of a process's live threads.
     *
     * @param pid the process, or 0 or less for none.
     * @return nanoseconds, 0 for none or where the kernel keeps no schedstat.
     * @throws IOException when /proc cannot be read.
     */
    static long of(final long pid) throws IOException
    {
        if (pid <= 0)
        {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task")))
        {
            for (final Path task : tasks)
            {
                final Path stat = task.resolve("schedstat");
                if (!Files.isReadable(stat))
                {
                    continue;
                }
                try
                {
                    // "run_ns wait_ns timeslices"
                    final String[] fields = Files.readString(stat).trim().split(" ");
                    total += Long.parseLong(fields[1]);
                }
                catch (final IOException | RuntimeException ex)
                {
                    // The thread ended between the listing and the read: not counted.
                }
            }
        }
        return total;
    }
}
