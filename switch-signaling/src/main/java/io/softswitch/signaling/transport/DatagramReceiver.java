package io.softswitch.signaling.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;

/**
 * Reads an event loop's UDP socket in batches with Linux's {@code recvmmsg(2)} through the FFM
 * API, straight into memory allocated once: no {@code DatagramPacket}, no buffer and no
 * {@code InetSocketAddress} per datagram (Netty's datagram read makes all three). Each source
 * address stays raw {@code sockaddr} bytes until {@link SourceAddresses} finds the object it
 * already made for that peer.
 *
 * <p>Readiness comes from the loop's own epoll: the receiver registers a duplicate of the
 * channel's descriptor with the loop ({@link EpollIoHandle}), level-triggered for reading, so the
 * loop that owns the socket is the only one that reads it and every datagram is handled on that
 * loop, as before. The Netty channel stays bound (with {@code AUTO_READ} off) for its socket
 * options, {@code SO_REUSEPORT} group, sends that have to queue, and the receive-queue sampler.
 *
 * <p>Memory layout, one batch of {@code n} entries (x86-64 and aarch64 Linux):
 * <pre>
 *   headers: n x struct mmsghdr (64 bytes)
 *     +0  msg_name -> names[i]        +8  msg_namelen (in: room, out: length)
 *     +16 msg_iov  -> iovecs[i]       +24 msg_iovlen = 1
 *     +32 msg_control = NULL          +40 msg_controllen = 0
 *     +48 msg_flags (out: MSG_TRUNC)  +56 msg_len (out: bytes received)
 *   iovecs:  n x struct iovec (16 bytes): base -> data + i * stride, len = datagram bytes
 *   names:   n x 32 bytes, room for a sockaddr_in6
 *   data:    n x stride bytes; stride = datagram bytes + a few cache lines, so that the
 *            datagrams of a batch do not all start on the same cache sets
 * </pre>
 * A datagram longer than the room for it arrives cut ({@code MSG_TRUNC}): it is counted and
 * dropped, never parsed. Used by its loop only.
 */
public final class DatagramReceiver implements EpollIoHandle
{
    private static final Logger LOG = LoggerFactory.getLogger(DatagramReceiver.class);
    private static final int MMSGHDR_BYTES = 64;
    private static final int IOVEC_BYTES = 16;
    private static final int NAME_BYTES = 32;
    private static final int SLOT_SKEW_BYTES = 3 * 64;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    /** Batches read per readiness event at most, so that the loop's queued tasks get their turn. */
    private static final int BATCHES_PER_EVENT = 4;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final Channel channel;
    private final FileDescriptor fd;
    private final DatagramHandler handler;
    private final SourceAddresses sources;
    private final int batch;
    private final int stride;
    private final MemorySegment headers;
    private final long headersAddress;
    private final MemorySegment names;
    private final MemorySegment callState;
    private final ByteBuf data;
    private IoRegistration registration;
    private long received;
    private long truncated;
    private long batches;
    private long failures;

    private DatagramReceiver(final Channel channel, final int fd, final DatagramHandler handler, final int batch,
        final int datagramBytes, final int sourceSlots)
    {
        this.channel = channel;
        this.fd = new FileDescriptor(fd);
        this.handler = handler;
        this.sources = new SourceAddresses(sourceSlots);
        this.batch = batch;
        this.stride = datagramBytes + SLOT_SKEW_BYTES;
        final Arena arena = Arena.ofAuto();
        this.headers = arena.allocate((long)MMSGHDR_BYTES * batch, Long.BYTES);
        this.headersAddress = headers.address();
        final MemorySegment iovecs = arena.allocate((long)IOVEC_BYTES * batch, Long.BYTES);
        this.names = arena.allocate((long)NAME_BYTES * batch, Long.BYTES);
        this.callState = arena.allocate(CALL_STATE);
        final MemorySegment bytes = arena.allocate((long)stride * batch, 64);
        this.data = Unpooled.wrappedBuffer(bytes.asByteBuffer());
        for (int i = 0; i < batch; i++)
        {
            iovecs.set(ValueLayout.JAVA_LONG, (long)i * IOVEC_BYTES, bytes.address() + (long)i * stride);
            iovecs.set(ValueLayout.JAVA_LONG, (long)i * IOVEC_BYTES + 8, datagramBytes);
            final long header = (long)i * MMSGHDR_BYTES;
            headers.set(ValueLayout.JAVA_LONG, header, names.address() + (long)i * NAME_BYTES);
            headers.set(ValueLayout.JAVA_INT, header + 8, NAME_BYTES);
            headers.set(ValueLayout.JAVA_LONG, header + 16, iovecs.address() + (long)i * IOVEC_BYTES);
            headers.set(ValueLayout.JAVA_LONG, header + 24, 1);
        }
    }

    /**
     * Makes a receiver for a channel's socket, if this platform and channel allow it.
     *
     * @param channel       a bound native (epoll) UDP channel whose reads are off.
     * @param handler       where each datagram goes.
     * @param batch         datagrams read per system call at most.
     * @param datagramBytes the longest datagram taken; longer ones are counted and dropped.
     * @param sourceSlots   how many source addresses are remembered; a power of two.
     * @return the receiver, not registered yet; null when the channel is not a native socket or
     *         the system calls are not reachable (the caller reads through Netty instead).
     */
    public static DatagramReceiver open(final Channel channel, final DatagramHandler handler, final int batch,
        final int datagramBytes, final int sourceSlots)
    {
        if (Libc.RECVMMSG == null || Libc.DUP == null || !(channel instanceof final UnixChannel unix))
        {
            return null;
        }
        final int duplicate;
        try
        {
            duplicate = (int)Libc.DUP.invokeExact(unix.fd().intValue());
        }
        catch (final Throwable ex)
        {
            return null;
        }
        if (duplicate < 0)
        {
            return null;
        }
        return new DatagramReceiver(channel, duplicate, handler, batch, datagramBytes, sourceSlots);
    }

    /**
     * Registers with the loop that owns the channel and starts reading. Waits until registered.
     *
     * @param loop the channel's event loop.
     */
    public void start(final IoEventLoop loop)
    {
        final IoRegistration registered = loop.register(this).syncUninterruptibly().getNow();
        // Level-triggered: a readiness left after the last batch of an event is reported again.
        registered.submit(EpollIoOps.EPOLLIN);
        // Read by close() on the loop, after this thread's later task submissions.
        registration = registered;
    }

    @Override
    public FileDescriptor fd()
    {
        return fd;
    }

    @Override
    public void handle(final IoRegistration registration, final IoEvent event)
    {
        for (int i = 0; i < BATCHES_PER_EVENT; i++)
        {
            if (readBatch() < batch)
            {
                return;
            }
        }
    }

    /**
     * Reads one batch and hands each datagram to the handler.
     *
     * @return how many datagrams the batch held; 0 when none was waiting or the call failed.
     */
    int readBatch()
    {
        final int count;
        try
        {
            count = (int)Libc.RECVMMSG.invokeExact(callState, fd.intValue(), headersAddress, batch, MSG_DONTWAIT, 0L);
        }
        catch (final Throwable ex)
        {
            failures++;
            return 0;
        }
        if (count <= 0)
        {
            if (count < 0)
            {
                receiveFailed();
            }
            return 0;
        }
        batches++;
        for (int i = 0; i < count; i++)
        {
            final long header = (long)i * MMSGHDR_BYTES;
            final int length = headers.get(ValueLayout.JAVA_INT, header + 56);
            final int flags = headers.get(ValueLayout.JAVA_INT, header + 48);
            final int nameLength = headers.get(ValueLayout.JAVA_INT, header + 8);
            // The kernel wrote the name's length here: give the next call the whole room again.
            headers.set(ValueLayout.JAVA_INT, header + 8, NAME_BYTES);
            received++;
            if ((flags & MSG_TRUNC) != 0)
            {
                truncated++;
                continue;
            }
            final InetSocketAddress sender = sources.of(names, (long)i * NAME_BYTES, nameLength);
            if (sender == null)
            {
                failures++;
                continue;
            }
            deliver(i * stride, length, sender);
        }
        return count;
    }

    private void deliver(final int index, final int length, final InetSocketAddress sender)
    {
        try
        {
            handler.onDatagram(data, index, length, sender, channel);
        }
        catch (final RuntimeException ex)
        {
            // One datagram the handler failed on must not cost the rest of the batch.
            failures++;
            LOG.warn("a received datagram from {} failed to be handled", sender, ex);
        }
    }

    private void receiveFailed()
    {
        final int errno = (int)ERRNO.get(callState, 0L);
        if (errno != EAGAIN && errno != EINTR)
        {
            failures++;
        }
    }

    /**
     * How many datagrams were read, truncated ones included.
     *
     * @return the count.
     */
    public long received()
    {
        return received;
    }

    /**
     * How many datagrams were longer than the room for them and were dropped.
     *
     * @return the count.
     */
    public long truncated()
    {
        return truncated;
    }

    /**
     * How many system calls returned datagrams.
     *
     * @return the count.
     */
    public long batches()
    {
        return batches;
    }

    /**
     * Failed receives, datagrams from an address family other than IPv4 and IPv6, and datagrams
     * the handler threw on.
     *
     * @return the count.
     */
    public long failures()
    {
        return failures;
    }

    /**
     * How many source address objects were made (once per new peer while the table holds it).
     *
     * @return the count.
     */
    public long sourcesMade()
    {
        return sources.made();
    }

    /**
     * Stops reading and closes the duplicate descriptor (the channel's own socket stays open
     * until the channel is closed). Runs on the loop; the loop also calls it when it shuts down.
     */
    @Override
    public void close()
    {
        final IoRegistration registered = registration;
        registration = null;
        if (registered != null)
        {
            registered.cancel();
        }
        if (fd.isOpen())
        {
            try
            {
                fd.close();
            }
            catch (final IOException ex)
            {
                LOG.debug("closing the receive descriptor failed", ex);
            }
        }
    }
}
