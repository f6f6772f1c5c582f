package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMessageWriter;

import static io.softswitch.signaling.call.B2buaWriter.ascii;

/**
 * The overload control parameters of a top Via (RFC 7339 §4-5), read in place: a client that
 * supports overload control puts {@code oc} (no value) in the Via of its requests; a server that
 * is overloaded answers in that Via with {@code oc=<percent>;oc-algo="loss";oc-validity=<ms>;
 * oc-seq=<seconds.fraction>}. One per loop, reused for every message (a flyweight: it holds
 * offsets into the message's buffer only while one message is looked at).
 */
final class OverloadControlVia
{
    private static final byte[] OC = ascii("oc");
    private static final byte[] OC_ALGO = ascii("oc-algo");
    private static final byte[] OC_VALIDITY = ascii("oc-validity");
    private static final byte[] OC_SEQ = ascii("oc-seq");
    private static final byte[] LOSS = ascii("loss");
    private static final byte[] OC_PARAM = ascii(";oc=");
    private static final byte[] ALGO_LOSS = ascii(";oc-algo=\"loss\";oc-validity=");
    private static final byte[] SEQ_PARAM = ascii(";oc-seq=");

    /** The validity a server means when it gives none (RFC 7339 §5.2). */
    static final long DEFAULT_VALIDITY_MS = 500;

    private boolean present;
    private int percent;
    private long validityMs;
    private long seqMillis;
    private boolean lossAlgorithm;

    /**
     * Reads the top Via's overload control parameters.
     *
     * @param message a request or response whose top Via was parsed.
     * @return true when the top Via carries {@code oc} at all.
     */
    boolean read(final SipMessage message)
    {
        present = false;
        percent = -1;
        validityMs = DEFAULT_VALIDITY_MS;
        seqMillis = -1;
        lossAlgorithm = true;
        if (!message.hasTopVia())
        {
            return false;
        }
        final ByteBuf in = message.buffer();
        final int end = message.topViaOffset() + message.topViaLength();
        int param = nextParam(in, message.topViaOffset(), end);
        while (param < end)
        {
            final int next = nextParam(in, param + 1, end);
            final int nameStart = param + 1;
            int nameEnd = nameStart;
            while (nameEnd < next && in.getByte(nameEnd) != '=')
            {
                nameEnd++;
            }
            final int valueStart = nameEnd < next ? nameEnd + 1 : next;
            if (isName(in, nameStart, nameEnd, OC))
            {
                present = true;
                percent = (int)Math.min(100, digits(in, valueStart, next, -1));
            }
            else if (isName(in, nameStart, nameEnd, OC_VALIDITY))
            {
                validityMs = digits(in, valueStart, next, DEFAULT_VALIDITY_MS);
            }
            else if (isName(in, nameStart, nameEnd, OC_SEQ))
            {
                seqMillis = seqMillis(in, valueStart, next);
            }
            else if (isName(in, nameStart, nameEnd, OC_ALGO))
            {
                lossAlgorithm = contains(in, valueStart, next, LOSS);
            }
            param = next;
        }
        return present;
    }

    /**
     * The reduction the server asks for, when it gave one with the loss algorithm.
     *
     * @return 0 to 100, or -1 when the Via carries {@code oc} without a value (a request's) or
     *         with another algorithm.
     */
    int percent()
    {
        return lossAlgorithm ? percent : -1;
    }

    /**
     * How long the reduction holds.
     *
     * @return milliseconds; 0 means stop reducing now.
     */
    long validityMs()
    {
        return validityMs;
    }

    /**
     * The server's {@code oc-seq} in milliseconds, to tell newer values from older ones.
     *
     * @return milliseconds, or -1 when absent.
     */
    long seqMillis()
    {
        return seqMillis;
    }

    /**
     * Whether a Via parameter (the bytes from one {@code ;} to the next) is one of the overload
     * control parameters, which a server replaces with its own.
     *
     * @param in    the buffer.
     * @param from  the parameter's {@code ;}.
     * @param to    where it ends.
     * @return true for {@code oc}, {@code oc-algo}, {@code oc-validity} and {@code oc-seq}.
     */
    static boolean isOverloadParam(final ByteBuf in, final int from, final int to)
    {
        int nameEnd = from + 1;
        while (nameEnd < to && in.getByte(nameEnd) != '=')
        {
            nameEnd++;
        }
        return isName(in, from + 1, nameEnd, OC) || isName(in, from + 1, nameEnd, OC_ALGO) ||
            isName(in, from + 1, nameEnd, OC_VALIDITY) || isName(in, from + 1, nameEnd, OC_SEQ);
    }

    /**
     * Where the next Via parameter starts: its {@code ;}, skipping quoted strings.
     *
     * @param in   the buffer.
     * @param from where to look from.
     * @param end  the end of the Via entry.
     * @return the offset of the {@code ;}, or {@code end}.
     */
    static int nextParam(final ByteBuf in, final int from, final int end)
    {
        boolean quoted = false;
        for (int i = from; i < end; i++)
        {
            final byte b = in.getByte(i);
            if (b == '"')
            {
                quoted = !quoted;
            }
            else if (b == ';' && !quoted)
            {
                return i;
            }
        }
        return end;
    }

    /**
     * Writes a server's overload control parameters (RFC 7339 §5.2): the loss algorithm's
     * reduction, its validity, and {@code oc-seq} as seconds with a millisecond fraction.
     *
     * @param w          the writer, inside the Via value.
     * @param percent    the reduction asked for.
     * @param seqEpochMs when the reduction last changed.
     */
    static void write(final SipMessageWriter w, final int percent, final long seqEpochMs)
    {
        final long seq = Math.max(0, seqEpochMs);
        final long fraction = seq % 1_000;
        w.append(OC_PARAM).append(percent).append(ALGO_LOSS).append(LoadShedder.VALIDITY_MS)
            .append(SEQ_PARAM).append(seq / 1_000).append('.')
            .append((char)('0' + fraction / 100)).append((char)('0' + fraction / 10 % 10))
            .append((char)('0' + fraction % 10));
    }

    private static boolean isName(final ByteBuf in, final int from, final int to, final byte[] name)
    {
        int start = from;
        int end = to;
        while (start < end && isSpace(in.getByte(start)))
        {
            start++;
        }
        while (end > start && isSpace(in.getByte(end - 1)))
        {
            end--;
        }
        if (end - start != name.length)
        {
            return false;
        }
        for (int i = 0; i < name.length; i++)
        {
            if ((in.getByte(start + i) | 0x20) != name[i])
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

    private static long digits(final ByteBuf in, final int from, final int to, final long absent)
    {
        long value = 0;
        boolean any = false;
        for (int i = from; i < to; i++)
        {
            final byte b = in.getByte(i);
            if (b >= '0' && b <= '9')
            {
                value = Math.min(value * 10 + (b - '0'), Integer.MAX_VALUE);
                any = true;
            }
            else if (any || !isSpace(b))
            {
                break;
            }
        }
        return any ? value : absent;
    }

    private static long seqMillis(final ByteBuf in, final int from, final int to)
    {
        long seconds = 0;
        long millis = 0;
        int fractionDigits = -1;
        boolean any = false;
        for (int i = from; i < to; i++)
        {
            final byte b = in.getByte(i);
            if (b >= '0' && b <= '9')
            {
                any = true;
                if (fractionDigits < 0)
                {
                    seconds = Math.min(seconds * 10 + (b - '0'), 999_999_999_999L);
                }
                else if (fractionDigits < 3)
                {
                    millis = millis * 10 + (b - '0');
                    fractionDigits++;
                }
            }
            else if (b == '.' && fractionDigits < 0)
            {
                fractionDigits = 0;
            }
            else if (!isSpace(b))
            {
                break;
            }
        }
        if (!any)
        {
            return -1;
        }
        for (int digits = Math.max(0, fractionDigits); digits < 3; digits++)
        {
            millis *= 10;
        }
        return seconds * 1_000 + millis;
    }

    private static boolean contains(final ByteBuf in, final int from, final int to, final byte[] token)
    {
        for (int i = from; i + token.length <= to; i++)
        {
            int j = 0;
            while (j < token.length && (in.getByte(i + j) | 0x20) == token[j])
            {
                j++;
            }
            if (j == token.length)
            {
                return true;
            }
        }
        return false;
    }
}
