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
        // Scanned in place, no split: sampled every few milliseconds.
        long total = 0;
        int line = table.indexOf('\n') + 1;
        while (line > 0 && line < table.length())
        {
            final int next = table.indexOf('\n', line);
            final int end = next < 0 ? table.length() : next;
            final int local = skipField(table, skipSpaces(table, line, end), end);
            final int localStart = skipSpaces(table, local, end);
            final int localEnd = skipField(table, localStart, end);
            final int colon = table.lastIndexOf(':', localEnd - 1);
            if (colon > localStart && hex(table, colon + 1, localEnd) == port)
            {
                final int remoteEnd = skipField(table, skipSpaces(table, localEnd, end), end);
                final int stateEnd = skipField(table, skipSpaces(table, remoteEnd, end), end);
                final int queuesStart = skipSpaces(table, stateEnd, end);
                final int queuesEnd = skipField(table, queuesStart, end);
                final int separator = table.indexOf(':', queuesStart);
                if (separator > 0 && separator < queuesEnd)
                {
                    total += hex(table, separator + 1, queuesEnd);
                }
            }
            line = next < 0 ? -1 : next + 1;
        }
        return total;
    }

    private static int skipSpaces(final String text, final int from, final int end)
    {
        int i = from;
        while (i < end && text.charAt(i) == ' ')
        {
            i++;
        }
        return i;
    }

    private static int skipField(final String text, final int from, final int end)
    {
        int i = from;
        while (i < end && text.charAt(i) != ' ')
        {
            i++;
        }
        return i;
    }

    private static long hex(final String text, final int from, final int to)
    {
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0)
            {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
