package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A reusable, allocation-free view of one parsed SIP message (RFC 3261 §7) over the
 * {@link ByteBuf} it arrived in: every accessor answers with offsets into {@link #buffer()} or
 * with numbers, never with a {@code String}, except the {@code ...AsString} debugging helpers.
 * <p>
 * {@link SipParser} fills it; one instance per thread is reused for every message. The view is
 * valid only while its buffer is: the decoders release the buffer when the handler returns, so
 * a handler that keeps the message must {@code retain()} the buffer and copy what it needs.
 * Offsets are absolute indices into the buffer; "absent" is an offset of -1 and a length of 0.
 * <p>
 * Header lines are framed as they arrive (one entry per line, in order):
 * <pre>
 *   index i:  nameOffset[i]   nameLength[i]   nameId[i] (HeaderName ordinal)
 *             valueOffset[i]  valueLength[i]  folded[i] (value spans CRLF + whitespace)
 * </pre>
 * Only what routing needs is parsed further: the top Via, the From and To tags, Call-ID, CSeq,
 * Max-Forwards, Content-Length and the Request-URI with its user part.
 */
public final class SipMessage
{
    private static final byte[] BRANCH_COOKIE = "z9hG4bK".getBytes(StandardCharsets.US_ASCII);

    ByteBuf buffer;
    int offset;
    int length;
    boolean request;

    SipMethod method = SipMethod.EXTENSION;
    int methodOffset;
    int methodLength;
    UriScheme uriScheme = UriScheme.OTHER;
    int uriOffset;
    int uriLength;
    int uriUserOffset;
    int uriUserLength;
    int uriHostOffset;
    int uriHostLength;
    int uriPort;
    int versionOffset;
    int versionLength;
    int statusCode;
    int reasonOffset;
    int reasonLength;

    final int[] headerNameIds;
    final int[] headerNameOffsets;
    final int[] headerNameLengths;
    final int[] headerValueOffsets;
    final int[] headerValueLengths;
    final boolean[] headerFolded;
    int headerCount;

    int callIdOffset;
    int callIdLength;
    long cseqNumber;
    SipMethod cseqMethod = SipMethod.EXTENSION;
    int cseqMethodOffset;
    int cseqMethodLength;
    int maxForwards;
    int contentLength;
    int contentLengthCount;
    int bodyOffset;
    int bodyLength;
    int fromTagOffset;
    int fromTagLength;
    int toTagOffset;
    int toTagLength;
    int fromHeaderIndex;
    int toHeaderIndex;
    int callIdHeaderIndex;
    int cseqHeaderIndex;
    int contentTypeHeaderIndex;

    int viaCount;
    int topViaOffset;
    int topViaLength;
    int viaTransportOffset;
    int viaTransportLength;
    int viaHostOffset;
    int viaHostLength;
    int viaPort;
    int viaBranchOffset;
    int viaBranchLength;
    int viaReceivedOffset;
    int viaReceivedLength;
    int viaRport;
    boolean topViaParsed;

    SipParseError error;
    int errorOffset;
    int errorResponseCode;

    /** After {@link SipParseResult#INCOMPLETE} on a stream: bytes from the parse index the message needs, 0 when unknown. */
    int streamBytesNeeded;

    /**
     * Creates a view able to hold as many header lines as the limits allow.
     *
     * @param limits the limits the parser will enforce.
     */
    public SipMessage(final SipLimits limits)
    {
        final int capacity = limits.maxHeaderCount();
        headerNameIds = new int[capacity];
        headerNameOffsets = new int[capacity];
        headerNameLengths = new int[capacity];
        headerValueOffsets = new int[capacity];
        headerValueLengths = new int[capacity];
        headerFolded = new boolean[capacity];
        reset(null, 0);
    }

    void reset(final ByteBuf buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        length = 0;
        request = false;
        method = SipMethod.EXTENSION;
        methodOffset = -1;
        methodLength = 0;
        uriScheme = UriScheme.OTHER;
        uriOffset = -1;
        uriLength = 0;
        uriUserOffset = -1;
        uriUserLength = 0;
        uriHostOffset = -1;
        uriHostLength = 0;
        uriPort = -1;
        versionOffset = -1;
        versionLength = 0;
        statusCode = 0;
        reasonOffset = -1;
        reasonLength = 0;
        headerCount = 0;
        callIdOffset = -1;
        callIdLength = 0;
        cseqNumber = -1;
        cseqMethod = SipMethod.EXTENSION;
        cseqMethodOffset = -1;
        cseqMethodLength = 0;
        maxForwards = -1;
        contentLength = -1;
        contentLengthCount = 0;
        bodyOffset = -1;
        bodyLength = 0;
        fromTagOffset = -1;
        fromTagLength = 0;
        toTagOffset = -1;
        toTagLength = 0;
        fromHeaderIndex = -1;
        toHeaderIndex = -1;
        callIdHeaderIndex = -1;
        cseqHeaderIndex = -1;
        contentTypeHeaderIndex = -1;
        viaCount = 0;
        topViaOffset = -1;
        topViaLength = 0;
        viaTransportOffset = -1;
        viaTransportLength = 0;
        viaHostOffset = -1;
        viaHostLength = 0;
        viaPort = -1;
        viaBranchOffset = -1;
        viaBranchLength = 0;
        viaReceivedOffset = -1;
        viaReceivedLength = 0;
        viaRport = -1;
        topViaParsed = false;
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
     * Whether this is a request (else a response).
     *
     * @return true for a request.
     */
    public boolean isRequest()
    {
        return request;
    }

    /**
     * The request method; {@link SipMethod#EXTENSION} for unknown tokens and for responses.
     *
     * @return the method.
     */
    public SipMethod method()
    {
        return method;
    }

    /**
     * Where the request's method token starts.
     *
     * @return the offset, -1 for responses.
     */
    public int methodOffset()
    {
        return methodOffset;
    }

    /**
     * The length of the request's method token.
     *
     * @return the length.
     */
    public int methodLength()
    {
        return methodLength;
    }

    /**
     * The response's status code.
     *
     * @return 100..699, or 0 for requests.
     */
    public int statusCode()
    {
        return statusCode;
    }

    /**
     * Where the response's reason phrase starts (it may be empty, RFC 3261 §25.1).
     *
     * @return the offset, -1 for requests.
     */
    public int reasonOffset()
    {
        return reasonOffset;
    }

    /**
     * The length of the response's reason phrase.
     *
     * @return the length.
     */
    public int reasonLength()
    {
        return reasonLength;
    }

    /**
     * Where the SIP-Version of the start line starts.
     *
     * @return the offset.
     */
    public int versionOffset()
    {
        return versionOffset;
    }

    /**
     * The length of the SIP-Version of the start line.
     *
     * @return the length.
     */
    public int versionLength()
    {
        return versionLength;
    }

    /**
     * The Request-URI's scheme.
     *
     * @return the scheme; {@link UriScheme#OTHER} for responses.
     */
    public UriScheme requestUriScheme()
    {
        return uriScheme;
    }

    /**
     * Where the Request-URI starts.
     *
     * @return the offset, -1 for responses.
     */
    public int requestUriOffset()
    {
        return uriOffset;
    }

    /**
     * The Request-URI's length.
     *
     * @return the length.
     */
    public int requestUriLength()
    {
        return uriLength;
    }

    /**
     * Where the Request-URI's user part starts: the user of a sip/sips URI (before {@code :password}
     * and {@code @}), or the number of a tel URI (before its parameters). Escapes stay as sent.
     *
     * @return the offset, -1 when the URI has no user part.
     */
    public int requestUriUserOffset()
    {
        return uriUserOffset;
    }

    /**
     * The length of the Request-URI's user part.
     *
     * @return the length, 0 when absent.
     */
    public int requestUriUserLength()
    {
        return uriUserLength;
    }

    /**
     * Where the host of a sip/sips Request-URI starts (IPv6 references keep their brackets).
     *
     * @return the offset, -1 for other schemes.
     */
    public int requestUriHostOffset()
    {
        return uriHostOffset;
    }

    /**
     * The length of the Request-URI's host.
     *
     * @return the length.
     */
    public int requestUriHostLength()
    {
        return uriHostLength;
    }

    /**
     * The port of a sip/sips Request-URI.
     *
     * @return the port, -1 when absent.
     */
    public int requestUriPort()
    {
        return uriPort;
    }

    /**
     * Where the Call-ID value starts.
     *
     * @return the offset, -1 when absent.
     */
    public int callIdOffset()
    {
        return callIdOffset;
    }

    /**
     * The Call-ID value's length.
     *
     * @return the length.
     */
    public int callIdLength()
    {
        return callIdLength;
    }

    /**
     * The CSeq sequence number (RFC 3261 §20.16).
     *
     * @return the number, -1 when absent.
     */
    public long cseqNumber()
    {
        return cseqNumber;
    }

    /**
     * The CSeq method.
     *
     * @return the method; {@link SipMethod#EXTENSION} for unknown tokens or when absent.
     */
    public SipMethod cseqMethod()
    {
        return cseqMethod;
    }

    /**
     * Where the CSeq method token starts.
     *
     * @return the offset, -1 when absent.
     */
    public int cseqMethodOffset()
    {
        return cseqMethodOffset;
    }

    /**
     * The CSeq method token's length.
     *
     * @return the length.
     */
    public int cseqMethodLength()
    {
        return cseqMethodLength;
    }

    /**
     * The Max-Forwards value (RFC 3261 §20.22).
     *
     * @return 0..255, -1 when absent.
     */
    public int maxForwards()
    {
        return maxForwards;
    }

    /**
     * The Content-Length value (of the first Content-Length header when there are several).
     *
     * @return the value, -1 when absent.
     */
    public int contentLength()
    {
        return contentLength;
    }

    /**
     * How many Content-Length headers the message holds (more than one is refused, RFC 4475 §3.3.9).
     *
     * @return the count.
     */
    public int contentLengthCount()
    {
        return contentLengthCount;
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
     * Where the From tag's value starts.
     *
     * @return the offset, -1 when From has no tag.
     */
    public int fromTagOffset()
    {
        return fromTagOffset;
    }

    /**
     * The From tag's length.
     *
     * @return the length.
     */
    public int fromTagLength()
    {
        return fromTagLength;
    }

    /**
     * Where the To tag's value starts.
     *
     * @return the offset, -1 when To has no tag.
     */
    public int toTagOffset()
    {
        return toTagOffset;
    }

    /**
     * The To tag's length.
     *
     * @return the length.
     */
    public int toTagLength()
    {
        return toTagLength;
    }

    /**
     * The index of the From header line.
     *
     * @return the header index, -1 when absent.
     */
    public int fromHeaderIndex()
    {
        return fromHeaderIndex;
    }

    /**
     * The index of the To header line.
     *
     * @return the header index, -1 when absent.
     */
    public int toHeaderIndex()
    {
        return toHeaderIndex;
    }

    /**
     * The index of the Call-ID header line.
     *
     * @return the header index, -1 when absent.
     */
    public int callIdHeaderIndex()
    {
        return callIdHeaderIndex;
    }

    /**
     * The index of the CSeq header line.
     *
     * @return the header index, -1 when absent.
     */
    public int cseqHeaderIndex()
    {
        return cseqHeaderIndex;
    }

    /**
     * The index of the Content-Type header line.
     *
     * @return the header index, -1 when absent.
     */
    public int contentTypeHeaderIndex()
    {
        return contentTypeHeaderIndex;
    }

    /**
     * How many Via entries the message holds, counting every comma-separated value of every Via
     * header line.
     *
     * @return the count.
     */
    public int viaCount()
    {
        return viaCount;
    }

    /**
     * Whether the topmost Via entry parsed (a response can then be routed back, RFC 3261 §18.2.2).
     *
     * @return true when the top Via is valid.
     */
    public boolean hasTopVia()
    {
        return topViaParsed;
    }

    /**
     * Where the topmost Via entry starts (one element of a comma-separated list).
     *
     * @return the offset, -1 when absent.
     */
    public int topViaOffset()
    {
        return topViaOffset;
    }

    /**
     * The topmost Via entry's length.
     *
     * @return the length.
     */
    public int topViaLength()
    {
        return topViaLength;
    }

    /**
     * Where the top Via's transport token ({@code UDP}, {@code TCP}, ...) starts.
     *
     * @return the offset, -1 when absent.
     */
    public int viaTransportOffset()
    {
        return viaTransportOffset;
    }

    /**
     * The top Via's transport token length.
     *
     * @return the length.
     */
    public int viaTransportLength()
    {
        return viaTransportLength;
    }

    /**
     * Where the top Via's sent-by host starts (IPv6 references keep their brackets, RFC 5118).
     *
     * @return the offset, -1 when absent.
     */
    public int viaHostOffset()
    {
        return viaHostOffset;
    }

    /**
     * The top Via's sent-by host length.
     *
     * @return the length.
     */
    public int viaHostLength()
    {
        return viaHostLength;
    }

    /**
     * The top Via's sent-by port.
     *
     * @return the port, -1 when absent.
     */
    public int viaPort()
    {
        return viaPort;
    }

    /**
     * Where the top Via's branch parameter value starts.
     *
     * @return the offset, -1 when absent.
     */
    public int viaBranchOffset()
    {
        return viaBranchOffset;
    }

    /**
     * The top Via's branch length.
     *
     * @return the length.
     */
    public int viaBranchLength()
    {
        return viaBranchLength;
    }

    /**
     * Whether the top Via's branch starts with the RFC 3261 magic cookie {@code z9hG4bK}
     * (RFC 3261 §8.1.1.7); without it the transaction is matched the RFC 2543 way (§17.2.3).
     *
     * @return true when the branch has the cookie.
     */
    public boolean viaBranchHasMagicCookie()
    {
        return viaBranchLength >= BRANCH_COOKIE.length && SipBytes.equals(buffer, viaBranchOffset, BRANCH_COOKIE);
    }

    /**
     * Where the top Via's {@code received} parameter value starts (RFC 3261 §18.2.1).
     *
     * @return the offset, -1 when absent.
     */
    public int viaReceivedOffset()
    {
        return viaReceivedOffset;
    }

    /**
     * The top Via's {@code received} value length.
     *
     * @return the length.
     */
    public int viaReceivedLength()
    {
        return viaReceivedLength;
    }

    /**
     * The top Via's {@code rport} parameter (RFC 3581).
     *
     * @return -1 when absent, 0 when present without a value, else the port.
     */
    public int viaRport()
    {
        return viaRport;
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
     * Debugging helper: the Call-ID as a string (allocates; not for the hot path).
     *
     * @return the Call-ID, null when absent.
     */
    public String callIdAsString()
    {
        return rangeAsString(callIdOffset, callIdLength);
    }

    /**
     * Debugging helper: the Request-URI as a string (allocates; not for the hot path).
     *
     * @return the URI, null for responses.
     */
    public String requestUriAsString()
    {
        return rangeAsString(uriOffset, uriLength);
    }

    /**
     * Debugging helper: the Request-URI user part as a string (allocates; not for the hot path).
     *
     * @return the user part, null when absent.
     */
    public String requestUriUserAsString()
    {
        return rangeAsString(uriUserOffset, uriUserLength);
    }

    /**
     * Debugging helper: the method token as sent (allocates; not for the hot path).
     *
     * @return the method, null for responses.
     */
    public String methodAsString()
    {
        return rangeAsString(methodOffset, methodLength);
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
        final int length = SipMessageWriter.unfold(buffer, headerValueOffsets[index], headerValueLengths[index], unfolded);
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

    @Override
    public String toString()
    {
        if (buffer == null)
        {
            return "SipMessage{empty}";
        }
        if (error != null)
        {
            return "SipMessage{error=" + error + " errorOffset=" + errorOffset + " code=" + errorResponseCode + "}";
        }
        return request ?
            "SipMessage{request " + methodAsString() + " " + requestUriAsString() + " callId=" + callIdAsString() + "}" :
            "SipMessage{response " + statusCode + " callId=" + callIdAsString() + "}";
    }
}
