package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

/**
 * Character classes of the SIP grammar (RFC 3261 §25.1) and allocation-free comparisons of
 * buffer bytes, shared by the parser, the validator, the writer and the call model (tags, minted
 * Call-IDs, Call-ID hashes).
 */
public final class SipBytes
{
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] HOST_NAME = new boolean[256];
    /** Bytes that may appear in a URI (RFC 3261 §25.1: no CTL, SP or non-ASCII). */
    static final boolean[] URI = new boolean[256];
    private static final byte[] LOWER = new byte[256];

    static
    {
        // RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
        for (int c = 'a'; c <= 'z'; c++)
        {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (int c = '0'; c <= '9'; c++)
        {
            TOKEN[c] = true;
        }
        for (final char c : "-.!%*_+`'~".toCharArray())
        {
            TOKEN[c] = true;
        }
        for (int c = 0; c < 256; c++)
        {
            HOST_NAME[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.';
            // Any visible ASCII is allowed inside a URI at the framing level: the grammar's
            // finer rules (escapes, reserved characters) are the receiver's concern, not framing's.
            URI[c] = c > 0x20 && c < 0x7F;
            LOWER[c] = (byte)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }

    /** Visible ASCII (RFC 3261 §25.1: word characters are): the same set as a URI's at framing level. */
    static final boolean[] VISIBLE = URI;

    private SipBytes()
    {
    }

    /**
     * Scans forward while the table accepts each byte. A plain loop rather than Netty's
     * {@code forEachByte} with a processor per character class: there the processor call and the
     * buffer's byte read are shared by every caller and every buffer class, too many types for the
     * JIT to inline, and a profile of the loops found those calls through vtable stubs.
     *
     * @return the first index the table refused, or {@code end}.
     */
    static int scan(final ByteBuf buffer, final int from, final int end, final boolean[] accepted)
    {
        for (int i = from; i < end; i++)
        {
            if (!accepted[buffer.getByte(i) & 0xFF])
            {
                return i;
            }
        }
        return end;
    }

    /**
     * The first CR or LF in a range, by the same plain loop as {@link #scan}.
     *
     * @return its index, or -1 when the range has none.
     */
    static int lineBreak(final ByteBuf buffer, final int from, final int end)
    {
        for (int i = from; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b == CR || b == LF)
            {
                return i;
            }
        }
        return -1;
    }

    static boolean isToken(final byte b)
    {
        return TOKEN[b & 0xFF];
    }

    static boolean isHostNameChar(final byte b)
    {
        return HOST_NAME[b & 0xFF];
    }

    static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    static boolean isHexDigit(final byte b)
    {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    static boolean isAlpha(final byte b)
    {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** Whitespace inside a framed header value: folding leaves CR and LF followed by SP or HTAB. */
    static boolean isLws(final byte b)
    {
        return b == SP || b == HTAB || b == CR || b == LF;
    }

    static byte lower(final byte b)
    {
        return LOWER[b & 0xFF];
    }

    static boolean equals(final ByteBuf buffer, final int offset, final byte[] expected)
    {
        for (int i = 0; i < expected.length; i++)
        {
            if (buffer.getByte(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Compares case-insensitively; {@code lowerCase} must already be lower case. */
    static boolean equalsLowerCase(final ByteBuf buffer, final int offset, final byte[] lowerCase)
    {
        for (int i = 0; i < lowerCase.length; i++)
        {
            if (LOWER[buffer.getByte(offset + i) & 0xFF] != lowerCase[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Compares a buffer range case-insensitively with a lower-case constant of the same length. */
    static boolean rangeEqualsLowerCase(final ByteBuf buffer, final int offset, final int length,
        final byte[] lowerCase)
    {
        return length == lowerCase.length && equalsLowerCase(buffer, offset, lowerCase);
    }

    /** Compares two buffer ranges byte for byte. */
    static boolean rangesEqual(final ByteBuf a, final int aOffset, final int aLength,
        final ByteBuf b, final int bOffset, final int bLength)
    {
        if (aLength != bLength)
        {
            return false;
        }
        for (int i = 0; i < aLength; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Skips linear whitespace (SP, HTAB, folding CRLF) forward; returns the first other index or {@code end}. */
    static int skipLws(final ByteBuf buffer, final int from, final int end)
    {
        int i = from;
        while (i < end && isLws(buffer.getByte(i)))
        {
            i++;
        }
        return i;
    }

    /** Moves {@code end} back over trailing linear whitespace; returns the new end. */
    static int trimEnd(final ByteBuf buffer, final int start, final int end)
    {
        int i = end;
        while (i > start && isLws(buffer.getByte(i - 1)))
        {
            i--;
        }
        return i;
    }

    /** Scans a token forward; returns the first index that is not a token character, or {@code end}. */
    static int scanToken(final ByteBuf buffer, final int from, final int end)
    {
        return scan(buffer, from, end, TOKEN);
    }

    /**
     * Scans a quoted string whose opening quote is at {@code from} (RFC 3261 §25.1: quoted-pair
     * escapes any byte but CR and LF).
     *
     * @return the index after the closing quote, or -1 when it is not closed before {@code end}.
     */
    static int scanQuotedString(final ByteBuf buffer, final int from, final int end)
    {
        int i = from + 1;
        while (i < end)
        {
            final byte b = buffer.getByte(i);
            if (b == '"')
            {
                return i + 1;
            }
            if (b == '\\')
            {
                if (i + 1 >= end)
                {
                    return -1;
                }
                final byte escaped = buffer.getByte(i + 1);
                if (escaped == CR || escaped == LF)
                {
                    return -1;
                }
                i += 2;
            }
            else
            {
                i++;
            }
        }
        return -1;
    }

    /**
     * Finds the end of one element of a comma-separated header value (RFC 3261 §7.3.1): the next
     * comma that is not inside a quoted string or angle brackets.
     *
     * @return the index of the separating comma, {@code end} when the element is the last, or -1
     *         when a quoted string is not closed.
     */
    static int scanListElement(final ByteBuf buffer, final int from, final int end)
    {
        int i = from;
        boolean inAngle = false;
        while (i < end)
        {
            final byte b = buffer.getByte(i);
            if (b == '"')
            {
                i = scanQuotedString(buffer, i, end);
                if (i < 0)
                {
                    return -1;
                }
                continue;
            }
            if (b == '<')
            {
                inAngle = true;
            }
            else if (b == '>')
            {
                inAngle = false;
            }
            else if (b == ',' && !inAngle)
            {
                return i;
            }
            i++;
        }
        return end;
    }

    /** Parses an unsigned decimal number; returns -1 when the range is empty, not all digits, or above {@code max}. */
    static long parseNumber(final ByteBuf buffer, final int from, final int end, final long max)
    {
        if (from >= end)
        {
            return -1;
        }
        long value = 0;
        for (int i = from; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (!isDigit(b))
            {
                return -1;
            }
            value = value * 10 + (b - '0');
            if (value > max)
            {
                return -1;
            }
        }
        return value;
    }

    /**
     * Reads a fixed number of lower-case hex digits (a tag, a field of a minted Call-ID).
     *
     * @param buffer the bytes.
     * @param offset where the digits start.
     * @param digits how many.
     * @return the value, or -1 when a byte is not a lower-case hex digit.
     */
    public static long readHex(final ByteBuf buffer, final int offset, final int digits)
    {
        long value = 0;
        for (int i = 0; i < digits; i++)
        {
            final byte b = buffer.getByte(offset + i);
            final int digit = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
            if (digit < 0)
            {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /**
     * Finds bytes in a range of a buffer.
     *
     * @param buffer the bytes.
     * @param from   where to start.
     * @param to     where to stop (exclusive).
     * @param needle what to find.
     * @return where it starts, or -1.
     */
    public static int indexOf(final ByteBuf buffer, final int from, final int to, final byte[] needle)
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

    /**
     * A 64-bit FNV-1a hash of a range of a buffer: cheap, and good enough to key Call-IDs in a
     * per-loop map and to spread them over loops.
     *
     * @param buffer the bytes.
     * @param offset where they start.
     * @param length how many.
     * @return the hash.
     */
    public static long hash(final ByteBuf buffer, final int offset, final int length)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            hash ^= buffer.getByte(offset + i) & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
