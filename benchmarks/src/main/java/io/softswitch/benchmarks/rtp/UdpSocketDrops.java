package io.softswitch.benchmarks.rtp;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Datagrams the kernel dropped at one process's UDP sockets (a full receive buffer, UDP memory
 * pressure): the {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6}, summed
 * over the sockets whose inodes that process holds open. Taken before and after the measured
 * window, it says where a lost packet was lost: at the relay's sockets (the relay did not read in
 * time) or at the generator's own (the load generator did not), so neither is blamed for the
 * other.
 */
final class UdpSocketDrops
{
    private static final String SOCKET_LINK = "socket:[";

    private UdpSocketDrops()
    {
    }

    /**
     * The drops so far at the UDP sockets of a process.
     *
     * @param pid the process, or 0 or less for none.
     * @return the sum over its sockets, 0 for none.
     * @throws IOException when /proc cannot be read.
     */
    static long of(final long pid) throws IOException
    {
        if (pid <= 0)
        {
            return 0;
        }
        final Set<String> inodes = socketInodes(pid);
        return sum(Path.of("/proc/net/udp"), inodes) + sum(Path.of("/proc/net/udp6"), inodes);
    }

    private static Set<String> socketInodes(final long pid) throws IOException
    {
        final Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd")))
        {
            for (final Path fd : fds)
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(SOCKET_LINK))
                    {
                        inodes.add(target.substring(SOCKET_LINK.length(), target.length() - 1));
                    }
                }
                catch (final IOException closedMeanwhile)
                {
                    // A descriptor closed between the listing and the read holds no socket of ours.
                }
            }
        }
        return inodes;
    }

    private static long sum(final Path table, final Set<String> inodes) throws IOException
    {
        if (!Files.exists(table))
        {
            return 0;
        }
        final List<String> lines = Files.readAllLines(table);
        long drops = 0;
        for (int i = 1; i < lines.size(); i++)
        {
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
            final String[] fields = lines.get(i).trim().split("\\s+");
            if (fields.length >= 13 && inodes.contains(fields[9]))
            {
                drops += Long.parseLong(fields[12]);
            }
        }
        return drops;
    }
}
