package io.softswitch.signaling.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.UnixChannel;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Sends a datagram straight from a pooled buffer's memory to the kernel, {@code sendto(2)} on the
 * loop's own UDP socket through the FFM API: no {@code DatagramPacket}, no duplicate of the
 * buffer, no trip through the channel's pipeline and outbound buffer, no copy of the address
 * per send (Netty's path makes all four). Each destination's {@code sockaddr} is built once into
 * a small direct-mapped table of native slots allocated up front (the switch talks to few peers,
 * and their addresses are the same objects from message to message); a new destination
 * overwrites its slot, so peers that come and go cost no native memory.
 *
 * <p>Says no (the caller goes through Netty) when the channel is not a native socket, the
 * buffer has no memory address, Netty still holds queued datagrams for the socket (order), or the
 * kernel refuses the datagram (a full send buffer, {@code EAGAIN}, or any other error, which
 * Netty's path then meets and reports as before). One per event loop: not thread-safe.
 */
final class DatagramSender
{
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOL_SOCKET = 1;
    private static final int SO_DOMAIN = 39;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SOCKADDR_BYTES = 28;
    private static final int ADDRESSES = 64;

    private static final MethodHandle SENDTO;
    private static final MethodHandle GETSOCKOPT;

    static
    {
        MethodHandle sendto = null;
        MethodHandle getsockopt = null;
        try
        {
            final Linker linker = Linker.nativeLinker();
            // Pointers passed as addresses in longs: the buffer's memory and the cached sockaddr.
            sendto = linker.downcallHandle(linker.defaultLookup().find("sendto").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            getsockopt = linker.downcallHandle(linker.defaultLookup().find("getsockopt").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            sendto = null;
        }
        SENDTO = sendto;
        GETSOCKOPT = getsockopt;
    }

    private final Arena arena = Arena.ofAuto();
    private final InetSocketAddress[] destinations = new InetSocketAddress[ADDRESSES];
    private final MemorySegment[] sockaddrs = new MemorySegment[ADDRESSES];
    private final int[] sockaddrLengths = new int[ADDRESSES];
    private final MemorySegment sockoptValue = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment sockoptLength = arena.allocate(ValueLayout.JAVA_INT);
    private Channel channel;
    private int fd = -1;
    private int family;
    private long sent;

    DatagramSender()
    {
        final MemorySegment table = arena.allocate((long)SOCKADDR_BYTES * ADDRESSES, Long.BYTES);
        for (int slot = 0; slot < ADDRESSES; slot++)
        {
            sockaddrs[slot] = table.asSlice((long)slot * SOCKADDR_BYTES, SOCKADDR_BYTES);
        }
    }

    /**
     * Sends a whole datagram now, if it can be sent this way.
     *
     * @param message the datagram's bytes, readable; not released here.
     * @param to      where it goes.
     * @param via     the UDP channel to send from.
     * @return true when the kernel took it; false when the caller is to send it through Netty.
     */
    boolean send(final ByteBuf message, final InetSocketAddress to, final Channel via)
    {
        if (SENDTO == null || !message.hasMemoryAddress() || !bind(via))
        {
            return false;
        }
        final ChannelOutboundBuffer queued = via.unsafe().outboundBuffer();
        if (queued == null || !queued.isEmpty())
        {
            return false;
        }
        final int slot = sockaddr(to);
        if (slot < 0)
        {
            return false;
        }
        final long result;
        try
        {
            result = (long)SENDTO.invokeExact(fd, message.memoryAddress() + message.readerIndex(),
                (long)message.readableBytes(), MSG_DONTWAIT, sockaddrs[slot].address(), sockaddrLengths[slot]);
        }
        catch (final Throwable ex)
        {
            return false;
        }
        if (result >= 0)
        {
            sent++;
            return true;
        }
        // A full send buffer (EAGAIN): Netty queues the datagram and waits until the socket is
        // writable. Any other error: Netty's path tries again and reports it as it always has.
        return false;
    }

    /**
     * How many datagrams went out this way.
     *
     * @return the count.
     */
    long sent()
    {
        return sent;
    }

    private boolean bind(final Channel via)
    {
        if (via == channel)
        {
            return fd >= 0;
        }
        channel = via;
        fd = -1;
        Arrays.fill(destinations, null);
        if (!(via instanceof final UnixChannel unix) || GETSOCKOPT == null)
        {
            return false;
        }
        final int candidate = unix.fd().intValue();
        sockoptLength.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
        try
        {
            if ((int)GETSOCKOPT.invokeExact(candidate, SOL_SOCKET, SO_DOMAIN, sockoptValue, sockoptLength) != 0)
            {
                return false;
            }
        }
        catch (final Throwable ex)
        {
            return false;
        }
        family = sockoptValue.get(ValueLayout.JAVA_INT, 0);
        if (family != AF_INET && family != AF_INET6)
        {
            return false;
        }
        fd = candidate;
        return true;
    }

    /**
     * The slot holding the destination's {@code sockaddr}, filled now if another address had it;
     * -1 when the socket cannot reach it.
     */
    private int sockaddr(final InetSocketAddress to)
    {
        final int slot = System.identityHashCode(to) & (ADDRESSES - 1);
        if (destinations[slot] == to)
        {
            return slot;
        }
        final InetAddress address = to.getAddress();
        if (address == null || family == AF_INET && !(address instanceof Inet4Address))
        {
            return -1;
        }
        final byte[] raw = address.getAddress();
        final MemorySegment sockaddr = sockaddrs[slot];
        sockaddr.fill((byte)0);
        sockaddr.set(ValueLayout.JAVA_BYTE, 2, (byte)(to.getPort() >>> 8));
        sockaddr.set(ValueLayout.JAVA_BYTE, 3, (byte)to.getPort());
        if (family == AF_INET)
        {
            // struct sockaddr_in: family, port (network order), address, zero padding.
            sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short)AF_INET);
            MemorySegment.copy(raw, 0, sockaddr, ValueLayout.JAVA_BYTE, 4, 4);
            sockaddrLengths[slot] = 16;
        }
        else
        {
            // struct sockaddr_in6: family, port, flow info, address (IPv4 as ::ffff:a.b.c.d), scope.
            sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short)AF_INET6);
            if (raw.length == 4)
            {
                sockaddr.set(ValueLayout.JAVA_BYTE, 18, (byte)0xff);
                sockaddr.set(ValueLayout.JAVA_BYTE, 19, (byte)0xff);
                MemorySegment.copy(raw, 0, sockaddr, ValueLayout.JAVA_BYTE, 20, 4);
            }
            else
            {
                MemorySegment.copy(raw, 0, sockaddr, ValueLayout.JAVA_BYTE, 8, 16);
                if (address instanceof final Inet6Address v6)
                {
                    sockaddr.set(ValueLayout.JAVA_INT_UNALIGNED, 24, v6.getScopeId());
                }
            }
            sockaddrLengths[slot] = SOCKADDR_BYTES;
        }
        destinations[slot] = to;
        return slot;
    }
}
