package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

import static io.softswitch.signaling.codec.SipBytes.CR;
import static io.softswitch.signaling.codec.SipBytes.HTAB;
import static io.softswitch.signaling.codec.SipBytes.LF;
import static io.softswitch.signaling.codec.SipBytes.SP;

/**
 * The value-level half of {@link SipMessageWriter}: the buffer it writes into and the pieces a
 * header value is made of (text, characters, decimal and hex numbers, bytes, slices of a parsed
 * message with or without folding, RFC 3261 §7.3.1), each returning the writer so that calls
 * chain. The message-level half (start lines, header lines, copies of a parsed message, the end
 * with Content-Length) is {@link SipMessageWriter} itself.
 */
abstract sealed class HeaderValueWriter permits SipMessageWriter
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    ByteBuf out;

    /**
     * The writer itself, as the type every chained call returns.
     *
     * @return this.
     */
    abstract SipMessageWriter self();

    /**
     * Points the writer at the buffer to append to.
     *
     * @param out the buffer; written from its writer index.
     * @return this.
     */
    public SipMessageWriter wrap(final ByteBuf out)
    {
        this.out = out;
        return self();
    }

    /**
     * The buffer being written.
     *
     * @return the buffer.
     */
    public ByteBuf buffer()
    {
        return out;
    }

    /**
     * Where the next byte goes, counted from the buffer's reader index: lets a caller remember
     * where a part of the message it writes lies.
     *
     * @return the position.
     */
    public int position()
    {
        return out.writerIndex() - out.readerIndex();
    }

    /**
     * Appends text to the value being written.
     *
     * @param text the text (UTF-8 allowed).
     * @return this.
     */
    public SipMessageWriter append(final CharSequence text)
    {
        ByteBufUtil.writeUtf8(out, text);
        return self();
    }

    /**
     * Appends one ASCII character to the value being written.
     *
     * @param c the character.
     * @return this.
     */
    public SipMessageWriter append(final char c)
    {
        out.writeByte((byte)c);
        return self();
    }

    /**
     * Appends a decimal number to the value being written.
     *
     * @param value the number, not negative.
     * @return this.
     */
    public SipMessageWriter append(final long value)
    {
        SipMessageWriter.writeDecimal(out, value);
        return self();
    }

    /**
     * Appends ASCII bytes as they are (a constant, or complete header lines).
     *
     * @param bytes the bytes.
     * @return this.
     */
    public SipMessageWriter append(final byte[] bytes)
    {
        out.writeBytes(bytes);
        return self();
    }

    /**
     * Appends a slice of a buffer as it is.
     *
     * @param source the buffer.
     * @param offset where the slice starts.
     * @param length its length.
     * @return this.
     */
    public SipMessageWriter append(final ByteBuf source, final int offset, final int length)
    {
        SipMessageWriter.copySlice(out, source, offset, length);
        return self();
    }

    /**
     * Appends ASCII text byte by byte: unlike {@link #append(CharSequence)} it never makes an NIO
     * view of a direct buffer, so it allocates nothing whatever Netty runs on.
     *
     * @param text the text, ASCII only.
     * @return this.
     */
    public SipMessageWriter appendAscii(final CharSequence text)
    {
        final int length = text.length();
        out.ensureWritable(length);
        for (int i = 0; i < length; i++)
        {
            out.writeByte((byte)text.charAt(i));
        }
        return self();
    }

    /**
     * Appends a number in lower-case hexadecimal, zero-padded to a fixed width (tags, branches).
     *
     * @param value  the number; only its low {@code 4 * digits} bits are written.
     * @param digits how many hex digits.
     * @return this.
     */
    public SipMessageWriter appendHex(final long value, final int digits)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            out.writeByte(HEX[(int)((value >>> shift) & 0xF)]);
        }
        return self();
    }

    /**
     * Appends a slice of a buffer with folding (CRLF and the whitespace around it) replaced by a
     * single space (RFC 3261 §7.3.1).
     *
     * @param source the buffer.
     * @param offset where the slice starts.
     * @param length its length.
     * @return this.
     */
    public SipMessageWriter appendUnfolded(final ByteBuf source, final int offset, final int length)
    {
        final int end = offset + length;
        int runStart = offset;
        int i = offset;
        while (i < end)
        {
            final byte b = source.getByte(i);
            if (b == CR || b == LF)
            {
                int runEnd = i;
                while (runEnd > runStart && isSpaceOrTab(source.getByte(runEnd - 1)))
                {
                    runEnd--;
                }
                SipMessageWriter.copySlice(out, source, runStart, runEnd - runStart);
                while (i < end && SipBytes.isLws(source.getByte(i)))
                {
                    i++;
                }
                out.writeByte(SP);
                runStart = i;
            }
            else
            {
                i++;
            }
        }
        SipMessageWriter.copySlice(out, source, runStart, end - runStart);
        return self();
    }

    /**
     * Ends the header line being written.
     *
     * @return this.
     */
    public SipMessageWriter headerEnd()
    {
        return crlf();
    }

    /**
     * Copies a value with folding replaced by single spaces into an array (RFC 3261 §7.3.1).
     *
     * @return how many bytes were written.
     */
    static int unfold(final ByteBuf source, final int offset, final int length, final byte[] into)
    {
        final int end = offset + length;
        int written = 0;
        int i = offset;
        while (i < end)
        {
            final byte b = source.getByte(i);
            if (b == CR || b == LF)
            {
                while (written > 0 && isSpaceOrTab(into[written - 1]))
                {
                    written--;
                }
                while (i < end && SipBytes.isLws(source.getByte(i)))
                {
                    i++;
                }
                into[written++] = SP;
            }
            else
            {
                into[written++] = b;
                i++;
            }
        }
        return written;
    }

    final SipMessageWriter crlf()
    {
        out.writeByte(CR);
        out.writeByte(LF);
        return self();
    }

    private static boolean isSpaceOrTab(final byte b)
    {
        return b == SP || b == HTAB;
    }
}
