package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;

/**
 * Parses an IPv4 dotted quad or an IPv6 literal (RFC 4291 §2.2, with {@code ::} and a trailing
 * dotted quad) from buffer bytes into raw address bytes, without allocating.
 */
final class IpLiteral
{
    private IpLiteral()
    {
    }

    /**
     * Parses an IPv4 address.
     *
     * @param in    the bytes.
     * @param from  first byte.
     * @param end   one past the last.
     * @param out   where the 4 bytes go.
     * @param at    first index in {@code out}.
     * @return true when the whole range is a dotted quad.
     */
    static boolean parseIpv4(final ByteBuf in, final int from, final int end, final byte[] out, final int at)
    {
        int octet = 0;
        int value = -1;
        for (int i = from; i < end; i++)
        {
            final byte b = in.getByte(i);
            if (b >= '0' && b <= '9')
            {
                value = (value < 0 ? 0 : value * 10) + (b - '0');
                if (value > 255)
                {
                    return false;
                }
            }
            else if (b == '.' && value >= 0 && octet < 3)
            {
                out[at + octet++] = (byte)value;
                value = -1;
            }
            else
            {
                return false;
            }
        }
        if (value < 0 || octet != 3)
        {
            return false;
        }
        out[at + 3] = (byte)value;
        return true;
    }

    /**
     * Parses an IPv6 address.
     *
     * @param in    the bytes.
     * @param from  first byte.
     * @param end   one past the last.
     * @param out   where the 16 bytes go.
     * @return true when the whole range is an IPv6 literal.
     */
    static boolean parseIpv6(final ByteBuf in, final int from, final int end, final byte[] out)
    {
        int count = 0;
        int gap = -1;
        int i = from;
        if (end - from >= 2 && in.getByte(i) == ':' && in.getByte(i + 1) == ':')
        {
            gap = 0;
            i += 2;
        }
        else if (i < end && in.getByte(i) == ':')
        {
            return false;
        }
        while (i < end)
        {
            // A dotted quad may end the address (RFC 4291 §2.2 form 3).
            final int dot = indexOf(in, i, end, (byte)'.');
            final int colon = indexOf(in, i, end, (byte)':');
            if (dot >= 0 && (colon < 0 || dot < colon))
            {
                if (count > 6 || !parseIpv4(in, i, end, out, 2 * count))
                {
                    return false;
                }
                count += 2;
                i = end;
                break;
            }
            int value = 0;
            int digits = 0;
            while (i < end && in.getByte(i) != ':')
            {
                final int digit = Character.digit(in.getByte(i), 16);
                if (digit < 0 || ++digits > 4)
                {
                    return false;
                }
                value = (value << 4) | digit;
                i++;
            }
            if (digits == 0 || count == 8)
            {
                return false;
            }
            out[2 * count] = (byte)(value >>> 8);
            out[2 * count + 1] = (byte)value;
            count++;
            if (i < end)
            {
                i++;
                if (i < end && in.getByte(i) == ':')
                {
                    if (gap >= 0)
                    {
                        return false;
                    }
                    gap = count;
                    i++;
                }
                else if (i == end)
                {
                    return false;
                }
            }
        }
        if (gap < 0)
        {
            return count == 8;
        }
        if (count >= 8)
        {
            return false;
        }
        // Move the groups after the gap to the end and zero the gap.
        final int tailBytes = 2 * (count - gap);
        System.arraycopy(out, 2 * gap, out, 16 - tailBytes, tailBytes);
        for (int b = 2 * gap; b < 16 - tailBytes; b++)
        {
            out[b] = 0;
        }
        return true;
    }

    private static int indexOf(final ByteBuf in, final int from, final int end, final byte value)
    {
        for (int i = from; i < end; i++)
        {
            if (in.getByte(i) == value)
            {
                return i;
            }
        }
        return -1;
    }
}
