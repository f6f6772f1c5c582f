package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

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
 * The view is built in three layers, each in its own file: {@code SipMessageFrame} (the buffer,
 * the header lines as framed, the body, the parse error), {@code SipRoutingHeaders} (the only
 * headers parsed further: the top Via, the From and To tags, Call-ID, CSeq, Max-Forwards,
 * Content-Length) and this class (the start line and the Request-URI with its user part).
 */
public final class SipMessage extends SipRoutingHeaders
{
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

    /**
     * Creates a view able to hold as many header lines as the limits allow.
     *
     * @param limits the limits the parser will enforce.
     */
    public SipMessage(final SipLimits limits)
    {
        super(limits.maxHeaderCount());
        reset(null, 0);
    }

    void reset(final ByteBuf buffer, final int offset)
    {
        resetFrame(buffer, offset);
        resetRoutingHeaders();
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
