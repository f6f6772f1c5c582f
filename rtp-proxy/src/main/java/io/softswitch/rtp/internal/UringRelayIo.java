package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code io_uring} backend of a relay thread: one ring, a multishot {@code recvmsg} armed on
 * every socket of the thread's streams, receiving into a ring of provided buffers, and each
 * relayed datagram sent as a {@code send}-to entry straight from the buffer it arrived in. A turn
 * is one {@code io_uring_enter}: it submits the sends of the turn before, then waits for the next
 * datagrams (or the conductor's wake-up, a multishot poll on the eventfd). At a few hundred
 * calls, where each datagram arrives alone on its own socket, that replaces the epoll backend's
 * {@code epoll_wait}, {@code recvmmsg} and {@code sendmmsg} per datagram with one system call per
 * wake-up.
 *
 * <p>With coalescing ({@code coalesceUs}) and a kernel that has the minimum-wait window (6.12), a
 * turn waits for up to 64 completions but returns once the window has passed with any: the kernel
 * holds the wake-up, not a sleep of ours, so a quiet relay still wakes at the first datagram. The
 * window is the {@link CoalescingWindow}'s: the configured interval, shorter when the rate fills a
 * batch sooner.
 *
 * <p>A buffer goes back to the kernel when its datagram is dropped, or once the {@code enter} that
 * submitted its send returned (sends never wait: done or refused inside the call). Each completion
 * carries its stream's slot, socket and generation, so that late completions of a closed stream
 * are recognised and only their buffers recycled.
 * <pre>
 * user_data   63..56 kind (1 receive, 2 send, 3 wake) | 55..32 generation | 31..0 slot << 2 | socket
 * buffer      0 io_uring_recvmsg_out (namelen, controllen, payloadlen, flags) | 16 source sockaddr (32) | 48 payload
 * </pre>
 */
final class UringRelayIo implements RelayIo
{
    static final int BUFFERS = 2048;
    static final int BUFFER_BYTES = 2048;
    static final int SQ_ENTRIES = 4096;
    static final int CQ_ENTRIES = 8192;
    static final int COALESCED_WAIT = 64;
    private static final int GROUP = 0;
    private static final int NAME_BYTES = 32;
    private static final int NAME_OFFSET = 16;
    private static final int PAYLOAD_OFFSET = NAME_OFFSET + NAME_BYTES;
    private static final long KIND_RECEIVE = 1L << 56;
    private static final long KIND_SEND = 2L << 56;
    private static final long KIND_WAKE = 3L << 56;
    private static final long KIND_MASK = 0xFFL << 56;

    private final IoUring uring;
    private final ProvidedBuffers buffers;
    private final LinuxNet net;
    private final int wakeFd;
    private final RelayStreams streams;
    private final long addressesAddress;
    private final PacketForwarder forwarder;
    /** The msghdr the multishot receives take msg_namelen from. */
    private final long msghdr;
    private final long minWaitUs;
    /** The kernel's minimum-wait window of the next turn, from the {@link CoalescingWindow}. */
    private final CoalescingWindow window;
    private long nextMinWaitUs;
    /**
     * Coalescing asked for on a kernel without the minimum-wait window: the thread sleeps between
     * turns, so a turn's sends must not wait for the next one.
     */
    private final boolean submitEachTurn;
    /** Buffers whose datagram was queued for sending: back to the kernel once the send was submitted. */
    private final int[] sending = new int[BUFFERS];
    private int sendingCount;
    /** Receives the kernel ended (no buffer left, an error): armed again at the end of the turn. */
    private final long[] rearm;
    private int rearmCount;
    private boolean wakeArmed;
    private boolean enabled;
    private long sendDrops;
    private long noBuffers;

    UringRelayIo(final Arena arena, final LinuxNet net, final RelayStreams streams, final MemorySegment addresses,
        final long learnWindowNs, final int wakeFd, final int capacity, final long coalesceUs)
    {
        this.uring = IoUring.create(arena, SQ_ENTRIES, CQ_ENTRIES);
        this.buffers = new ProvidedBuffers(arena, BUFFERS, BUFFER_BYTES);
        final int registered = buffers.register(uring, GROUP);
        if (registered < 0)
        {
            uring.close();
            throw new IllegalStateException("io_uring buffer ring refused errno=" + -registered);
        }
        this.net = net;
        this.wakeFd = wakeFd;
        this.streams = streams;
        this.addressesAddress = addresses.address();
        this.forwarder = new PacketForwarder(buffers.buffers, buffers.buffers, addresses, learnWindowNs);
        final MemorySegment header = arena.allocate(64, 8);
        final MemorySegment name = arena.allocate(NAME_BYTES, 8);
        header.set(JAVA_LONG, LinuxNet.MSG_NAME, name.address());
        header.set(JAVA_INT, LinuxNet.MSG_NAMELEN, NAME_BYTES);
        this.msghdr = header.address();
        this.minWaitUs = (uring.features() & IoUring.FEAT_MIN_TIMEOUT) != 0 ? coalesceUs : 0;
        this.submitEachTurn = coalesceUs > 0 && minWaitUs == 0;
        this.window = new CoalescingWindow(minWaitUs * 1_000L);
        this.nextMinWaitUs = minWaitUs;
        this.rearm = new long[capacity * 4 + 1];
    }

    private void enableOnOwnerThread()
    {
        if (!enabled)
        {
            final int result = uring.enable();
            if (result < 0)
            {
                throw new IllegalStateException("io_uring enable refused errno=" + -result);
            }
            enabled = true;
            armWake();
        }
    }

    @Override
    public void watch(final RelayStream stream)
    {
        enableOnOwnerThread();
        stream.generation++;
        for (int socket = 0; socket < 4; socket++)
        {
            armReceive(stream, socket);
        }
    }

    @Override
    public void unwatch(final RelayStream stream)
    {
        enableOnOwnerThread();
        // Submit first: a receive still queued in the submission ring could not be cancelled.
        submitNow();
        for (int socket = 0; socket < 4; socket++)
        {
            uring.cancelAll(stream.fds[socket]);
        }
    }

    @Override
    public void await(final int waitMs)
    {
        enableOnOwnerThread();
        final int minComplete = waitMs == 0 ? 0 : nextMinWaitUs > 0 ? COALESCED_WAIT : 1;
        uring.enter(minComplete, waitMs * 1_000_000L, nextMinWaitUs);
        recycleSent();
    }

    @Override
    public int relay(final long nowNs)
    {
        int received = 0;
        int ready = uring.ready();
        while (ready > 0)
        {
            for (int i = 0; i < ready; i++)
            {
                received += complete(uring.cqe(i), nowNs);
            }
            uring.consume(ready);
            ready = uring.ready();
        }
        buffers.publish();
        for (int i = 0; i < rearmCount; i++)
        {
            final long userData = rearm[i];
            final RelayStream stream = streams.bySlot((int)userData >>> 2);
            if (stream.active && generation(userData) == (stream.generation & 0xFFFFFF))
            {
                armReceive(stream, (int)userData & 3);
            }
        }
        rearmCount = 0;
        if (!wakeArmed)
        {
            armWake();
        }
        if (submitEachTurn && sendingCount > 0)
        {
            submitNow();
        }
        nextMinWaitUs = window.next(nowNs, received) / 1_000L;
        return received;
    }

    private int complete(final long cqe, final long nowNs)
    {
        final long userData = uring.userData(cqe);
        final int result = uring.result(cqe);
        final int flags = uring.flags(cqe);
        final long kind = userData & KIND_MASK;
        if (kind == KIND_SEND)
        {
            // Only a refused send completes: a full socket buffer, the datagram is lost, counted.
            sendDrops++;
            return 0;
        }
        if (kind == KIND_WAKE)
        {
            net.drainSignal(wakeFd);
            wakeArmed = (flags & IoUring.CQE_F_MORE) != 0;
            return 0;
        }
        final RelayStream stream = streams.bySlot((int)userData >>> 2);
        final boolean current = stream.active && generation(userData) == (stream.generation & 0xFFFFFF);
        if ((flags & IoUring.CQE_F_MORE) == 0 && current && result != -IoUring.ECANCELED)
        {
            if (result == -IoUring.ENOBUFS)
            {
                noBuffers++;
            }
            rearm[rearmCount++] = userData;
        }
        if ((flags & IoUring.CQE_F_BUFFER) == 0)
        {
            return 0;
        }
        final int id = flags >>> IoUring.CQE_BUFFER_SHIFT;
        if (!current || result < PAYLOAD_OFFSET)
        {
            buffers.recycle(id);
            return 0;
        }
        final int socket = (int)userData & 3;
        final int side = socket >> 1;
        final long base = buffers.offset(id);
        final int length = Math.min(buffers.buffers.get(JAVA_INT, base + 8), BUFFER_BYTES - PAYLOAD_OFFSET);
        final long to = forwarder.forward(stream, side, socket & 1, base + NAME_OFFSET, base + PAYLOAD_OFFSET, length,
            nowNs);
        if (to == PacketForwarder.NOWHERE)
        {
            buffers.recycle(id);
            return 1;
        }
        final int other = 1 - side;
        final long sqe = nextSqe();
        uring.prepareSendTo(sqe, stream.fds[other * 2 + ((int)to & 1)], buffers.buffersAddress + base + PAYLOAD_OFFSET,
            length, addressesAddress + (to >>> 1), stream.announcedLength[other] == 16 ? LinuxNet.SOCKADDR_SIZE : 16,
            KIND_SEND);
        sending[sendingCount++] = id;
        return 1;
    }

    private static int generation(final long userData)
    {
        return (int)(userData >>> 32) & 0xFFFFFF;
    }

    private void armReceive(final RelayStream stream, final int socket)
    {
        final long sqe = nextSqe();
        uring.prepareRecvMsgMultishot(sqe, stream.fds[socket], msghdr, GROUP,
            KIND_RECEIVE | (long)(stream.generation & 0xFFFFFF) << 32 | ((long)stream.slot << 2 | socket));
    }

    private void armWake()
    {
        uring.preparePollMultishot(nextSqe(), wakeFd, KIND_WAKE);
        wakeArmed = true;
    }

    private long nextSqe()
    {
        long sqe = uring.nextSqe();
        if (sqe < 0)
        {
            submitNow();
            sqe = uring.nextSqe();
        }
        return sqe;
    }

    /** Submits what is queued without waiting, and gives back the buffers whose sends went. */
    private void submitNow()
    {
        uring.enter(0, 0, 0);
        recycleSent();
        buffers.publish();
    }

    private void recycleSent()
    {
        if (uring.pending() != 0)
        {
            return;
        }
        for (int i = 0; i < sendingCount; i++)
        {
            buffers.recycle(sending[i]);
        }
        sendingCount = 0;
    }

    @Override
    public boolean coalesces()
    {
        return minWaitUs > 0;
    }

    @Override
    public long sendDrops()
    {
        return sendDrops;
    }

    @Override
    public long malformed()
    {
        return forwarder.malformed();
    }

    /**
     * Receives the kernel ended for want of a free buffer (each re-armed at once).
     *
     * @return the count.
     */
    long noBuffers()
    {
        return noBuffers;
    }

    @Override
    public void close()
    {
        uring.close();
    }
}
