package io.softswitch.signaling.sdp;

/**
 * Encoding names of the static RTP payload types that still matter (RFC 3551 §6, Table 4), for
 * offers that list them without {@code a=rtpmap}.
 */
final class StaticPayloadTypes
{
    private StaticPayloadTypes()
    {
    }

    /**
     * The encoding name of a static payload type.
     *
     * @param payloadType 0 to 34.
     * @return its upper-case name, or null when not a static type this table knows.
     */
    static String name(final int payloadType)
    {
        return switch (payloadType)
        {
            case 0 -> "PCMU";
            case 3 -> "GSM";
            case 4 -> "G723";
            case 8 -> "PCMA";
            case 9 -> "G722";
            case 13 -> "CN";
            case 18 -> "G729";
            case 26 -> "JPEG";
            case 31 -> "H261";
            case 34 -> "H263";
            default -> null;
        };
    }
}
