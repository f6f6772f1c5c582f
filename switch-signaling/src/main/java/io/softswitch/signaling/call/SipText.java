package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.SipMethod;

import java.nio.charset.StandardCharsets;

/**
 * The constant pieces of SIP text the B2BUA writes, and allocation-free writers and readers of
 * hex identifiers and byte slices in a {@link ByteBuf}; decimal numbers are written by the codec's
 * {@link io.softswitch.signaling.codec.SipMessageWriter#writeDecimal}.
 */
final class SipText
{
    static final byte[] CRLF = ascii("\r\n");
    static final byte[] SIP_VERSION_SP = ascii("SIP/2.0 ");
    static final byte[] SP_SIP_VERSION_CRLF = ascii(" SIP/2.0\r\n");
    static final byte[] VIA_UDP = ascii("Via: SIP/2.0/UDP ");
    static final byte[] VIA_TCP = ascii("Via: SIP/2.0/TCP ");
    static final byte[] BRANCH = ascii(";branch=");
    static final byte[] RPORT_CRLF = ascii(";rport\r\n");
    static final byte[] BRANCH_PREFIX = ascii("z9hG4bKsw");
    static final byte[] VIA_NAME = ascii("Via: ");
    static final byte[] RECORD_ROUTE_NAME = ascii("Record-Route: ");
    static final byte[] CONTENT_TYPE_NAME = ascii("Content-Type: ");
    static final byte[] SEVENTY_CRLF = ascii("70\r\n");
    static final byte[] SP_OPTIONS_CRLF = ascii(" OPTIONS\r\n");
    static final byte[] MAX_FORWARDS = ascii("Max-Forwards: ");
    static final byte[] FROM = ascii("From: ");
    static final byte[] TO = ascii("To: ");
    static final byte[] TAG = ascii(";tag=");
    static final byte[] CALL_ID = ascii("Call-ID: ");
    static final byte[] CSEQ = ascii("CSeq: ");
    static final byte[] CONTACT_SIP = ascii("Contact: <sip:");
    static final byte[] TRANSPORT_TCP = ascii(";transport=tcp");
    static final byte[] ROUTE = ascii("Route: ");
    static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    static final byte[] CONTENT_LENGTH_ZERO = ascii("Content-Length: 0\r\n\r\n");
    static final byte[] RETRY_AFTER = ascii("Retry-After: 5\r\n");
    static final byte[] ALLOW = ascii("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO\r\n");
    static final byte[] ALLOW_AND_ACCEPT =
        ascii("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO\r\nAccept: application/sdp\r\n");
    static final byte[] UNSUPPORTED_NAME = ascii("Unsupported: ");
    static final byte[] RECEIVED = ascii(";received=");
    static final byte[] RPORT = ascii("rport");
    static final byte[] SIP_SCHEME = ascii("sip:");
    static final byte[] AT = ascii("@");
    static final byte[] LT = ascii("<");
    static final byte[] GT = ascii(">");
    static final byte[] GT_CRLF = ascii(">\r\n");
    static final byte[] COLON_SP = ascii(": ");
    static final byte[] ONE_INVITE_CRLF = ascii("1 INVITE\r\n");
    static final byte[] INVITE = ascii("INVITE");
    static final byte[] ACK = ascii("ACK");
    static final byte[] BYE = ascii("BYE");
    static final byte[] CANCEL = ascii("CANCEL");
    static final byte[] OPTIONS = ascii("OPTIONS");
    static final byte[] CALL_ID_PREFIX = ascii("sw");
    static final byte[] SWITCH_USER = ascii("sw@");

    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[][] REASONS = new byte[700][];
    private static final byte[] UNKNOWN_REASON = ascii("Unknown");
    private static final byte[][] METHODS = new byte[SipMethod.values().length][];

    static
    {
        reason(100, "Trying");
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
        for (final SipMethod method : SipMethod.values())
        {
            METHODS[method.ordinal()] = ascii(method.token());
        }
    }

    private SipText()
    {
    }

    private static void reason(final int code, final String phrase)
    {
        REASONS[code] = ascii(phrase);
    }

    static byte[] reasonPhrase(final int statusCode)
    {
        final byte[] phrase = statusCode >= 0 && statusCode < REASONS.length ? REASONS[statusCode] : null;
        return phrase != null ? phrase : UNKNOWN_REASON;
    }

    static byte[] methodToken(final SipMethod method)
    {
        return METHODS[method.ordinal()];
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static void writeHex(final ByteBuf out, final long value, final int digits)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            out.writeByte(HEX[(int)((value >>> shift) & 0xF)]);
        }
    }

    static void writeSlice(final ByteBuf out, final ByteBuf from, final int offset, final int length)
    {
        if (length <= 0)
        {
            return;
        }
        if (from.nioBufferCount() == 1)
        {
            // Through the source's cached NIO view: a buffer-to-buffer copy would make new views of
            // both buffers on every call when Netty runs without Unsafe (the default on JDK 25).
            out.writeBytes(from.internalNioBuffer(offset, length));
        }
        else
        {
            out.writeBytes(from, offset, length);
        }
    }

    static void writeHeader(final ByteBuf out, final byte[] nameColonSp, final ByteBuf from, final int offset,
        final int length)
    {
        out.writeBytes(nameColonSp);
        writeSlice(out, from, offset, length);
        out.writeBytes(CRLF);
    }

    static int hexValue(final byte b)
    {
        if (b >= '0' && b <= '9')
        {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f')
        {
            return b - 'a' + 10;
        }
        return -1;
    }

    static long readHex(final ByteBuf buffer, final int offset, final int digits)
    {
        long value = 0;
        for (int i = 0; i < digits; i++)
        {
            final int digit = hexValue(buffer.getByte(offset + i));
            if (digit < 0)
            {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    static boolean equals(final ByteBuf buffer, final int offset, final int length, final byte[] expected)
    {
        if (length != expected.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    static int indexOf(final ByteBuf buffer, final int from, final int to, final byte[] needle)
    {
        final int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (buffer.getByte(i + j) != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static long hash(final ByteBuf buffer, final int offset, final int length)
    {
        // 64-bit FNV-1a: cheap, and good enough to key Call-IDs in a per-loop map.
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            hash ^= buffer.getByte(offset + i) & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
