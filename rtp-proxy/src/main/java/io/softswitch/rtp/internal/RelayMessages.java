package io.softswitch.rtp.internal;

/**
 * Layouts of the messages between the conductor (the control thread) and the relay threads, on
 * Agrona rings. Conductor to relay thread, one ring per thread:
 * <pre>
 * OPEN    0 slot  4 mediaIndex  8 callRef(i64)  16 fdRtp0  20 fdRtcp0  24 fdRtp1  28 fdRtcp1
 *        32 clockRateHz                                                              36
 * UPDATE  0 slot  4 side  8 mux  12 hold  16 payloadType  20 clockRateHz  24 hasAddress
 *        28 changed  32 anySource  40 sockaddr RTP (32 bytes)  72 sockaddr RTCP (32)   104
 * CLOSE   0 slot                                                                      4
 * QUERY   0 slot  8 correlationId(i64)                                               16
 * </pre>
 * Relay threads to conductor, one ring shared by all threads:
 * <pre>
 * CLOSED  0 worker  4 slot  8 StreamReport (final)
 * REPORT  0 StreamReport (reply to QUERY)
 * EVENT   0 callRef(i64)  8 mediaIndex  12 type  16 side                            20
 * </pre>
 */
final class RelayMessages
{
    static final int OPEN = 1;
    static final int UPDATE = 2;
    static final int CLOSE = 3;
    static final int QUERY = 4;

    static final int CLOSED = 11;
    static final int REPORT = 12;
    static final int EVENT = 13;

    static final int OPEN_LENGTH = 36;
    static final int UPDATE_LENGTH = 104;
    static final int UPDATE_ANY_SOURCE = 32;
    static final int UPDATE_RTP_ADDRESS = 40;
    static final int UPDATE_RTCP_ADDRESS = 72;
    static final int CLOSE_LENGTH = 4;
    static final int QUERY_LENGTH = 16;
    static final int CLOSED_REPORT = 8;
    static final int EVENT_LENGTH = 20;

    private RelayMessages()
    {
    }
}
