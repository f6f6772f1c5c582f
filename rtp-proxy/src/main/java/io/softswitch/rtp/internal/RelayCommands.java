package io.softswitch.rtp.internal;

import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.MediaDirection;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The conductor's side of one relay thread's command ring (the Aeron "proxy" shape): each method
 * writes one command in place and returns false when the ring is full, so the caller refuses or
 * retries; {@link #wake} then gets the thread out of epoll. Layouts in {@link RelayMessages}.
 */
public final class RelayCommands
{
    /** Report type: a stream closed; its ports and sockets can be released. */
    public static final int CLOSED = RelayMessages.CLOSED;
    /** Report type: statistics in reply to a query. */
    public static final int REPORT = RelayMessages.REPORT;
    /** Report type: a media event. */
    public static final int EVENT = RelayMessages.EVENT;
    /** Where the stream report starts in a CLOSED message. */
    public static final int CLOSED_REPORT = RelayMessages.CLOSED_REPORT;

    private final RingBuffer ring;
    private final LinuxNet net;
    private final int wakeFd;

    /**
     * Creates the proxy of one relay thread.
     *
     * @param ring   the thread's command ring.
     * @param net    the conductor's system calls.
     * @param wakeFd the thread's eventfd.
     */
    public RelayCommands(final RingBuffer ring, final LinuxNet net, final int wakeFd)
    {
        this.ring = ring;
        this.net = net;
        this.wakeFd = wakeFd;
    }

    /**
     * Opens a stream on the thread.
     *
     * @param slot        the thread's slot.
     * @param callRef     the call.
     * @param mediaIndex  the media line.
     * @param fds         sockets: RTP and RTCP of side 0, then of side 1.
     * @param fdsAt       where the four start in {@code fds}.
     * @param clockRateHz the codec's RTP clock.
     * @return false when the ring is full.
     */
    public boolean open(final int slot, final long callRef, final int mediaIndex, final int[] fds, final int fdsAt,
        final int clockRateHz)
    {
        final int at = ring.tryClaim(RelayMessages.OPEN, RelayMessages.OPEN_LENGTH);
        if (at < 0)
        {
            return false;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putInt(at, slot);
        buffer.putInt(at + 4, mediaIndex);
        buffer.putLong(at + 8, callRef);
        for (int k = 0; k < 4; k++)
        {
            buffer.putInt(at + 16 + 4 * k, fds[fdsAt + k]);
        }
        buffer.putInt(at + 32, clockRateHz);
        ring.commit(at);
        return true;
    }

    /**
     * Tells the thread where a side receives.
     *
     * @param slot    the thread's slot.
     * @param request the side's description.
     * @param changed whether the address or ports differ from the last ones (learn again).
     * @return false when the ring is full.
     */
    public boolean update(final int slot, final AnchorRequest request, final boolean changed)
    {
        final int at = ring.tryClaim(RelayMessages.UPDATE, RelayMessages.UPDATE_LENGTH);
        if (at < 0)
        {
            return false;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        final boolean hasAddress = request.addressLength() > 0 && !request.isNullAddress();
        buffer.putInt(at, slot);
        buffer.putInt(at + 4, request.side());
        buffer.putInt(at + 8, request.rtcpMux() ? 1 : 0);
        buffer.putInt(at + 12, request.direction() != MediaDirection.SENDRECV || !hasAddress ? 1 : 0);
        buffer.putInt(at + 16, request.payloadType());
        buffer.putInt(at + 20, request.clockRateHz());
        buffer.putInt(at + 24, hasAddress ? 1 : 0);
        buffer.putInt(at + 28, changed ? 1 : 0);
        buffer.putInt(at + RelayMessages.UPDATE_ANY_SOURCE, !hasAddress || behindNat(request) ? 1 : 0);
        buffer.setMemory(at + RelayMessages.UPDATE_RTP_ADDRESS, 64, (byte)0);
        if (hasAddress)
        {
            sockaddr(buffer, at + RelayMessages.UPDATE_RTP_ADDRESS, request, request.rtpPort());
            sockaddr(buffer, at + RelayMessages.UPDATE_RTCP_ADDRESS, request,
                request.rtcpMux() ? request.rtpPort() : request.rtcpPort());
        }
        ring.commit(at);
        return true;
    }

    /**
     * Whether a side announced an address that cannot be where its packets come from: a private
     * (RFC 1918), shared (RFC 6598) or unique local (RFC 4193) address sits behind NAT, so its
     * real source may be any address.
     */
    static boolean behindNat(final AnchorRequest request)
    {
        final byte[] a = request.address();
        if (request.isIpv6())
        {
            return (a[0] & 0xFE) == 0xFC;
        }
        final int first = a[0] & 0xFF;
        final int second = a[1] & 0xFF;
        return first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
            || (first == 100 && second >= 64 && second <= 127);
    }

    private static void sockaddr(final MutableDirectBuffer buffer, final int at, final AnchorRequest request, final int port)
    {
        final boolean v6 = request.isIpv6();
        // sa_family in host order (little-endian on the platforms we run on), port in network order.
        buffer.putShort(at, v6 ? LinuxNet.AF_INET6 : LinuxNet.AF_INET, java.nio.ByteOrder.nativeOrder());
        buffer.putByte(at + 2, (byte)(port >>> 8));
        buffer.putByte(at + 3, (byte)port);
        buffer.putBytes(at + (v6 ? 8 : 4), request.address(), 0, request.addressLength());
    }

    /**
     * Closes a stream on the thread.
     *
     * @param slot the thread's slot.
     * @return false when the ring is full.
     */
    public boolean close(final int slot)
    {
        final int at = ring.tryClaim(RelayMessages.CLOSE, RelayMessages.CLOSE_LENGTH);
        if (at < 0)
        {
            return false;
        }
        ring.buffer().putInt(at, slot);
        ring.commit(at);
        return true;
    }

    /**
     * Asks a stream's statistics.
     *
     * @param slot          the thread's slot.
     * @param correlationId returned in the report.
     * @return false when the ring is full.
     */
    public boolean query(final int slot, final long correlationId)
    {
        final int at = ring.tryClaim(RelayMessages.QUERY, RelayMessages.QUERY_LENGTH);
        if (at < 0)
        {
            return false;
        }
        ring.buffer().putInt(at, slot);
        ring.buffer().putLong(at + 8, correlationId);
        ring.commit(at);
        return true;
    }

    /**
     * Wakes the thread out of epoll.
     */
    public void wake()
    {
        net.signal(wakeFd);
    }
}
