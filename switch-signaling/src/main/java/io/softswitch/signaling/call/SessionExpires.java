package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipMessage;

/**
 * A reusable reading of a message's {@code Session-Expires} header (RFC 4028 §4):
 * {@code delta-seconds *(;se-params)}, of which the {@code refresher} parameter matters.
 * Reads without allocating; a value that does not parse counts as absent.
 */
final class SessionExpires
{
    /** Who refreshes the session (RFC 4028 §4), as the header names it. */
    enum Refresher
    {
        /** Not named. */
        NONE,
        /** The caller of the dialog. */
        UAC,
        /** The callee of the dialog. */
        UAS
    }

    private static final long MAX_SECONDS = 1L << 31;
    private static final byte[] REFRESHER = {'r', 'e', 'f', 'r', 'e', 's', 'h', 'e', 'r', '='};

    private long seconds;
    private Refresher refresher = Refresher.NONE;

    /**
     * Reads the header of a message.
     *
     * @param message the message.
     * @return true when it has a Session-Expires that parses.
     */
    boolean read(final SipMessage message)
    {
        seconds = -1;
        refresher = Refresher.NONE;
        final int index = message.findHeader(HeaderName.SESSION_EXPIRES, 0);
        if (index < 0)
        {
            return false;
        }
        final ByteBuf in = message.buffer();
        int i = message.headerValueOffset(index);
        final int end = i + message.headerValueLength(index);
        while (i < end && isSpace(in.getByte(i)))
        {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && in.getByte(i) >= '0' && in.getByte(i) <= '9' && value < MAX_SECONDS)
        {
            value = value * 10 + (in.getByte(i) - '0');
            digits++;
            i++;
        }
        if (digits == 0 || value >= MAX_SECONDS)
        {
            return false;
        }
        seconds = value;
        for (; i < end; i++)
        {
            if (in.getByte(i) == ';' && matches(in, i + 1, end))
            {
                final int valueAt = i + 1 + REFRESHER.length;
                if (valueAt + 3 <= end)
                {
                    final int a = in.getByte(valueAt) | 0x20;
                    final int b = in.getByte(valueAt + 1) | 0x20;
                    final int c = in.getByte(valueAt + 2) | 0x20;
                    if (a == 'u' && b == 'a' && c == 'c')
                    {
                        refresher = Refresher.UAC;
                    }
                    else if (a == 'u' && b == 'a' && c == 's')
                    {
                        refresher = Refresher.UAS;
                    }
                }
            }
        }
        return true;
    }

    private static boolean matches(final ByteBuf in, final int from, final int end)
    {
        if (from + REFRESHER.length > end)
        {
            return false;
        }
        for (int j = 0; j < REFRESHER.length; j++)
        {
            if ((in.getByte(from + j) | 0x20) != REFRESHER[j])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(final byte b)
    {
        return b == ' ' || b == '\t';
    }

    /**
     * The session interval read.
     *
     * @return seconds, or -1 when absent.
     */
    long seconds()
    {
        return seconds;
    }

    /**
     * The refresher named.
     *
     * @return the refresher.
     */
    Refresher refresher()
    {
        return refresher;
    }
}
