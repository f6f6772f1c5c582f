package io.softswitch.benchmarks.rtp;

import io.softswitch.rtp.internal.IoUring;
import io.softswitch.rtp.internal.LinuxNet;
import io.softswitch.rtp.internal.ProvidedBuffers;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The load generator's endpoints: one UDP socket on loopback per stream, all driven by one
 * {@code io_uring} from one thread. Sends are submitted in batches (one {@code io_uring_enter}
 * per tick of the sender); every socket has a multishot {@code recvmsg} into provided buffers, and
 * the kernel stamps each datagram as it reaches the socket ({@code SO_TIMESTAMPNS}).
 *
 * <p>Why: with a socket per stream and a reader asleep on them, every datagram a relay sends
 * wakes the reader inside the relay's own {@code sendto} (an inter-processor interrupt on this
 * virtual machine), and the reader's thread then competes for a core with the relay it measures.
 * Here the ring's completions are deferred to the generator's thread ({@code DEFER_TASKRUN}) and
 * it waits for its next send tick, not for datagrams: a relay's send to it costs what a send to a
 * remote host costs, and the latency is read from the kernel's arrival stamp, not from when the
 * generator got round to reading.
 * <pre>
 * receive buffer  0 io_uring_recvmsg_out (namelen, controllen, payloadlen, flags) | 16 cmsghdr (len u64,
 *                 level s32, type s32) | 32 timespec (sec, nsec) | 48 payload
 * payload         0 RTP header (12) | 12 send stamp, CLOCK_REALTIME ns (native order)
 * user_data       63..56 kind (1 receive, 2 send) | 32 set: the send was in the measured window | 31..0 stream
 * </pre>
 */
final class UringEndpoints implements AutoCloseable
{
    static final int PACKET_BYTES = 172;
    private static final int SOL_SOCKET = 1;
    private static final int SO_TIMESTAMPNS = 35;
    private static final int SQ_ENTRIES = 4096;
    private static final int CQ_ENTRIES = 16384;
    /** More completions than a tick produces: the thread wakes for its timeout, not for datagrams. */
    private static final int WAIT_FOR_TICK = CQ_ENTRIES / 4;
    private static final int BUFFERS = 8192;
    private static final int BUFFER_BYTES = 512;
    private static final int GROUP = 0;
    private static final int CONTROL_OFFSET = 16;
    private static final int CONTROL_BYTES = 32;
    private static final int PAYLOAD_OFFSET = CONTROL_OFFSET + CONTROL_BYTES;
    private static final int STAMP_OFFSET = 12;
    private static final int SLOT_BYTES = 192;
    private static final long KIND_RECEIVE = 1L << 56;
    private static final long KIND_SEND = 2L << 56;
    private static final long KIND_MASK = 0xFFL << 56;
    private static final long IN_WINDOW = 1L << 32;

    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle GETSOCKNAME;

    static
    {
        final Linker linker = Linker.nativeLinker();
        SETSOCKOPT = linker.downcallHandle(linker.defaultLookup().find("setsockopt").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        GETSOCKNAME = linker.downcallHandle(linker.defaultLookup().find("getsockname").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    /** What the endpoints hand over: each datagram received, each send the kernel refused. */
    interface Listener
    {
        /**
         * A datagram arrived.
         *
         * @param stampNs   the send stamp it carries (CLOCK_REALTIME).
         * @param arrivedNs when the kernel queued it on the socket (CLOCK_REALTIME).
         */
        void onReceived(long stampNs, long arrivedNs);

        /**
         * The kernel refused a send (a full socket buffer).
         *
         * @param inWindow whether the send was counted in the measured window.
         */
        void onSendRefused(boolean inWindow);
    }

    private final Arena arena = Arena.ofShared();
    private final LinuxNet net = new LinuxNet(arena);
    private final int[] fds;
    private final int[] ports;
    private final MemorySegment slots;
    private final MemorySegment destinations;
    private final IoUring uring;
    private final ProvidedBuffers buffers;
    private final MemorySegment received;
    private final long msghdr;
    private final int[] rearm;
    private int rearmCount;
    private long unreadable;

    /**
     * Opens the sockets and the ring (disabled until {@link #start} on the driving thread).
     *
     * @param streams sockets to open.
     */
    UringEndpoints(final int streams)
    {
        this.fds = new int[streams];
        this.ports = new int[streams];
        this.rearm = new int[streams];
        this.slots = arena.allocate((long)streams * SLOT_BYTES, 64);
        this.destinations = arena.allocate((long)streams * 16, 8);
        final MemorySegment local = arena.allocate(LinuxNet.SOCKADDR_SIZE, 8);
        final MemorySegment localLength = arena.allocate(JAVA_INT);
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < streams; i++)
        {
            final int length = LinuxNet.writeSockaddr(local, loopback, 0);
            fds[i] = net.openUdp(local, length, 256 * 1024);
            if (fds[i] < 0)
            {
                throw new IllegalStateException("socket errno=" + -fds[i]);
            }
            ports[i] = stampedPort(fds[i], local, localLength);
        }
        this.uring = IoUring.create(arena, SQ_ENTRIES, CQ_ENTRIES);
        this.buffers = new ProvidedBuffers(arena, BUFFERS, BUFFER_BYTES);
        this.received = buffers.memory();
        final int registered = buffers.register(uring, GROUP);
        if (registered < 0)
        {
            throw new IllegalStateException("io_uring buffer ring refused errno=" + -registered);
        }
        final MemorySegment header = arena.allocate(64, 8);
        header.set(JAVA_LONG, LinuxNet.MSG_NAME, 0L);
        header.set(JAVA_INT, LinuxNet.MSG_NAMELEN, 0);
        // msg_controllen: the room the kernel keeps for control data in each buffer.
        header.set(JAVA_LONG, 40, CONTROL_BYTES);
        this.msghdr = header.address();
    }

    /** Turns on arrival stamps and reads the port the kernel chose, into {@code address}. */
    private static int stampedPort(final int fd, final MemorySegment address, final MemorySegment length)
    {
        final int stamped;
        final int named;
        address.set(JAVA_INT, 0, 1);
        length.set(JAVA_INT, 0, LinuxNet.SOCKADDR_SIZE);
        try
        {
            stamped = (int)SETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_TIMESTAMPNS, address, 4);
            named = (int)GETSOCKNAME.invokeExact(fd, address, length);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
        if (stamped != 0 || named != 0)
        {
            throw new IllegalStateException("SO_TIMESTAMPNS or getsockname refused");
        }
        return LinuxNet.sockaddrPort(address);
    }

    /**
     * The local port of a stream's socket.
     *
     * @param stream which.
     * @return the port.
     */
    int port(final int stream)
    {
        return ports[stream];
    }

    /**
     * Where a stream sends: a port on loopback.
     *
     * @param stream which.
     * @param port   the destination port.
     */
    void destination(final int stream, final int port)
    {
        LinuxNet.writeSockaddr(destinations.asSlice((long)stream * 16, 16), InetAddress.getLoopbackAddress(), port);
    }

    /** Enables the ring on the calling thread, which drives it from then on, and arms every receive. */
    void start()
    {
        final int enabled = uring.enable();
        if (enabled < 0)
        {
            throw new IllegalStateException("io_uring enable refused errno=" + -enabled);
        }
        for (int stream = 0; stream < fds.length; stream++)
        {
            armReceive(stream);
        }
    }

    /**
     * Queues one RTP packet of a stream, stamped now; it leaves at the next {@link #submitAndWait}.
     *
     * @param stream   which.
     * @param seq      its sequence number.
     * @param stampNs  the send stamp (CLOCK_REALTIME).
     * @param inWindow whether it counts in the measured window (reported back when refused).
     */
    void queue(final int stream, final int seq, final long stampNs, final boolean inWindow)
    {
        final long slot = (long)stream * SLOT_BYTES;
        slots.set(JAVA_LONG, slot, 0L);
        slots.set(JAVA_SHORT, slot, (short)0x0880);
        slots.set(JAVA_SHORT, slot + 2, Short.reverseBytes((short)seq));
        slots.set(JAVA_INT, slot + 4, Integer.reverseBytes(seq * 160));
        slots.set(JAVA_INT, slot + 8, Integer.reverseBytes(stream));
        slots.set(JAVA_LONG_UNALIGNED, slot + STAMP_OFFSET, stampNs);
        uring.prepareSendTo(nextSqe(), fds[stream], slots.address() + slot, PACKET_BYTES,
            destinations.address() + (long)stream * 16, 16, KIND_SEND | (inWindow ? IN_WINDOW : 0) | stream);
    }

    /**
     * Submits what was queued and sleeps until the timeout (or until a great many datagrams are
     * waiting), then hands over what completed.
     *
     * @param timeoutNs how long to sleep, 0 not to.
     * @param listener  who hears of the datagrams and refusals.
     */
    void submitAndWait(final long timeoutNs, final Listener listener)
    {
        uring.enter(timeoutNs > 0 ? WAIT_FOR_TICK : 0, timeoutNs, 0);
        int ready = uring.ready();
        while (ready > 0)
        {
            for (int i = 0; i < ready; i++)
            {
                complete(uring.cqe(i), listener);
            }
            uring.consume(ready);
            ready = uring.ready();
        }
        buffers.publish();
        for (int i = 0; i < rearmCount; i++)
        {
            armReceive(rearm[i]);
        }
        rearmCount = 0;
    }

    private void complete(final long cqe, final Listener listener)
    {
        final long userData = uring.userData(cqe);
        final int flags = uring.flags(cqe);
        if ((userData & KIND_MASK) == KIND_SEND)
        {
            listener.onSendRefused((userData & IN_WINDOW) != 0);
            return;
        }
        if ((flags & IoUring.CQE_F_MORE) == 0)
        {
            rearm[rearmCount++] = (int)userData;
        }
        if ((flags & IoUring.CQE_F_BUFFER) == 0)
        {
            return;
        }
        final int id = flags >>> IoUring.CQE_BUFFER_SHIFT;
        final long base = buffers.offset(id);
        final int controlLength = received.get(JAVA_INT, base + 4);
        final int payloadLength = received.get(JAVA_INT, base + 8);
        if (uring.result(cqe) >= PAYLOAD_OFFSET && payloadLength == PACKET_BYTES && controlLength >= CONTROL_BYTES
            && received.get(JAVA_INT, base + CONTROL_OFFSET + 8) == SOL_SOCKET
            && received.get(JAVA_INT, base + CONTROL_OFFSET + 12) == SO_TIMESTAMPNS)
        {
            final long arrivedNs = received.get(JAVA_LONG, base + CONTROL_OFFSET + 16) * 1_000_000_000L
                + received.get(JAVA_LONG, base + CONTROL_OFFSET + 24);
            listener.onReceived(received.get(JAVA_LONG_UNALIGNED, base + PAYLOAD_OFFSET + STAMP_OFFSET), arrivedNs);
        }
        else
        {
            unreadable++;
        }
        buffers.recycle(id);
    }

    /**
     * Datagrams received that were not one of the generator's packets with an arrival stamp.
     *
     * @return the count.
     */
    long unreadable()
    {
        return unreadable;
    }

    private void armReceive(final int stream)
    {
        uring.prepareRecvMsgMultishot(nextSqe(), fds[stream], msghdr, GROUP, KIND_RECEIVE | stream);
    }

    private long nextSqe()
    {
        long sqe = uring.nextSqe();
        if (sqe < 0)
        {
            uring.enter(0, 0, 0);
            sqe = uring.nextSqe();
        }
        return sqe;
    }

    @Override
    public void close()
    {
        uring.close();
        for (final int fd : fds)
        {
            net.close(fd);
        }
        arena.close();
    }
}
