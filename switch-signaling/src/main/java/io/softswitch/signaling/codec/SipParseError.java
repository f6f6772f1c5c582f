package io.softswitch.signaling.codec;

/**
 * Why a message was refused by {@link SipParser}, with the response a request gets for it.
 * <p>
 * The code actually to send is {@link SipMessage#errorResponseCode()}: it is 0 for responses
 * (never answered, RFC 3261 §18.1.2: dropped) and for requests too broken to answer.
 */
public enum SipParseError
{
    /** Request or status line does not follow RFC 3261 §7.1 / §7.2. */
    BAD_START_LINE(400),
    /** Request-URI is not a URI (RFC 3261 §19.1.1, RFC 5118 §4.1 for IPv6 hosts). */
    BAD_REQUEST_URI(400),
    /** Request line longer than {@link SipLimits#maxStartLineBytes()} because of the Request-URI. */
    REQUEST_URI_TOO_LONG(414),
    /** Start line longer than {@link SipLimits#maxStartLineBytes()}. */
    START_LINE_TOO_LONG(400),
    /** SIP-Version other than 2.0 (RFC 3261 §8.2.2 ... §21.5.7: 505). */
    UNSUPPORTED_VERSION(505),
    /** Status code not three digits (RFC 3261 §7.2); responses are dropped. */
    BAD_STATUS_CODE(0),
    /** A header line without a name token and colon, or a folding line where none can be. */
    BAD_HEADER_LINE(400),
    /** More header lines than {@link SipLimits#maxHeaderCount()}. */
    TOO_MANY_HEADERS(400),
    /** Header section larger than {@link SipLimits#maxHeaderBytes()}. */
    HEADERS_TOO_LARGE(400),
    /** A datagram ends before the empty line that ends the headers (RFC 3261 §7). */
    HEADERS_NOT_TERMINATED(400),
    /** Via does not follow RFC 3261 §20.42. */
    BAD_VIA(400),
    /** From or To does not follow RFC 3261 §20.20 / §20.39 (for example an unclosed quote). */
    BAD_ADDRESS(400),
    /** Call-ID is empty or holds whitespace (RFC 3261 §20.8). */
    BAD_CALL_ID(400),
    /** CSeq number is not a 32-bit number below 2^31 or has no method (RFC 3261 §8.1.1.5, §20.16). */
    BAD_CSEQ(400),
    /** Max-Forwards is not a number from 0 to 255 (RFC 3261 §20.22). */
    BAD_MAX_FORWARDS(400),
    /** Content-Length is not a non-negative number (RFC 3261 §20.14). */
    BAD_CONTENT_LENGTH(400),
    /** Stream transport without Content-Length (RFC 3261 §18.3: it is mandatory there). */
    MISSING_CONTENT_LENGTH(400),
    /** Content-Length above {@link SipLimits#maxBodyBytes()}. */
    BODY_TOO_LARGE(413),
    /** Datagram with fewer body bytes than Content-Length says (RFC 3261 §18.3: 400). */
    TRUNCATED_BODY(400);

    private final int responseCode;

    SipParseError(final int responseCode)
    {
        this.responseCode = responseCode;
    }

    /**
     * The response a request with this error gets, 0 when none is sent.
     *
     * @return the status code or 0.
     */
    public int responseCode()
    {
        return responseCode;
    }
}
