package io.softswitch.signaling.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.UnixChannel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Sends datagrams straight to the kernel on the loop's own UDP socket through the FFM API: no
 * {@code DatagramPacket}, no duplicate of the buffer, no trip through the channel's pipeline and
 * outbound buffer, no copy of the address per send (Netty's path makes all four). Each
 * destination's {@code sockaddr} is built once into a small direct-mapped table of native slots
 * allocated up front (the switch talks to few peers, and their addresses are the same objects
 * from message to message); a new destination overwrites its slot, so peers that come and go
 * cost no native memory.
 *
 * <p>Datagrams are queued ({@link #queue}) and go out together with one {@code sendmmsg(2)} when
 * the loop flushes ({@link #flush}, at the end of its iteration) or the batch is full: a loop that
 * answers a batch of received datagrams makes one system call instead of one per answer. Each
 * queued datagram is copied into memory allocated once (its bytes and its destination's
 * {@code sockaddr}), so the caller keeps or frees its buffer as before. Memory layout:
 * <pre>
 *   headers: n x struct mmsghdr (64 bytes)
 *     +0  msg_name -> names[i]        +8  msg_namelen
 *     +16 msg_iov  -> iovecs[i]       +24 msg_iovlen = 1
 *     +32 msg_control = NULL          +40 msg_controllen = 0
 *     +48 msg_flags                   +56 msg_len (out: bytes sent)
 *   iovecs:  n x struct iovec (16 bytes): base -> data + i * SLOT_BYTES, len = the datagram's
 *   names:   n x 32 bytes, a copy of the destination's sockaddr
 *   data:    n x SLOT_BYTES
 * </pre>
 *
 * <p>Says no (the caller goes through Netty, after what was queued has been sent, so that order
 * holds) when the channel is not a native socket, Netty still holds queued datagrams for the
 * socket, or the destination's family does not fit the socket. What the kernel refuses at flush
 * time (a full send buffer, {@code EAGAIN}, or any other error) goes through Netty from there on,
 * which queues it or reports the error as before. One per event loop: not thread-safe.
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
    /** Datagrams per {@code sendmmsg} at most. */
    private static final int BATCH = 32;
    /** The longest datagram queued; a longer one is sent on its own, after the queue. */
    private static final int SLOT_BYTES = 4_096;
    private static final int MMSGHDR_BYTES = 64;
    private static final int IOVEC_BYTES = 16;
    private static final int NAME_BYTES = 32;

    private final Arena arena = Arena.ofAuto();
    private final InetSocketAddress[] destinations = new InetSocketAddress[ADDRESSES];
    private final MemorySegment[] sockaddrs = new MemorySegment[ADDRESSES];
    private final int[] sockaddrLengths = new int[ADDRESSES];
    private final MemorySegment sockoptValue = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment sockoptLength = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment headers = arena.allocate((long)MMSGHDR_BYTES * BATCH, Long.BYTES);
    private final long headersAddress = headers.address();
    private final MemorySegment names = arena.allocate((long)NAME_BYTES * BATCH, Long.BYTES);
    private final MemorySegment iovecs = arena.allocate((long)IOVEC_BYTES * BATCH, Long.BYTES);
    private final MemorySegment data = arena.allocate((long)SLOT_BYTES * BATCH, 64);
    private final ByteBuf dataBuffer = Unpooled.wrappedBuffer(data.asByteBuffer());
    private final InetSocketAddress[] queuedTo = new InetSocketAddress[BATCH];
    private int queued;
    private long batches;
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
        for (int i = 0; i < BATCH; i++)
        {
            final long header = (long)i * MMSGHDR_BYTES;
            iovecs.set(ValueLayout.JAVA_LONG, (long)i * IOVEC_BYTES, data.address() + (long)i * SLOT_BYTES);
            headers.set(ValueLayout.JAVA_LONG, header, names.address() + (long)i * NAME_BYTES);
            headers.set(ValueLayout.JAVA_LONG, header + 16, iovecs.address() + (long)i * IOVEC_BYTES);
            headers.set(ValueLayout.JAVA_LONG, header + 24, 1);
        }
    }

    /**
     * Queues a datagram for the next {@link #flush}, or sends it now when it is too long to queue.
     *
     * @param message the datagram's bytes, readable; copied, not released here.
     * @param to      where it goes.
     * @param via     the UDP channel to send from.
     * @return true when it was queued or sent; false when the caller is to send it through Netty
     *         (what was queued before has then been handed to the kernel already).
     */
    boolean queue(final ByteBuf message, final InetSocketAddress to, final Channel via)
    {
        if (Libc.SENDMMSG == null)
        {
            return send(message, to, via);
        }
        if (via != channel)
        {
            flush();
        }
        if (!bind(via) || !via.isOpen())
        {
            return false;
        }
        final ChannelOutboundBuffer waiting = via.unsafe().outboundBuffer();
        final int length = message.readableBytes();
        final int slot = waiting == null || !waiting.isEmpty() || length > SLOT_BYTES ? -1 : sockaddr(to);
        if (slot < 0)
        {
            flush();
            return length > SLOT_BYTES && send(message, to, via);
        }
        final int entry = queued;
        dataBuffer.setBytes(entry * SLOT_BYTES, message, message.readerIndex(), length);
        iovecs.set(ValueLayout.JAVA_LONG, (long)entry * IOVEC_BYTES + 8, length);
        MemorySegment.copy(sockaddrs[slot], 0, names, (long)entry * NAME_BYTES, sockaddrLengths[slot]);
        headers.set(ValueLayout.JAVA_INT, (long)entry * MMSGHDR_BYTES + 8, sockaddrLengths[slot]);
        queuedTo[entry] = to;
        queued = entry + 1;
        if (queued == BATCH)
        {
            flush();
        }
        return true;
    }

    /**
     * Hands every queued datagram to the kernel: one {@code sendmmsg} for the lot when the socket
     * takes them all. Those it refuses, and every one after them, go through Netty in order.
     */
    void flush()
    {
        final int count = queued;
        if (count == 0)
        {
            return;
        }
        queued = 0;
        int done = 0;
        // A closed channel's descriptor number may already be another socket's: Netty fails
        // these writes instead. The switch sends from the loop's own channel, which closes on
        // this same thread, so not between this check and the call.
        while (done < count && channel.isOpen())
        {
            final int result;
            try
            {
                result = (int)Libc.SENDMMSG.invokeExact(fd, headersAddress + (long)done * MMSGHDR_BYTES, count - done,
                    MSG_DONTWAIT);
            }
            catch (final Throwable ex)
            {
                break;
            }
            if (result <= 0)
            {
                break;
            }
            done += result;
            batches++;
        }
        sent += done;
        if (done < count)
        {
            sendThroughNetty(done, count);
        }
        Arrays.fill(queuedTo, 0, count, null);
    }

    /**
     * The queued datagrams from {@code from} on, written through the channel: the kernel refused
     * one (a full send buffer: Netty waits until the socket is writable; another error: Netty
     * reports it as it always has). Rare, so the copies come from the channel's pool.
     */
    private void sendThroughNetty(final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final int length = (int)iovecs.get(ValueLayout.JAVA_LONG, (long)i * IOVEC_BYTES + 8);
            final ByteBuf copy = channel.alloc().directBuffer(length);
            copy.writeBytes(dataBuffer, i * SLOT_BYTES, length);
            channel.write(new DatagramPacket(copy, queuedTo[i]), channel.voidPromise());
        }
        channel.flush();
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
        if (Libc.SENDTO == null || !message.hasMemoryAddress() || !bind(via) || !via.isOpen())
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
            result = (long)Libc.SENDTO.invokeExact(fd, message.memoryAddress() + message.readerIndex(),
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

    /**
     * How many {@code sendmmsg} calls sent queued datagrams (sent / batches = datagrams per call,
     * counting those sent on their own as well).
     *
     * @return the count.
     */
    long batches()
    {
        return batches;
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
        if (!(via instanceof final UnixChannel unix) || Libc.GETSOCKOPT == null)
        {
            return false;
        }
        final int candidate = unix.fd().intValue();
        sockoptLength.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
        try
        {
            if ((int)Libc.GETSOCKOPT.invokeExact(candidate, SOL_SOCKET, SO_DOMAIN, sockoptValue, sockoptLength) != 0)
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
