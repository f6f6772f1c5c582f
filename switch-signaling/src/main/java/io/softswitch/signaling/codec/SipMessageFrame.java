package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The frame of a parsed SIP message (RFC 3261 §7), the first layer of {@link SipMessage}: where
 * the message lies in its buffer, its header lines as they arrived, its body, and the error that
 * stopped parsing.
 * <p>
 * Header lines are framed as they arrive (one entry per line, in order):
 * <pre>
 *   index i:  nameOffset[i]   nameLength[i]   nameId[i] (HeaderName ordinal)
 *             valueOffset[i]  valueLength[i]  folded[i] (value spans CRLF + whitespace)
 * </pre>
 * Offsets are absolute indices into the buffer; "absent" is an offset of -1 and a length of 0.
 */
abstract sealed class SipMessageFrame permits SipRoutingHeaders
{
    ByteBuf buffer;
    int offset;
    int length;

    final int[] headerNameIds;
    final int[] headerNameOffsets;
    final int[] headerNameLengths;
    final int[] headerValueOffsets;
    final int[] headerValueLengths;
    final boolean[] headerFolded;
    int headerCount;

    int bodyOffset;
    int bodyLength;

    SipParseError error;
    int errorOffset;
    int errorResponseCode;

    /** After {@link SipParseResult#INCOMPLETE} on a stream: bytes from the parse index the message needs, 0 when unknown. */
    int streamBytesNeeded;

    SipMessageFrame(final int maxHeaderCount)
    {
        headerNameIds = new int[maxHeaderCount];
        headerNameOffsets = new int[maxHeaderCount];
        headerNameLengths = new int[maxHeaderCount];
        headerValueOffsets = new int[maxHeaderCount];
        headerValueLengths = new int[maxHeaderCount];
        headerFolded = new boolean[maxHeaderCount];
    }

    final void resetFrame(final ByteBuf buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        length = 0;
        headerCount = 0;
        bodyOffset = -1;
        bodyLength = 0;
        error = null;
        errorOffset = -1;
        errorResponseCode = 0;
        streamBytesNeeded = 0;
    }

    /**
     * The buffer the message lies in.
     *
     * @return the buffer; not retained for the caller.
     */
    public ByteBuf buffer()
    {
        return buffer;
    }

    /**
     * Where the message starts in the buffer (after any CRLFs that preceded it, RFC 3261 §7.5).
     *
     * @return the index of the start line's first byte.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * The message's length in bytes, start line to the end of the body; bytes after it (trailing
     * datagram bytes or the next message on a stream) are not part of it.
     *
     * @return the length, 0 when parsing failed.
     */
    public int length()
    {
        return length;
    }

    /**
     * How many header lines were framed.
     *
     * @return the count.
     */
    public int headerCount()
    {
        return headerCount;
    }

    /**
     * The name of a header line.
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the name, {@link HeaderName#OTHER} when unknown.
     */
    public HeaderName headerName(final int index)
    {
        return HeaderName.ofOrdinal(headerNameIds[index]);
    }

    /**
     * The {@link HeaderName} ordinal of a header line, for switch statements without a lookup.
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the ordinal.
     */
    public int headerNameId(final int index)
    {
        return headerNameIds[index];
    }

    /**
     * Where a header line's name starts (as sent: compact or full, any case).
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the offset.
     */
    public int headerNameOffset(final int index)
    {
        return headerNameOffsets[index];
    }

    /**
     * The length of a header line's name.
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the length.
     */
    public int headerNameLength(final int index)
    {
        return headerNameLengths[index];
    }

    /**
     * Where a header line's value starts (leading whitespace skipped).
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the offset.
     */
    public int headerValueOffset(final int index)
    {
        return headerValueOffsets[index];
    }

    /**
     * The length of a header line's value (trailing whitespace trimmed; folding kept, see
     * {@link #headerValueFolded(int)}).
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the length, possibly 0.
     */
    public int headerValueLength(final int index)
    {
        return headerValueLengths[index];
    }

    /**
     * Whether a header value spans folded lines (RFC 3261 §7.3.1): it then holds CRLF followed by
     * whitespace, which means a single space.
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return true when folded.
     */
    public boolean headerValueFolded(final int index)
    {
        return headerFolded[index];
    }

    /**
     * The index of the first header line with a name, from a starting index.
     *
     * @param name the name.
     * @param from the first index to look at.
     * @return the index, -1 when none.
     */
    public int findHeader(final HeaderName name, final int from)
    {
        final int id = name.ordinal();
        for (int i = from; i < headerCount; i++)
        {
            if (headerNameIds[i] == id)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the body starts.
     *
     * @return the offset (just after the empty line), -1 when parsing failed before it.
     */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    /**
     * The body's length: Content-Length, or over a datagram without Content-Length the rest of
     * the datagram (RFC 3261 §18.3).
     *
     * @return the length.
     */
    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * The error that stopped parsing.
     *
     * @return the error, null when the message parsed.
     */
    public SipParseError error()
    {
        return error;
    }

    /**
     * The byte index in the buffer where the error was found.
     *
     * @return the index, -1 when no error.
     */
    public int errorOffset()
    {
        return errorOffset;
    }

    /**
     * The response to send for the error: the error's code for a request whose top Via parsed,
     * 0 for responses and for requests that cannot be answered.
     *
     * @return the status code or 0.
     */
    public int errorResponseCode()
    {
        return errorResponseCode;
    }

    /**
     * Debugging helper: a header line's name as sent (allocates; not for the hot path).
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the name.
     */
    public String headerNameAsString(final int index)
    {
        return rangeAsString(headerNameOffsets[index], headerNameLengths[index]);
    }

    /**
     * Debugging helper: a header line's value with folding replaced by a single space
     * (RFC 3261 §7.3.1), as UTF-8 (allocates; not for the hot path).
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the unfolded value.
     */
    public String headerValueAsString(final int index)
    {
        final byte[] unfolded = new byte[headerValueLengths[index]];
        final int length = HeaderValueWriter.unfold(buffer, headerValueOffsets[index], headerValueLengths[index], unfolded);
        return new String(unfolded, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Debugging helper: a range of the buffer as UTF-8 (allocates; not for the hot path).
     *
     * @param rangeOffset where it starts, -1 for absent.
     * @param rangeLength its length.
     * @return the text, null when absent.
     */
    public String rangeAsString(final int rangeOffset, final int rangeLength)
    {
        return rangeOffset < 0 ? null : buffer.toString(rangeOffset, rangeLength, StandardCharsets.UTF_8);
    }
}
