package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;

/**
 * The byte scans SDP reading needs, in place over a {@link ByteBuf} between {@code from}
 * (inclusive) and {@code end} (exclusive): SDP is ASCII text (RFC 4566 §5), so names and numbers
 * are compared byte by byte against constants instead of decoding lines into Strings.
 */
final class SdpBytes
{
    private SdpBytes()
    {
    }

    /** The first {@code value} in the range, -1 when none or the range is empty. */
    static int indexOf(final ByteBuf buffer, final int from, final int end, final byte value)
    {
        if (from >= end)
        {
            return -1;
        }
        return buffer.indexOf(from, end, value);
    }

    /** Where {@code text} first starts in the range, -1 when it does not occur. */
    static int indexOfText(final ByteBuf buffer, final int from, final int end, final String text)
    {
        for (int i = from; i + text.length() <= end; i++)
        {
            if (startsWith(buffer, i, end, text))
            {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWith(final ByteBuf buffer, final int from, final int end, final String text)
    {
        if (end - from < text.length())
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (buffer.getByte(from + i) != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    static boolean equalsText(final ByteBuf buffer, final int from, final int end, final String text)
    {
        return end - from == text.length() && startsWith(buffer, from, end, text);
    }

    /** Whether the range is {@code text} ignoring case; {@code text} must be upper case. */
    static boolean equalsIgnoreCase(final ByteBuf buffer, final int from, final int end, final String text)
    {
        if (end - from != text.length())
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final int b = buffer.getByte(from + i);
            final int upper = b >= 'a' && b <= 'z' ? b - 32 : b;
            if (upper != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** The range as a non-negative decimal, -1 when empty, not digits, or too long for an int. */
    static int decimal(final ByteBuf buffer, final int from, final int end)
    {
        if (from >= end || end - from > 9)
        {
            return -1;
        }
        int value = 0;
        for (int i = from; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b < '0' || b > '9')
            {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
