package io.softswitch.rtp.internal;

import java.lang.foreign.MemorySegment;

/**
 * What a relay thread does with one received datagram, whichever way it was received: accept its
 * source or not ({@link SourceLatch}), read and count it (RTP statistics, RTCP reports), and say
 * where it goes. The I/O backends ({@link EpollRelayIo}, {@link UringRelayIo}) receive and send;
 * this class decides, so that both relay exactly alike.
 *
 * <p>The answer is one {@code long}: {@link #NOWHERE} when the datagram is dropped (sprayed,
 * malformed, or nowhere to send it; each counted), else the destination's offset in the thread's
 * address memory shifted left by one, with the far side's socket (0 RTP, 1 RTCP) in the low bit.
 * Allocates nothing.
 */
final class PacketForwarder
{
    /** The datagram goes nowhere. */
    static final long NOWHERE = -1L;

    private final MemorySegment buffers;
    private final SourceLatch latch;
    private final RtpPacket packet = new RtpPacket();
    private long malformed;

    /**
     * Creates the forwarder of one relay thread.
     *
     * @param buffers       where received datagrams are (offsets below are into it).
     * @param names         where their source addresses are.
     * @param addresses     the thread's address memory (announced and latched addresses).
     * @param learnWindowNs the latching window.
     */
    PacketForwarder(final MemorySegment buffers, final MemorySegment names, final MemorySegment addresses,
        final long learnWindowNs)
    {
        this.buffers = buffers;
        this.latch = new SourceLatch(names, addresses, learnWindowNs);
    }

    /**
     * Decides one datagram's fate and counts it.
     *
     * @param stream       the stream of the socket it arrived on.
     * @param side         the side it came from.
     * @param rtcpSocket   1 when it arrived on that side's RTCP socket.
     * @param nameOffset   offset of its source address in the names memory.
     * @param bufferOffset offset of its first byte in the buffers memory.
     * @param length       its bytes.
     * @param nowNs        the clock of this turn.
     * @return {@link #NOWHERE}, or {@code destinationOffset << 1 | outSocket}.
     */
    long forward(final RelayStream stream, final int side, final int rtcpSocket, final long nameOffset,
        final long bufferOffset, final int length, final long nowNs)
    {
        final StreamStats stats = stream.stats[side];
        if (!latch.accept(stream, side * 2 + rtcpSocket, nameOffset, nowNs))
        {
            stats.sprayed++;
            return NOWHERE;
        }
        final int other = 1 - side;
        if (stream.opaque)
        {
            stream.lastPacketNs[side] = nowNs;
            stats.packets++;
            stats.bytes += length;
            return destination(stream, other, rtcpSocket);
        }
        packet.wrap(buffers, bufferOffset);
        if (!packet.isVersion2(length))
        {
            malformed++;
            return NOWHERE;
        }
        stream.lastPacketNs[side] = nowNs;
        final int rtcp = rtcpSocket == 1 || packet.isRtcp() ? 1 : 0;
        if (rtcp == 1)
        {
            stats.rtcpPackets++;
            StreamStats.onRtcp(packet, length, stream.stats[other]);
        }
        else if (length >= RtpPacket.HEADER_LENGTH)
        {
            stats.onRtp(length, packet.payloadType(), packet.sequence(), packet.timestamp(), packet.ssrc(),
                nowNs / 1000L, nowNs);
        }
        else
        {
            malformed++;
            return NOWHERE;
        }
        return destination(stream, other, stream.mux[other] ? 0 : rtcp);
    }

    private static long destination(final RelayStream stream, final int to, final int out)
    {
        final long destination = SourceLatch.destination(stream, to, out);
        if (destination < 0)
        {
            stream.stats[1 - to].undeliverable++;
            return NOWHERE;
        }
        return destination << 1 | out;
    }

    /**
     * Datagrams that were neither RTP nor RTCP version 2.
     *
     * @return the count.
     */
    long malformed()
    {
        return malformed;
    }
}
