package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;

/**
 * A reusable view of a {@code name-addr} or {@code addr-spec} header value (RFC 3261 §20.10,
 * §25.1): where its display name, URI and the URI's user part lie. Scans without allocating;
 * offsets are absolute in the buffer, an absent part has length 0.
 */
final class NameAddr
{
    int displayOffset;
    int displayLength;
    int uriOffset;
    int uriLength;
    int userOffset;
    int userLength;

    /**
     * Scans a header value such as {@code "Alice" <sip:alice@host>;tag=1} or
     * {@code sip:alice@host;tag=1}.
     *
     * @param buffer the bytes.
     * @param offset start of the value.
     * @param length its length.
     * @return this view.
     */
    NameAddr wrap(final ByteBuf buffer, final int offset, final int length)
    {
        displayOffset = offset;
        displayLength = 0;
        userOffset = offset;
        userLength = 0;
        final int end = offset + length;
        int i = skipSpace(buffer, offset, end);
        int laquot = -1;
        int scan = i;
        boolean quoted = false;
        while (scan < end)
        {
            final byte b = buffer.getByte(scan);
            if (quoted)
            {
                if (b == '\\')
                {
                    scan++;
                }
                else if (b == '"')
                {
                    quoted = false;
                }
            }
            else if (b == '"')
            {
                quoted = true;
            }
            else if (b == '<')
            {
                laquot = scan;
                break;
            }
            else if (b == ';' || b == ',')
            {
                break;
            }
            scan++;
        }
        if (laquot >= 0)
        {
            int displayEnd = laquot;
            while (displayEnd > i && isSpace(buffer.getByte(displayEnd - 1)))
            {
                displayEnd--;
            }
            displayOffset = i;
            displayLength = displayEnd - i;
            i = laquot + 1;
            int close = i;
            while (close < end && buffer.getByte(close) != '>')
            {
                close++;
            }
            uriOffset = i;
            uriLength = close - i;
        }
        else
        {
            int stop = i;
            while (stop < end && buffer.getByte(stop) != ';' && !isSpace(buffer.getByte(stop)))
            {
                stop++;
            }
            uriOffset = i;
            uriLength = stop - i;
        }
        scanUser(buffer);
        return this;
    }

    private void scanUser(final ByteBuf buffer)
    {
        final int end = uriOffset + uriLength;
        int colon = uriOffset;
        while (colon < end && buffer.getByte(colon) != ':')
        {
            colon++;
        }
        if (colon == end)
        {
            return;
        }
        final int start = colon + 1;
        int at = start;
        while (at < end)
        {
            final byte b = buffer.getByte(at);
            if (b == '@')
            {
                userOffset = start;
                userLength = at - start;
                return;
            }
            if (b == ';' || b == '?' || b == '>')
            {
                break;
            }
            at++;
        }
        if (colon - uriOffset == 3 && (buffer.getByte(uriOffset) | 0x20) == 't')
        {
            // tel: URIs have no host: the whole number is the user part (RFC 3966).
            userOffset = start;
            userLength = at - start;
        }
    }

    private static int skipSpace(final ByteBuf buffer, final int from, final int end)
    {
        int i = from;
        while (i < end && isSpace(buffer.getByte(i)))
        {
            i++;
        }
        return i;
    }

    private static boolean isSpace(final byte b)
    {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
