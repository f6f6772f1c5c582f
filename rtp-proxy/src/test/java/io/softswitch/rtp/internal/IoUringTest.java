package io.softswitch.rtp.internal;

import io.softswitch.rtp.FreePortRange;
import io.softswitch.rtp.IoUringSupport;
import io.softswitch.rtp.MediaIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The io_uring binding against the kernel, on loopback: multishot {@code recvmsg} into provided
 * buffers (payload and source address where the layout says), {@code send} to a destination,
 * multishot poll, a refused send reported, and a synchronous cancel that ends a multishot receive.
 */
class IoUringTest
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int NAME_BYTES = 32;
    private static final int PAYLOAD = 16 + NAME_BYTES;

    private Arena arena;
    private LinuxNet net;
    private IoUring uring;
    private ProvidedBuffers buffers;
    private MemorySegment msghdr;
    private final List<Integer> fds = new ArrayList<>();

    @BeforeEach
    void open()
    {
        IoUringSupport.assumeAvailable(MediaIo.IO_URING);
        arena = Arena.ofConfined();
        net = new LinuxNet(arena);
        uring = IoUring.create(arena, 64, 256);
        assertThat(uring.enable()).isZero();
        buffers = new ProvidedBuffers(arena, 16, 512);
        assertThat(buffers.register(uring, 3)).isZero();
        msghdr = arena.allocate(64, 8);
        msghdr.set(JAVA_LONG, LinuxNet.MSG_NAME, arena.allocate(NAME_BYTES, 8).address());
        msghdr.set(JAVA_INT, LinuxNet.MSG_NAMELEN, NAME_BYTES);
    }

    @AfterEach
    void close()
    {
        if (uring == null)
        {
            return;
        }
        uring.close();
        for (final int fd : fds)
        {
            net.close(fd);
        }
        arena.close();
    }

    private int[] udp()
    {
        final int port = FreePortRange.base(2);
        final MemorySegment address = arena.allocate(LinuxNet.SOCKADDR_SIZE, 8);
        final int length = LinuxNet.writeSockaddr(address, LOOPBACK, port);
        final int fd = net.openUdp(address, length, 0);
        assertThat(fd).as("socket").isPositive();
        fds.add(fd);
        return new int[] {fd, port};
    }

    /** Waits (bounded) until at least {@code count} completions are ready. */
    private int await(final int count)
    {
        final long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (uring.ready() < count && System.nanoTime() - deadlineNs < 0)
        {
            uring.enter(count - uring.ready(), 100_000_000L, 0);
        }
        return uring.ready();
    }

    @Test
    void shouldReceiveEachDatagramWithItsSourceIntoAProvidedBufferAndStayArmed() throws IOException
    {
        final int[] socket = udp();
        uring.prepareRecvMsgMultishot(uring.nextSqe(), socket[0], msghdr.address(), 3, 77L);
        uring.enter(0, 0, 0);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            for (int i = 0; i < 3; i++)
            {
                final byte[] payload = ("datagram-" + i).getBytes(StandardCharsets.US_ASCII);
                peer.send(new DatagramPacket(payload, payload.length, LOOPBACK, socket[1]));
            }
            assertThat(await(3)).isEqualTo(3);
            for (int i = 0; i < 3; i++)
            {
                final long cqe = uring.cqe(i);
                assertThat(uring.userData(cqe)).isEqualTo(77L);
                final int flags = uring.flags(cqe);
                assertThat(flags & IoUring.CQE_F_BUFFER).as("names a buffer").isNotZero();
                assertThat(flags & IoUring.CQE_F_MORE).as("stays armed").isNotZero();
                final long base = buffers.offset(flags >>> IoUring.CQE_BUFFER_SHIFT);
                final int payloadBytes = buffers.buffers.get(JAVA_INT, base + 8);
                assertThat(uring.result(cqe)).isEqualTo(PAYLOAD + payloadBytes);
                final byte[] received = buffers.buffers.asSlice(base + PAYLOAD, payloadBytes)
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                assertThat(new String(received, StandardCharsets.US_ASCII)).isEqualTo("datagram-" + i);
                assertThat(LinuxNet.readSockaddr(buffers.buffers.asSlice(base + 16, NAME_BYTES)))
                    .isEqualTo(new InetSocketAddress(LOOPBACK, peer.getLocalPort()));
            }
            uring.consume(3);
        }
    }

    @Test
    void shouldSendToTheGivenDestinationSilentlyOnSuccess() throws IOException
    {
        final int[] socket = udp();
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            peer.setSoTimeout(5_000);
            final MemorySegment destination = arena.allocate(LinuxNet.SOCKADDR_SIZE, 8);
            final int destinationLength = LinuxNet.writeSockaddr(destination, LOOPBACK, peer.getLocalPort());
            final MemorySegment payload = arena.allocate(5);
            payload.copyFrom(MemorySegment.ofArray("hello".getBytes(StandardCharsets.US_ASCII)));
            uring.prepareSendTo(uring.nextSqe(), socket[0], payload.address(), 5, destination.address(),
                destinationLength, 9L);
            assertThat(uring.enter(0, 0, 0)).as("submitted").isEqualTo(1);
            assertThat(uring.pending()).isZero();
            final DatagramPacket in = new DatagramPacket(new byte[64], 64);
            peer.receive(in);
            assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(in.getPort()).isEqualTo(socket[1]);
            assertThat(uring.ready()).as("no completion for a send that went").isZero();
        }
    }

    @Test
    void shouldReportASendThatTheSocketRefused()
    {
        final int[] socket = udp();
        final MemorySegment nowhere = arena.allocate(LinuxNet.SOCKADDR_SIZE, 8);
        // Port 0 is no destination: the kernel refuses the datagram at once.
        final int length = LinuxNet.writeSockaddr(nowhere, LOOPBACK, 0);
        final MemorySegment payload = arena.allocate(4);
        uring.prepareSendTo(uring.nextSqe(), socket[0], payload.address(), 4, nowhere.address(), length, 5L);
        uring.enter(0, 0, 0);
        assertThat(await(1)).isEqualTo(1);
        assertThat(uring.userData(uring.cqe(0))).isEqualTo(5L);
        assertThat(uring.result(uring.cqe(0))).isNegative();
        uring.consume(1);
    }

    @Test
    void shouldCompleteAMultishotPollEachTimeAnEventfdIsSignalled()
    {
        final int wake = net.eventFd();
        fds.add(wake);
        uring.preparePollMultishot(uring.nextSqe(), wake, 11L);
        uring.enter(0, 0, 0);
        for (int round = 0; round < 2; round++)
        {
            net.signal(wake);
            assertThat(await(1)).isEqualTo(1);
            assertThat(uring.userData(uring.cqe(0))).isEqualTo(11L);
            assertThat(uring.flags(uring.cqe(0)) & IoUring.CQE_F_MORE).isNotZero();
            uring.consume(1);
            net.drainSignal(wake);
        }
    }

    @Test
    void shouldEndAMultishotReceiveWhenItsSocketIsCancelled()
    {
        final int[] socket = udp();
        uring.prepareRecvMsgMultishot(uring.nextSqe(), socket[0], msghdr.address(), 3, 21L);
        uring.enter(0, 0, 0);
        assertThat(uring.cancelAll(socket[0])).as("cancelled").isEqualTo(1);
        assertThat(await(1)).isEqualTo(1);
        final long cqe = uring.cqe(0);
        assertThat(uring.userData(cqe)).isEqualTo(21L);
        assertThat(uring.result(cqe)).isEqualTo(-IoUring.ECANCELED);
        assertThat(uring.flags(cqe) & IoUring.CQE_F_MORE).as("ended").isZero();
        uring.consume(1);
        assertThat(uring.cancelAll(socket[0])).as("nothing left on the socket").isZero();
        // The ring holds no reference any more: once closed, the port is free for the next stream.
        net.close(socket[0]);
        fds.remove(Integer.valueOf(socket[0]));
        final MemorySegment address = arena.allocate(LinuxNet.SOCKADDR_SIZE, 8);
        final int again = net.openUdp(address, LinuxNet.writeSockaddr(address, LOOPBACK, socket[1]), 0);
        assertThat(again).as("the same port bound again").isPositive();
        fds.add(again);
    }

    @Test
    void shouldEndAMultishotReceiveWhenNoBufferIsLeft() throws IOException
    {
        final int[] socket = udp();
        uring.prepareRecvMsgMultishot(uring.nextSqe(), socket[0], msghdr.address(), 3, 1L);
        uring.enter(0, 0, 0);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final byte[] payload = new byte[8];
            for (int i = 0; i < 17; i++)
            {
                peer.send(new DatagramPacket(payload, payload.length, LOOPBACK, socket[1]));
            }
            assertThat(await(17)).isEqualTo(17);
            final long last = uring.cqe(16);
            assertThat(uring.result(last)).isEqualTo(-IoUring.ENOBUFS);
            assertThat(uring.flags(last) & IoUring.CQE_F_MORE).isZero();
            uring.consume(17);
        }
    }
}
