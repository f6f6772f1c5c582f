package io.softswitch.rtp.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A flyweight over one received datagram in native memory, reading the RTP fixed header
 * (RFC 3550 §5.1) and RTCP fields in network byte order.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             SSRC                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class RtpPacket
{
    /** Bytes of the RTP fixed header. */
    public static final int HEADER_LENGTH = 12;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long base;

    /**
     * Points at a datagram.
     *
     * @param memory where it is.
     * @param offset its first byte.
     * @return this.
     */
    public RtpPacket wrap(final MemorySegment memory, final long offset)
    {
        this.segment = memory;
        this.base = offset;
        return this;
    }

    int u8(final int offset)
    {
        return segment.get(ValueLayout.JAVA_BYTE, base + offset) & 0xFF;
    }

    int u16(final int offset)
    {
        return segment.get(U16, base + offset) & 0xFFFF;
    }

    long u32(final int offset)
    {
        return segment.get(U32, base + offset) & 0xFFFF_FFFFL;
    }

    /**
     * Whether a datagram of this length starts like RTP or RTCP version 2.
     *
     * @param length datagram length.
     * @return true when it can be read.
     */
    public boolean isVersion2(final int length)
    {
        return length >= HEADER_LENGTH - 4 && (u8(0) >>> 6) == 2;
    }

    /**
     * Whether this is RTCP on a multiplexed port: packet types 192 to 223 (RFC 5761 §4).
     *
     * @return true for RTCP.
     */
    public boolean isRtcp()
    {
        final int type = u8(1);
        return type >= 192 && type <= 223;
    }

    /**
     * The payload type.
     *
     * @return PT, 0 to 127.
     */
    public int payloadType()
    {
        return u8(1) & 0x7F;
    }

    /**
     * The sequence number.
     *
     * @return 0 to 65535.
     */
    public int sequence()
    {
        return u16(2);
    }

    /**
     * The RTP timestamp.
     *
     * @return unsigned 32 bits.
     */
    public long timestamp()
    {
        return u32(4);
    }

    /**
     * The SSRC.
     *
     * @return unsigned 32 bits.
     */
    public long ssrc()
    {
        return u32(8);
    }
}
