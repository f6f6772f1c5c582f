package io.softswitch.signaling.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

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
     * The bytes queued now. Reads each table into one buffer kept from call to call, so that the
     * sampler makes no garbage; not thread-safe (one sampler thread).
     *
     * @return the sum of {@code rx_queue} over the port's sockets; 0 when the tables cannot be read.
     */
    public long bytesQueued()
    {
        long total = 0;
        for (final Path table : tables)
        {
            try (FileChannel channel = FileChannel.open(table, StandardOpenOption.READ))
            {
                buffer.clear();
                int read;
                do
                {
                    if (!buffer.hasRemaining())
                    {
                        buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
                    }
                    read = channel.read(buffer);
                }
                while (read > 0);
                total += bytesQueued(buffer.array(), buffer.position(), port);
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
     * @param table  the text of {@code /proc/net/udp} or {@code /proc/net/udp6}, in ASCII.
     * @param length how many bytes of it to read.
     * @param port   the local port.
     * @return bytes queued.
     */
    static long bytesQueued(final byte[] table, final int length, final int port)
    {
        // Scanned in place: sampled every few milliseconds.
        long total = 0;
        int line = indexOf(table, 0, length, '\n') + 1;
        while (line > 0 && line < length)
        {
            final int next = indexOf(table, line, length, '\n');
            final int end = next < 0 ? length : next;
            final int local = skipField(table, skipSpaces(table, line, end), end);
            final int localStart = skipSpaces(table, local, end);
            final int localEnd = skipField(table, localStart, end);
            final int colon = lastIndexOf(table, localStart, localEnd, ':');
            if (colon > localStart && hex(table, colon + 1, localEnd) == port)
            {
                final int remoteEnd = skipField(table, skipSpaces(table, localEnd, end), end);
                final int stateEnd = skipField(table, skipSpaces(table, remoteEnd, end), end);
                final int queuesStart = skipSpaces(table, stateEnd, end);
                final int queuesEnd = skipField(table, queuesStart, end);
                final int separator = indexOf(table, queuesStart, queuesEnd, ':');
                if (separator > 0)
                {
                    total += hex(table, separator + 1, queuesEnd);
                }
            }
            line = next < 0 ? -1 : next + 1;
        }
        return total;
    }

    private static int indexOf(final byte[] text, final int from, final int end, final char c)
    {
        for (int i = from; i < end; i++)
        {
            if (text[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(final byte[] text, final int from, final int end, final char c)
    {
        for (int i = end - 1; i >= from; i--)
        {
            if (text[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpaces(final byte[] text, final int from, final int end)
    {
        int i = from;
        while (i < end && text[i] == ' ')
        {
            i++;
        }
        return i;
    }

    private static int skipField(final byte[] text, final int from, final int end)
    {
        int i = from;
        while (i < end && text[i] != ' ')
        {
            i++;
        }
        return i;
    }

    private static long hex(final byte[] text, final int from, final int to)
    {
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final int digit = Character.digit(text[i], 16);
            if (digit < 0)
            {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
