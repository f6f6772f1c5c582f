package io.softswitch.rtp.control;

/**
 * The media control protocol: fixed-layout little-endian messages, one per Aeron message, read and
 * written in place through {@link ControlCodec}. Every message starts with the same header:
 * <pre>
 *   0 type (i32)   4 controllerId (i32)   8 correlationId (i64)   16 body
 * </pre>
 * Controller (signaling) to relay, on the relay's command stream:
 * <pre>
 * HELLO    16 controllerEpoch (i64)  24 replyStreamId (i32)  28 channelLength (i32)  32 channel (ASCII)
 * OFFER,   16 callRef (i64)  24 mediaIndex  28 side  32 addressLength  36 address (16 bytes)
 * ANSWER   52 rtpPort  56 rtcpPort  60 rtcpMux  64 direction  68 payloadType  72 clockRateHz      76
 * DELETE   16 callRef (i64)                                                                      24
 * QUERY    16 callRef (i64)  24 mediaIndex                                                       28
 * </pre>
 * Relay to controller, on the stream the controller named in its HELLO:
 * <pre>
 * REPLY     16 callRef (i64)  24 mediaIndex  28 status  32 port0  36 port1  40 addressLength
 *           44 address (16 bytes)                                                                60
 * EVENT     16 callRef (i64)  24 mediaIndex  28 type  32 side                                    36
 * REPORT    16 StreamReport (152 bytes)                                                         168
 * HEARTBEAT 16 relayEpoch (i64)                                                                  24
 * </pre>
 * A call reference carries its controller in its top 16 bits, so that reports and events find
 * their way back and a controller that restarts can have its old calls deleted at once.
 */
public final class ControlProtocol
{
    /** The relay's command stream id. */
    public static final int COMMAND_STREAM_ID = 1001;
    /** The first reply stream id; controllers pick their own above it. */
    public static final int REPLY_STREAM_ID_BASE = 1100;

    static final int HELLO = 1;
    static final int OFFER = 2;
    static final int ANSWER = 3;
    static final int DELETE = 4;
    static final int QUERY = 5;
    static final int REPLY = 11;
    static final int EVENT = 12;
    static final int REPORT = 13;
    static final int HEARTBEAT = 14;

    static final int TYPE = 0;
    static final int CONTROLLER_ID = 4;
    static final int CORRELATION_ID = 8;
    static final int HEADER_LENGTH = 16;

    static final int CALL_REF = 16;
    static final int MEDIA_INDEX = 24;

    static final int HELLO_EPOCH = 16;
    static final int HELLO_STREAM = 24;
    static final int HELLO_CHANNEL_LENGTH = 28;
    static final int HELLO_CHANNEL = 32;
    static final int MAX_CHANNEL_LENGTH = 256;

    static final int ANCHOR_SIDE = 28;
    static final int ANCHOR_ADDRESS_LENGTH = 32;
    static final int ANCHOR_ADDRESS = 36;
    static final int ANCHOR_RTP_PORT = 52;
    static final int ANCHOR_RTCP_PORT = 56;
    static final int ANCHOR_RTCP_MUX = 60;
    static final int ANCHOR_DIRECTION = 64;
    static final int ANCHOR_PAYLOAD_TYPE = 68;
    static final int ANCHOR_CLOCK_RATE = 72;
    static final int ANCHOR_LENGTH = 76;

    static final int DELETE_LENGTH = 24;
    static final int QUERY_LENGTH = 28;

    static final int REPLY_STATUS = 28;
    static final int REPLY_PORT0 = 32;
    static final int REPLY_PORT1 = 36;
    static final int REPLY_ADDRESS_LENGTH = 40;
    static final int REPLY_ADDRESS = 44;
    static final int REPLY_LENGTH = 60;

    static final int EVENT_TYPE = 28;
    static final int EVENT_SIDE = 32;
    static final int EVENT_LENGTH = 36;

    static final int REPORT_BODY = 16;

    static final int HEARTBEAT_EPOCH = 16;
    static final int HEARTBEAT_LENGTH = 24;

    /** Bits of a call reference below the controller id. */
    public static final int CONTROLLER_SHIFT = 48;

    private ControlProtocol()
    {
    }

    /**
     * The controller a call reference belongs to.
     *
     * @param callRef the call reference.
     * @return its controller id.
     */
    public static int controllerOf(final long callRef)
    {
        return (int)(callRef >>> CONTROLLER_SHIFT);
    }

    /**
     * A call reference of a controller.
     *
     * @param controllerId the controller, 0 to 65535.
     * @param localRef     the controller's own reference, below 2^48.
     * @return the call reference.
     */
    public static long callRef(final int controllerId, final long localRef)
    {
        return ((long)controllerId << CONTROLLER_SHIFT) | (localRef & ((1L << CONTROLLER_SHIFT) - 1));
    }
}
