package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

import static io.softswitch.signaling.codec.SipBytes.SP;

/**
 * Writes SIP messages (RFC 3261 §7) into a {@link ByteBuf} without intermediate {@code String}s:
 * start line, then headers from constants, {@link CharSequence}s, numbers or slices of a parsed
 * {@link SipMessage}, then the body with its Content-Length.
 * <p>
 * A flyweight: {@link #wrap(ByteBuf)} points it at the buffer to write, and one instance per
 * thread serves every message. Typical use:
 * <pre>
 *   writer.wrap(out).statusLine(200, "OK")
 *       .header(HeaderName.CONTACT, contact)
 *       .endWithoutBody();
 * </pre>
 * Values are written as given: callers pass values that are valid for their header.
 */
public final class SipMessageWriter extends HeaderValueWriter
{
    private static final byte[] SIP_2_0 = "SIP/2.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLON_SP = ": ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAG_PARAM = ";tag=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);

    @Override
    SipMessageWriter self()
    {
        return this;
    }

    /**
     * Writes a request line {@code METHOD SP Request-URI SP SIP/2.0 CRLF} (RFC 3261 §7.1).
     *
     * @param method     the method; not {@link SipMethod#EXTENSION}.
     * @param requestUri the Request-URI.
     * @return this.
     */
    public SipMessageWriter requestLine(final SipMethod method, final CharSequence requestUri)
    {
        if (method == SipMethod.EXTENSION)
        {
            throw new IllegalArgumentException("extension method needs its token: method=" + method);
        }
        out.writeBytes(method.bytes());
        out.writeByte(SP);
        ByteBufUtil.writeUtf8(out, requestUri);
        out.writeByte(SP);
        out.writeBytes(SIP_2_0);
        return crlf();
    }

    /**
     * Writes a request line whose Request-URI is a slice of a buffer.
     *
     * @param method    the method; not {@link SipMethod#EXTENSION}.
     * @param source    the buffer holding the Request-URI.
     * @param uriOffset where it starts.
     * @param uriLength its length.
     * @return this.
     */
    public SipMessageWriter requestLine(final SipMethod method, final ByteBuf source, final int uriOffset,
        final int uriLength)
    {
        if (method == SipMethod.EXTENSION)
        {
            throw new IllegalArgumentException("extension method needs its token: method=" + method);
        }
        out.writeBytes(method.bytes());
        out.writeByte(SP);
        copy(source, uriOffset, uriLength);
        out.writeByte(SP);
        out.writeBytes(SIP_2_0);
        return crlf();
    }

    /**
     * Writes a status line {@code SIP/2.0 SP code SP reason CRLF} (RFC 3261 §7.2).
     *
     * @param statusCode 100..699.
     * @param reason     the reason phrase (UTF-8 allowed).
     * @return this.
     */
    public SipMessageWriter statusLine(final int statusCode, final CharSequence reason)
    {
        if (statusCode < 100 || statusCode > 699)
        {
            throw new IllegalArgumentException("status code out of range: statusCode=" + statusCode);
        }
        out.writeBytes(SIP_2_0);
        out.writeByte(SP);
        writeDecimal(out, statusCode);
        out.writeByte(SP);
        ByteBufUtil.writeUtf8(out, reason);
        return crlf();
    }

    /**
     * Writes a status line whose reason phrase is ASCII bytes (a constant, see {@link SipStatus}).
     *
     * @param statusCode 100..699.
     * @param reason     the reason phrase.
     * @return this.
     */
    public SipMessageWriter statusLine(final int statusCode, final byte[] reason)
    {
        out.writeBytes(SIP_2_0);
        out.writeByte(SP);
        writeDecimal(out, statusCode);
        out.writeByte(SP);
        out.writeBytes(reason);
        return crlf();
    }

    /**
     * Writes a status line whose reason phrase is a slice of a buffer (a relayed response's).
     *
     * @param statusCode   100..699.
     * @param source       the buffer holding the reason phrase.
     * @param reasonOffset where it starts.
     * @param reasonLength its length.
     * @return this.
     */
    public SipMessageWriter statusLine(final int statusCode, final ByteBuf source, final int reasonOffset,
        final int reasonLength)
    {
        out.writeBytes(SIP_2_0);
        out.writeByte(SP);
        writeDecimal(out, statusCode);
        out.writeByte(SP);
        copy(source, reasonOffset, reasonLength);
        return crlf();
    }

    /**
     * Starts a request line whose Request-URI the caller composes with the {@code append} methods
     * and ends with {@link #requestLineEnd()}.
     *
     * @param method the method; not {@link SipMethod#EXTENSION}.
     * @return this.
     */
    public SipMessageWriter requestLineStart(final SipMethod method)
    {
        if (method == SipMethod.EXTENSION)
        {
            throw new IllegalArgumentException("extension method needs its token: method=" + method);
        }
        out.writeBytes(method.bytes());
        out.writeByte(SP);
        return this;
    }

    /**
     * Ends a request line started with {@link #requestLineStart}.
     *
     * @return this.
     */
    public SipMessageWriter requestLineEnd()
    {
        out.writeByte(SP);
        out.writeBytes(SIP_2_0);
        return crlf();
    }

    /**
     * Writes a header line with a text value.
     *
     * @param name  the header; not {@link HeaderName#OTHER}.
     * @param value the value.
     * @return this.
     */
    public SipMessageWriter header(final HeaderName name, final CharSequence value)
    {
        return headerStart(name).append(value).headerEnd();
    }

    /**
     * Writes a header line with a header name we have no constant for.
     *
     * @param name  the name.
     * @param value the value.
     * @return this.
     */
    public SipMessageWriter header(final CharSequence name, final CharSequence value)
    {
        ByteBufUtil.writeAscii(out, name);
        out.writeBytes(COLON_SP);
        return append(value).headerEnd();
    }

    /**
     * Writes a header line with a number value (Max-Forwards, Expires, ...).
     *
     * @param name  the header; not {@link HeaderName#OTHER}.
     * @param value the value, not negative.
     * @return this.
     */
    public SipMessageWriter header(final HeaderName name, final long value)
    {
        return headerStart(name).append(value).headerEnd();
    }

    /**
     * Writes a header line whose value is a slice of a buffer (folding in it is replaced by a
     * single space, RFC 3261 §7.3.1).
     *
     * @param name        the header; not {@link HeaderName#OTHER}.
     * @param source      the buffer holding the value.
     * @param valueOffset where the value starts.
     * @param valueLength its length.
     * @return this.
     */
    public SipMessageWriter header(final HeaderName name, final ByteBuf source, final int valueOffset,
        final int valueLength)
    {
        return headerStart(name).appendUnfolded(source, valueOffset, valueLength).headerEnd();
    }

    /**
     * Copies a header line of a parsed message: known names in their full form, unknown names as
     * sent, the value unfolded.
     *
     * @param message the parsed message.
     * @param index   the header line, 0 to {@link SipMessage#headerCount()} - 1.
     * @return this.
     */
    public SipMessageWriter copyHeader(final SipMessage message, final int index)
    {
        final HeaderName name = message.headerName(index);
        if (name == HeaderName.OTHER)
        {
            copy(message.buffer(), message.headerNameOffset(index), message.headerNameLength(index));
        }
        else
        {
            out.writeBytes(name.bytes());
        }
        out.writeBytes(COLON_SP);
        if (message.headerValueFolded(index))
        {
            appendUnfolded(message.buffer(), message.headerValueOffset(index), message.headerValueLength(index));
        }
        else
        {
            copy(message.buffer(), message.headerValueOffset(index), message.headerValueLength(index));
        }
        return headerEnd();
    }

    /**
     * Copies every header line of a parsed message that has a name.
     *
     * @param message the parsed message.
     * @param name    the header to copy.
     * @return this.
     */
    public SipMessageWriter copyHeaders(final SipMessage message, final HeaderName name)
    {
        for (int i = message.findHeader(name, 0); i >= 0; i = message.findHeader(name, i + 1))
        {
            copyHeader(message, i);
        }
        return this;
    }

    /**
     * Starts a header line whose value the caller composes with the {@code append} methods and
     * ends with {@link #headerEnd()}.
     *
     * @param name the header; not {@link HeaderName#OTHER}.
     * @return this.
     */
    public SipMessageWriter headerStart(final HeaderName name)
    {
        if (name == HeaderName.OTHER)
        {
            throw new IllegalArgumentException("header needs its name: name=" + name);
        }
        out.writeBytes(name.bytes());
        out.writeBytes(COLON_SP);
        return this;
    }

    /**
     * Writes a CSeq header line (RFC 3261 §20.16).
     *
     * @param number the sequence number.
     * @param method the method; not {@link SipMethod#EXTENSION}.
     * @return this.
     */
    public SipMessageWriter cseq(final long number, final SipMethod method)
    {
        headerStart(HeaderName.CSEQ);
        writeDecimal(out, number);
        out.writeByte(SP);
        out.writeBytes(method.bytes());
        return crlf();
    }

    /**
     * Writes the response to a parsed request that RFC 3261 §8.2.6.2 prescribes up to its
     * variable part: status line, every Via, From, To (with our tag when the request's To has none
     * and the response is not 100), Call-ID and CSeq. The caller adds further headers, then ends.
     *
     * @param request    the parsed request.
     * @param statusCode 100..699.
     * @param reason     the reason phrase.
     * @param toTag      the tag to add to To, or null for none.
     * @return this.
     */
    public SipMessageWriter responseTo(final SipMessage request, final int statusCode, final CharSequence reason,
        final CharSequence toTag)
    {
        statusLine(statusCode, reason);
        copyHeaders(request, HeaderName.VIA);
        copyIfPresent(request, request.fromHeaderIndex());
        final int to = request.toHeaderIndex();
        if (to >= 0)
        {
            if (toTag != null && statusCode > 100 && request.toTagOffset() < 0)
            {
                headerStart(HeaderName.TO)
                    .appendUnfolded(request.buffer(), request.headerValueOffset(to), request.headerValueLength(to));
                out.writeBytes(TAG_PARAM);
                append(toTag).headerEnd();
            }
            else
            {
                copyHeader(request, to);
            }
        }
        copyIfPresent(request, request.callIdHeaderIndex());
        return copyIfPresent(request, request.cseqHeaderIndex());
    }

    private SipMessageWriter copyIfPresent(final SipMessage message, final int index)
    {
        return index < 0 ? this : copyHeader(message, index);
    }

    /**
     * Ends the message without a body: {@code Content-Length: 0} and the empty line.
     *
     * @return the buffer written.
     */
    public ByteBuf endWithoutBody()
    {
        out.writeBytes(CONTENT_LENGTH);
        out.writeByte('0');
        crlf();
        crlf();
        return out;
    }

    /**
     * Ends the message with a body: its Content-Length, the empty line, the body bytes.
     *
     * @param body   the buffer holding the body.
     * @param offset where it starts.
     * @param length its length.
     * @return the buffer written.
     */
    public ByteBuf end(final ByteBuf body, final int offset, final int length)
    {
        out.writeBytes(CONTENT_LENGTH);
        writeDecimal(out, length);
        crlf();
        crlf();
        copy(body, offset, length);
        return out;
    }

    /**
     * Encodes a whole parsed message in canonical form: start line with single spaces, every header
     * line in order with known names in full and folding unfolded, the empty line, the body. The
     * headers, Content-Length included, are copied, so that parsing the output gives the same
     * values as the input (no header is added or dropped).
     *
     * @param message a message that parsed.
     * @return the buffer written.
     */
    public ByteBuf writeMessage(final SipMessage message)
    {
        final ByteBuf source = message.buffer();
        if (message.isRequest())
        {
            copy(source, message.methodOffset(), message.methodLength());
            out.writeByte(SP);
            copy(source, message.requestUriOffset(), message.requestUriLength());
            out.writeByte(SP);
            out.writeBytes(SIP_2_0);
        }
        else
        {
            out.writeBytes(SIP_2_0);
            out.writeByte(SP);
            writeDecimal(out, message.statusCode());
            out.writeByte(SP);
            copy(source, message.reasonOffset(), message.reasonLength());
        }
        crlf();
        for (int i = 0; i < message.headerCount(); i++)
        {
            copyHeader(message, i);
        }
        crlf();
        copy(source, message.bodyOffset(), message.bodyLength());
        return out;
    }

    private void copy(final ByteBuf source, final int offset, final int length)
    {
        copySlice(out, source, offset, length);
    }

    /**
     * Copies a slice of one buffer to the end of another: memory to memory when both buffers have
     * a native address (Netty with {@code sun.misc.Unsafe}, as the switch runs), otherwise through
     * the source's cached NIO view when it has one, since a buffer-to-buffer copy makes new views
     * of both buffers on every call when Netty runs without {@code sun.misc.Unsafe} (its default on
     * JDK 24 and later). A slice or a freshly pooled buffer has no cached view: asking one for it
     * allocates a view per copy.
     *
     * @param out    where to append.
     * @param source the buffer to copy from.
     * @param offset where the slice starts.
     * @param length its length.
     */
    public static void copySlice(final ByteBuf out, final ByteBuf source, final int offset, final int length)
    {
        if (length <= 0)
        {
            return;
        }
        if (source.nioBufferCount() == 1 && !(source.hasMemoryAddress() && out.hasMemoryAddress()))
        {
            out.writeBytes(source.internalNioBuffer(offset, length));
        }
        else
        {
            out.ensureWritable(length);
            final int writerIndex = out.writerIndex();
            source.getBytes(offset, out, writerIndex, length);
            out.writerIndex(writerIndex + length);
        }
    }

    /**
     * Writes a non-negative number in decimal ASCII, without an intermediate {@code String}.
     *
     * @param out   where to write.
     * @param value the number, 0 or more.
     */
    public static void writeDecimal(final ByteBuf out, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException("negative number: value=" + value);
        }
        long divisor = 1;
        while (divisor <= value / 10)
        {
            divisor *= 10;
        }
        long rest = value;
        while (divisor > 0)
        {
            out.writeByte((byte)('0' + rest / divisor));
            rest %= divisor;
            divisor /= 10;
        }
    }
}
