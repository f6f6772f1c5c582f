package io.softswitch.rtp;

import java.net.InetAddress;

/**
 * One side's media description for one stream, from an offer or an answer, and the relay's reply.
 * Reusable: the controller fills it, the relay writes the reply into it.
 *
 * <p>Side 0 faces the party that made the first offer (the customer), side 1 the other (the
 * vendor). An offer from side 0 is forwarded to side 1 with the relay's address and
 * {@link #localPort(int) localPort(1)}: side 1 sends its media there.
 */
public final class AnchorRequest
{
    /** Media lines per call the relay anchors. */
    public static final int MAX_MEDIA = 8;
    /**
     * The payload type to give for a stream that is not RTP (T.38 over UDPTL, RFC 3362): its
     * datagrams are relayed as they are, counted, and not read as RTP.
     */
    public static final int NOT_RTP = -2;

    private long callRef;
    private int mediaIndex;
    private int side;
    private final byte[] address = new byte[16];
    private int addressLength;
    private int rtpPort;
    private int rtcpPort;
    private boolean rtcpMux;
    private int direction;
    private int payloadType;
    private int clockRateHz;

    private int status;
    private final int[] localPorts = new int[2];
    private final byte[] localAddress = new byte[16];
    private int localAddressLength;

    /**
     * Starts a request.
     *
     * @param call     the call.
     * @param media    the media line, 0 first.
     * @param fromSide the side whose description this is.
     * @return this.
     */
    public AnchorRequest stream(final long call, final int media, final int fromSide)
    {
        this.callRef = call;
        this.mediaIndex = media;
        this.side = fromSide;
        this.addressLength = 0;
        this.rtpPort = 0;
        this.rtcpPort = 0;
        this.rtcpMux = false;
        this.direction = MediaDirection.SENDRECV;
        this.payloadType = -1;
        this.clockRateHz = 8000;
        this.status = -1;
        return this;
    }

    /**
     * Where the side receives its media.
     *
     * @param raw      4 (IPv4) or 16 (IPv6) address bytes; all zero means hold (RFC 2543).
     * @param offset   first byte in {@code raw}.
     * @param length   4 or 16.
     * @param rtp      RTP port.
     * @param rtcp     RTCP port (a=rtcp, RFC 3605), or 0 for rtp + 1.
     * @param mux      whether the side asked for rtcp-mux (RFC 5761).
     * @return this.
     */
    public AnchorRequest media(final byte[] raw, final int offset, final int length, final int rtp, final int rtcp,
        final boolean mux)
    {
        if (length != 4 && length != 16)
        {
            throw new IllegalArgumentException("address length=" + length);
        }
        System.arraycopy(raw, offset, address, 0, length);
        this.addressLength = length;
        this.rtpPort = rtp;
        this.rtcpPort = rtcp == 0 ? rtp + 1 : rtcp;
        this.rtcpMux = mux;
        return this;
    }

    /**
     * Where the side receives its media.
     *
     * @param inet the address.
     * @param rtp  RTP port.
     * @param rtcp RTCP port, 0 for rtp + 1.
     * @param mux  rtcp-mux.
     * @return this.
     */
    public AnchorRequest media(final InetAddress inet, final int rtp, final int rtcp, final boolean mux)
    {
        final byte[] raw = inet.getAddress();
        return media(raw, 0, raw.length, rtp, rtcp, mux);
    }

    /**
     * The side's direction and its codec.
     *
     * @param mediaDirection a {@link MediaDirection}.
     * @param payload        the first payload type the side listed, -1 unknown, {@link #NOT_RTP}
     *                       for a stream that is not RTP.
     * @param clockRate      its RTP clock, Hz.
     * @return this.
     */
    public AnchorRequest codec(final int mediaDirection, final int payload, final int clockRate)
    {
        this.direction = mediaDirection;
        this.payloadType = payload;
        this.clockRateHz = clockRate;
        return this;
    }

    /**
     * Writes the reply (the relay calls this).
     *
     * @param result     an {@link AnchorStatus}.
     * @param port0      relay port facing side 0.
     * @param port1      relay port facing side 1.
     * @param local      the relay's advertised address, or null.
     * @return this.
     */
    public AnchorRequest reply(final int result, final int port0, final int port1, final InetAddress local)
    {
        this.status = result;
        this.localPorts[0] = port0;
        this.localPorts[1] = port1;
        if (local != null)
        {
            final byte[] raw = local.getAddress();
            System.arraycopy(raw, 0, localAddress, 0, raw.length);
            this.localAddressLength = raw.length;
        }
        return this;
    }

    /**
     * Writes the reply from raw address bytes (the control client calls this).
     *
     * @param result an {@link AnchorStatus}.
     * @param port0  relay port facing side 0.
     * @param port1  relay port facing side 1.
     * @param raw    address bytes.
     * @param length 0, 4 or 16.
     * @return this.
     */
    public AnchorRequest reply(final int result, final int port0, final int port1, final byte[] raw, final int length)
    {
        this.status = result;
        this.localPorts[0] = port0;
        this.localPorts[1] = port1;
        System.arraycopy(raw, 0, localAddress, 0, length);
        this.localAddressLength = length;
        return this;
    }

    /** @return the call. */
    public long callRef()
    {
        return callRef;
    }

    /** @return the media line. */
    public int mediaIndex()
    {
        return mediaIndex;
    }

    /** @return the side whose description this is. */
    public int side()
    {
        return side;
    }

    /** @return the address bytes (the first {@link #addressLength()} count). */
    public byte[] address()
    {
        return address;
    }

    /** @return 4, 16, or 0 when no address was given. */
    public int addressLength()
    {
        return addressLength;
    }

    /** @return whether the address is IPv6. */
    public boolean isIpv6()
    {
        return addressLength == 16;
    }

    /** @return whether the address is all zeros (hold, RFC 2543), or missing. */
    public boolean isNullAddress()
    {
        for (int i = 0; i < addressLength; i++)
        {
            if (address[i] != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** @return the RTP port. */
    public int rtpPort()
    {
        return rtpPort;
    }

    /** @return the RTCP port. */
    public int rtcpPort()
    {
        return rtcpPort;
    }

    /** @return whether the side multiplexes RTCP on the RTP port. */
    public boolean rtcpMux()
    {
        return rtcpMux;
    }

    /** @return a {@link MediaDirection}. */
    public int direction()
    {
        return direction;
    }

    /** @return the payload type, -1 unknown. */
    public int payloadType()
    {
        return payloadType;
    }

    /** @return the RTP clock, Hz. */
    public int clockRateHz()
    {
        return clockRateHz;
    }

    /** @return the reply's {@link AnchorStatus}, -1 before a reply. */
    public int status()
    {
        return status;
    }

    /**
     * The relay's port facing a side: the port to announce to that side.
     *
     * @param towards 0 or 1.
     * @return the even RTP port; RTCP is the next one unless the side multiplexes.
     */
    public int localPort(final int towards)
    {
        return localPorts[towards];
    }

    /** @return the relay's advertised address bytes. */
    public byte[] localAddress()
    {
        return localAddress;
    }

    /** @return 4 or 16, 0 before a reply. */
    public int localAddressLength()
    {
        return localAddressLength;
    }
}
