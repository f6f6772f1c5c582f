package io.softswitch.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: a relay without threads on a manual clock, endpoints as plain UDP sockets on
 * loopback, and a listener that keeps what the relay reported.
 */
final class RelayLoopback implements AutoCloseable, MediaListener
{
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    long nowNs = 1_000_000_000L;
    final MediaRelay relay;
    final List<long[]> events = new ArrayList<>();
    final List<long[]> reports = new ArrayList<>();
    private final List<DatagramSocket> sockets = new ArrayList<>();

    RelayLoopback(final RelayConfig config)
    {
        IoUringSupport.assumeAvailable(config.io());
        this.relay = MediaRelay.manual(config, () -> nowNs);
        if (relay.relayThreadIo(0) != config.io())
        {
            relay.close();
            throw new IllegalStateException("relay thread runs " + relay.relayThreadIo(0) + ", not " + config.io());
        }
    }

    /** A config on loopback with a random range of the given pairs, timeouts as stated. */
    static RelayConfig config(final int pairs, final long quarantineMs, final long mediaMs, final long holdMs,
        final long oneWayMs, final long learnMs)
    {
        final int base = FreePortRange.base(2 * pairs);
        return RelayConfig.defaults().withPorts(base, base + 2 * pairs - 1)
            .withTimeouts(quarantineMs, mediaMs, holdMs, oneWayMs, learnMs).withSizes(1, 64, 0);
    }

    /** The loop most tests use: 8 pairs, 4 s quarantine, 60 s media timeout, 10 min on hold, no one-way, 2 s learning. */
    static RelayLoopback standard(final MediaIo io)
    {
        return new RelayLoopback(config(8, 4_000, 60_000, 600_000, 0, 2_000).withIo(io));
    }

    /**
     * Anchors a call's one stream between two endpoints, RTP and RTCP on separate ports.
     *
     * @return the offer, whose local ports are where each side sends.
     */
    AnchorRequest anchorCall(final long callRef, final DatagramSocket a, final DatagramSocket b)
    {
        final AnchorRequest offer = side(callRef, 0, a, false);
        relay.anchor(offer);
        relay.anchor(side(callRef, 1, b, false));
        return offer;
    }

    DatagramSocket endpoint() throws IOException
    {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        socket.setSoTimeout(2);
        sockets.add(socket);
        return socket;
    }

    AnchorRequest side(final long callRef, final int side, final DatagramSocket rtp, final boolean mux)
    {
        final AnchorRequest request = new AnchorRequest().stream(callRef, 0, side)
            .media(LOOPBACK, rtp.getLocalPort(), mux ? 0 : rtp.getLocalPort() + 1, mux)
            .codec(MediaDirection.SENDRECV, 0, 8000);
        return request;
    }

    static byte[] rtp(final int seq, final long timestamp, final long ssrc)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(172);
        buffer.put((byte)0x80).put((byte)0).putShort((short)seq).putInt((int)timestamp).putInt((int)ssrc);
        while (buffer.hasRemaining())
        {
            buffer.put((byte)0xD5);
        }
        return buffer.array();
    }

    static byte[] receiverReport(final int fractionLost, final int jitter)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(32);
        buffer.put((byte)0x81).put((byte)201).putShort((short)7).putInt(0x1111).putInt(0x2222)
            .putInt((fractionLost << 24) | 3).putInt(500).putInt(jitter).putInt(0).putInt(0);
        return buffer.array();
    }

    static void send(final DatagramSocket from, final byte[] bytes, final int toPort) throws IOException
    {
        from.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(LOOPBACK, toPort)));
    }

    /** Runs relay cycles until {@code to} receives a datagram, or about a second passes. */
    DatagramPacket await(final DatagramSocket to) throws IOException
    {
        final DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        final long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            relay.runWorkerCycle(0, 1);
            try
            {
                to.receive(packet);
                return packet;
            }
            catch (final SocketTimeoutException ex)
            {
                // nothing yet
            }
        }
        return null;
    }

    /** Sends {@code bytes} from {@code from} to the relay's {@code port}: did {@code to} receive them? */
    boolean relayed(final DatagramSocket from, final byte[] bytes, final int port, final DatagramSocket to)
        throws IOException
    {
        send(from, bytes, port);
        return await(to) != null;
    }

    /** Sends {@code bytes} from {@code from} to the relay's {@code port}: did {@code to} receive nothing? */
    boolean relayedNothing(final DatagramSocket from, final byte[] bytes, final int port, final DatagramSocket to)
        throws IOException
    {
        send(from, bytes, port);
        return receivesNothing(to);
    }

    /** Runs relay cycles for a while and says whether {@code to} received anything. */
    boolean receivesNothing(final DatagramSocket to) throws IOException
    {
        final DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        for (int i = 0; i < 50; i++)
        {
            relay.runWorkerCycle(0, 1);
            try
            {
                to.receive(packet);
                return false;
            }
            catch (final SocketTimeoutException ex)
            {
                // still nothing, as it should be
            }
        }
        return true;
    }

    void cycle()
    {
        relay.runWorkerCycle(0, 0);
        relay.poll(this);
    }

    void advanceMs(final long ms)
    {
        nowNs += ms * 1_000_000L;
    }

    /** Moves the clock on, then runs one cycle and takes what the relay reported. */
    void cycleAfterMs(final long ms)
    {
        advanceMs(ms);
        cycle();
    }

    @Override
    public void onMediaEvent(final long callRef, final int mediaIndex, final int type, final int side)
    {
        events.add(new long[] {callRef, mediaIndex, type, side});
    }

    @Override
    public void onStreamReport(final StreamReport report)
    {
        reports.add(new long[] {report.callRef(), report.kind(), report.packets(0), report.packets(1),
            report.sprayed(0), report.sprayed(1), report.lost(0), report.mosX100(0), report.reportedFractionLost(1),
            report.reportedFractionLost(0)});
    }

    @Override
    public void close()
    {
        for (final DatagramSocket socket : sockets)
        {
            socket.close();
        }
        relay.close();
    }
}
