package io.softswitch.signaling.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many bytes wait in the kernel's receive queues of the UDP sockets bound to one port: the
 * datagrams the event loops have not read yet, summed over every {@code SO_REUSEPORT} socket.
 * Read from Linux's {@code /proc/net/udp} and {@code /proc/net/udp6} ({@code rx_queue} column),
 * off the event loops; where those files do not exist the queue reads as empty.
 */
public final class UdpReceiveQueue
{
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    private final List<Path> tables;
    private final int port;

    /**
     * Watches the sockets of a port in the system's tables.
     *
     * @param port the UDP port.
     */
    public UdpReceiveQueue(final int port)
    {
        this(TABLES, port);
    }

    UdpReceiveQueue(final List<Path> tables, final int port)
    {
        this.tables = tables;
        this.port = port;
    }

    /**
     * The bytes queued now.
     *
     * @return the sum of {@code rx_queue} over the port's sockets; 0 when the tables cannot be read.
     */
    public long bytesQueued()
    {
        long total = 0;
        for (final Path table : tables)
        {
            try
            {
                if (Files.isReadable(table))
                {
                    total += bytesQueued(Files.readString(table, StandardCharsets.US_ASCII), port);
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                // A table that cannot be read says nothing: the loops' own signals remain.
            }
        }
        return total;
    }

    /**
     * Sums the receive queues of a port's sockets in one table's text.
     *
     * @param table the text of {@code /proc/net/udp} or {@code /proc/net/udp6}.
     * @param port  the local port.
     * @return bytes queued.
     */
    static long bytesQueued(final String table, final int port)
    {
        long total = 0;
        final String[] lines = table.split("\n");
        for (int i = 1; i < lines.length; i++)
        {
            final String[] fields = lines[i].trim().split("\\s+");
            if (fields.length < 5)
            {
                continue;
            }
            final String local = fields[1];
            final int colon = local.lastIndexOf(':');
            final int queues = fields[4].indexOf(':');
            if (colon < 0 || queues < 0 || Integer.parseInt(local.substring(colon + 1), 16) != port)
            {
                continue;
            }
            total += Long.parseLong(fields[4].substring(queues + 1), 16);
        }
        return total;
    }
}
