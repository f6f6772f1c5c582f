package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

/**
 * Finds a message's Call-ID (RFC 3261 §20.8, compact form {@code i}) without parsing the
 * message: a scan of line starts up to the end of the head. The loop that reads a datagram uses
 * it to send the datagram, unparsed, to the loop that owns its call, so that one busy peer's
 * traffic is parsed on every core.
 *
 * <p>The value is trimmed of spaces and tabs as the parser trims it; a message whose Call-ID the
 * scan cannot find is left to the parser, which says what is wrong with it.
 */
public final class CallIdFramer
{
    private CallIdFramer()
    {
    }

    /**
     * Finds the first Call-ID header's value.
     *
     * @param buffer the message bytes.
     * @param index  where the message starts.
     * @param length its length.
     * @return the value's offset in the high 32 bits and its length in the low 32 bits, or -1.
     */
    public static long find(final ByteBuf buffer, final int index, final int length)
    {
        final int end = index + length;
        int line = nextLine(buffer, index, end);
        while (line >= 0 && line < end)
        {
            final byte first = buffer.getByte(line);
            if (first == SipBytes.CR || first == SipBytes.LF)
            {
                return -1;
            }
            final int colon = nameEnd(buffer, line, end);
            if (colon > 0)
            {
                return value(buffer, colon + 1, end);
            }
            line = nextLine(buffer, line, end);
        }
        return -1;
    }

    private static int nextLine(final ByteBuf buffer, final int from, final int end)
    {
        for (int i = from; i < end; i++)
        {
            if (buffer.getByte(i) == SipBytes.LF)
            {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Where the colon after a Call-ID header name is, or -1 when the line is another header.
     */
    private static int nameEnd(final ByteBuf buffer, final int line, final int end)
    {
        int i = line;
        final byte first = (byte)(buffer.getByte(i) | 0x20);
        if (first == 'i')
        {
            i++;
        }
        else if (first == 'c' && i + 7 <= end && (buffer.getByte(i + 1) | 0x20) == 'a' &&
            (buffer.getByte(i + 2) | 0x20) == 'l' && (buffer.getByte(i + 3) | 0x20) == 'l' &&
            buffer.getByte(i + 4) == '-' && (buffer.getByte(i + 5) | 0x20) == 'i' &&
            (buffer.getByte(i + 6) | 0x20) == 'd')
        {
            i += 7;
        }
        else
        {
            return -1;
        }
        while (i < end && (buffer.getByte(i) == SipBytes.SP || buffer.getByte(i) == SipBytes.HTAB))
        {
            i++;
        }
        return i < end && buffer.getByte(i) == ':' ? i : -1;
    }

    private static long value(final ByteBuf buffer, final int from, final int end)
    {
        int start = from;
        while (start < end && (buffer.getByte(start) == SipBytes.SP || buffer.getByte(start) == SipBytes.HTAB))
        {
            start++;
        }
        int stop = start;
        while (stop < end && buffer.getByte(stop) != SipBytes.CR && buffer.getByte(stop) != SipBytes.LF)
        {
            stop++;
        }
        while (stop > start && (buffer.getByte(stop - 1) == SipBytes.SP || buffer.getByte(stop - 1) == SipBytes.HTAB))
        {
            stop--;
        }
        return stop > start ? ((long)start << 32) | (stop - start) : -1;
    }
}
