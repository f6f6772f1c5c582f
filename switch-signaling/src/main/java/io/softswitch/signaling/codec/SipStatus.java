package io.softswitch.signaling.codec;

import java.nio.charset.StandardCharsets;

/**
 * The reason phrases of the status codes the switch sends itself (RFC 3261 §21), as ASCII bytes
 * ready to write with {@link SipMessageWriter#statusLine(int, byte[])}.
 */
public final class SipStatus
{
    private static final byte[][] REASONS = new byte[700][];
    private static final byte[] UNKNOWN = ascii("Unknown");

    static
    {
        reason(100, "Trying");
        reason(180, "Ringing");
        reason(183, "Session Progress");
        reason(200, "OK");
        reason(400, "Bad Request");
        reason(403, "Forbidden");
        reason(404, "Not Found");
        reason(405, "Method Not Allowed");
        reason(406, "Not Acceptable");
        reason(408, "Request Timeout");
        reason(413, "Request Entity Too Large");
        reason(414, "Request-URI Too Long");
        reason(415, "Unsupported Media Type");
        reason(416, "Unsupported URI Scheme");
        reason(420, "Bad Extension");
        reason(422, "Session Interval Too Small");
        reason(481, "Call/Transaction Does Not Exist");
        reason(482, "Loop Detected");
        reason(483, "Too Many Hops");
        reason(484, "Address Incomplete");
        reason(487, "Request Terminated");
        reason(491, "Request Pending");
        reason(500, "Server Internal Error");
        reason(501, "Not Implemented");
        reason(503, "Service Unavailable");
        reason(505, "Version Not Supported");
    }

    private SipStatus()
    {
    }

    private static void reason(final int code, final String phrase)
    {
        REASONS[code] = ascii(phrase);
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The reason phrase of a status code.
     *
     * @param statusCode the code.
     * @return its phrase, or {@code Unknown}; the array is shared and must not be changed.
     */
    public static byte[] reasonPhrase(final int statusCode)
    {
        final byte[] phrase = statusCode >= 0 && statusCode < REASONS.length ? REASONS[statusCode] : null;
        return phrase != null ? phrase : UNKNOWN;
    }
}
