package io.softswitch.rtp.control;

import io.softswitch.rtp.AnchorRequest;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.softswitch.rtp.control.ControlProtocol.*;

/**
 * Reads and writes the messages of {@link ControlProtocol} in place; both ends use it. No
 * allocation: addresses travel as raw bytes into the caller's reusable {@link AnchorRequest}.
 */
final class ControlCodec
{
    private ControlCodec()
    {
    }

    static void header(final MutableDirectBuffer buffer, final int at, final int type, final int controllerId,
        final long correlationId)
    {
        buffer.putInt(at + TYPE, type);
        buffer.putInt(at + CONTROLLER_ID, controllerId);
        buffer.putLong(at + CORRELATION_ID, correlationId);
    }

    static int writeAnchor(final MutableDirectBuffer buffer, final int at, final int type, final int controllerId,
        final long correlationId, final AnchorRequest request)
    {
        header(buffer, at, type, controllerId, correlationId);
        buffer.putLong(at + CALL_REF, request.callRef());
        buffer.putInt(at + MEDIA_INDEX, request.mediaIndex());
        buffer.putInt(at + ANCHOR_SIDE, request.side());
        buffer.putInt(at + ANCHOR_ADDRESS_LENGTH, request.addressLength());
        buffer.setMemory(at + ANCHOR_ADDRESS, 16, (byte)0);
        buffer.putBytes(at + ANCHOR_ADDRESS, request.address(), 0, request.addressLength());
        buffer.putInt(at + ANCHOR_RTP_PORT, request.rtpPort());
        buffer.putInt(at + ANCHOR_RTCP_PORT, request.rtcpPort());
        buffer.putInt(at + ANCHOR_RTCP_MUX, request.rtcpMux() ? 1 : 0);
        buffer.putInt(at + ANCHOR_DIRECTION, request.direction());
        buffer.putInt(at + ANCHOR_PAYLOAD_TYPE, request.payloadType());
        buffer.putInt(at + ANCHOR_CLOCK_RATE, request.clockRateHz());
        return ANCHOR_LENGTH;
    }

    /** Reads an OFFER or ANSWER; false when it is malformed (counted by the caller, not thrown). */
    static boolean readAnchor(final DirectBuffer buffer, final int at, final int length, final AnchorRequest into,
        final byte[] scratch)
    {
        if (length < ANCHOR_LENGTH)
        {
            return false;
        }
        final int addressLength = buffer.getInt(at + ANCHOR_ADDRESS_LENGTH);
        final int side = buffer.getInt(at + ANCHOR_SIDE);
        if ((addressLength != 0 && addressLength != 4 && addressLength != 16) || (side != 0 && side != 1))
        {
            return false;
        }
        into.stream(buffer.getLong(at + CALL_REF), buffer.getInt(at + MEDIA_INDEX), side);
        if (addressLength > 0)
        {
            buffer.getBytes(at + ANCHOR_ADDRESS, scratch, 0, addressLength);
            into.media(scratch, 0, addressLength, buffer.getInt(at + ANCHOR_RTP_PORT), buffer.getInt(at + ANCHOR_RTCP_PORT),
                buffer.getInt(at + ANCHOR_RTCP_MUX) != 0);
        }
        into.codec(buffer.getInt(at + ANCHOR_DIRECTION), buffer.getInt(at + ANCHOR_PAYLOAD_TYPE),
            buffer.getInt(at + ANCHOR_CLOCK_RATE));
        return true;
    }

    static int writeReply(final MutableDirectBuffer buffer, final int at, final int controllerId, final long correlationId,
        final AnchorRequest replied)
    {
        header(buffer, at, REPLY, controllerId, correlationId);
        buffer.putLong(at + CALL_REF, replied.callRef());
        buffer.putInt(at + MEDIA_INDEX, replied.mediaIndex());
        buffer.putInt(at + REPLY_STATUS, replied.status());
        buffer.putInt(at + REPLY_PORT0, replied.localPort(0));
        buffer.putInt(at + REPLY_PORT1, replied.localPort(1));
        buffer.putInt(at + REPLY_ADDRESS_LENGTH, replied.localAddressLength());
        buffer.setMemory(at + REPLY_ADDRESS, 16, (byte)0);
        buffer.putBytes(at + REPLY_ADDRESS, replied.localAddress(), 0, replied.localAddressLength());
        return REPLY_LENGTH;
    }

    static void readReply(final DirectBuffer buffer, final int at, final AnchorRequest into, final byte[] scratch)
    {
        into.stream(buffer.getLong(at + CALL_REF), buffer.getInt(at + MEDIA_INDEX), 0);
        final int addressLength = Math.min(16, Math.max(0, buffer.getInt(at + REPLY_ADDRESS_LENGTH)));
        buffer.getBytes(at + REPLY_ADDRESS, scratch, 0, addressLength);
        into.reply(buffer.getInt(at + REPLY_STATUS), buffer.getInt(at + REPLY_PORT0), buffer.getInt(at + REPLY_PORT1),
            scratch, addressLength);
    }
}
