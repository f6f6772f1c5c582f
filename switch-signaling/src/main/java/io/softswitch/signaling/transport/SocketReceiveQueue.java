package io.softswitch.signaling.transport;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How many bytes wait in the kernel's receive queues of the switch's own UDP sockets, asked of
 * each socket with Linux's {@code getsockopt(SO_MEMINFO)} (its {@code SK_MEMINFO_RMEM_ALLOC}, what
 * {@code /proc/net/udp} shows as {@code rx_queue}): one system call per socket instead of the
 * kernel writing out the whole machine's socket table as text at every sample.
 *
 * <p>Made by {@link #of}, which falls back to {@link UdpReceiveQueue} where the sockets are not
 * native (NIO) or the option is not there. Used by one sampler thread.
 */
public final class SocketReceiveQueue implements LongSupplier
{
    private static final int SOL_SOCKET = 1;
    private static final int SO_MEMINFO = 55;
    /** {@code SK_MEMINFO_VARS} has grown over kernel versions; room for more than there are. */
    private static final int MEMINFO_BYTES = 16 * Integer.BYTES;

    private final MethodHandle getsockopt;
    private final int[] fds;
    private final MemorySegment meminfo;
    private final MemorySegment length;

    private SocketReceiveQueue(final MethodHandle getsockopt, final int[] fds)
    {
        this.getsockopt = getsockopt;
        this.fds = fds;
        final Arena arena = Arena.ofAuto();
        this.meminfo = arena.allocate(MEMINFO_BYTES);
        this.length = arena.allocate(ValueLayout.JAVA_INT);
    }

    /**
     * The receive queue of the given sockets, asked of each socket when it can be, or read from
     * the system's tables for the port otherwise.
     *
     * @param channels the UDP sockets bound to the port.
     * @param port     the port, for the fallback.
     * @return the queue's size in bytes, on demand.
     */
    public static LongSupplier of(final List<Channel> channels, final int port)
    {
        final UdpReceiveQueue tables = new UdpReceiveQueue(port);
        final int[] fds = new int[channels.size()];
        for (int i = 0; i < fds.length; i++)
        {
            if (!(channels.get(i) instanceof final UnixChannel unix))
            {
                return tables::bytesQueued;
            }
            fds[i] = unix.fd().intValue();
        }
        if (Libc.GETSOCKOPT != null)
        {
            final SocketReceiveQueue queue = new SocketReceiveQueue(Libc.GETSOCKOPT, fds);
            if (queue.getAsLong() >= 0)
            {
                return queue;
            }
        }
        return tables::bytesQueued;
    }

    /**
     * The bytes queued now, summed over the sockets.
     *
     * @return bytes, or -1 when a socket would not tell.
     */
    @Override
    public long getAsLong()
    {
        long total = 0;
        for (final int fd : fds)
        {
            length.set(ValueLayout.JAVA_INT, 0, MEMINFO_BYTES);
            final int result;
            try
            {
                result = (int)getsockopt.invokeExact(fd, SOL_SOCKET, SO_MEMINFO, meminfo, length);
            }
            catch (final Throwable ex)
            {
                return -1;
            }
            if (result != 0)
            {
                return -1;
            }
            // SK_MEMINFO_RMEM_ALLOC is the first value.
            total += Integer.toUnsignedLong(meminfo.get(ValueLayout.JAVA_INT, 0));
        }
        return total;
    }
}
