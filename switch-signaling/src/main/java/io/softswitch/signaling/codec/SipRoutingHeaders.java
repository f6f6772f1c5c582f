package io.softswitch.signaling.codec;

import java.nio.charset.StandardCharsets;

/**
 * The headers a switch routes on, parsed: the second layer of {@link SipMessage}, over its
 * {@link SipMessageFrame}. Call-ID, CSeq, Max-Forwards, Content-Length, the From and To tags,
 * where those header lines are, and the top Via with its sent-by, branch, {@code received} and
 * {@code rport} (RFC 3261 §20, §18.2; RFC 3581). Every other header is left as its slice.
 */
abstract sealed class SipRoutingHeaders extends SipMessageFrame permits SipMessage
{
    private static final byte[] BRANCH_COOKIE = "z9hG4bK".getBytes(StandardCharsets.US_ASCII);

    int callIdOffset;
    int callIdLength;
    long cseqNumber;
    SipMethod cseqMethod = SipMethod.EXTENSION;
    int cseqMethodOffset;
    int cseqMethodLength;
    int maxForwards;
    int contentLength;
    int contentLengthCount;
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

    SipRoutingHeaders(final int maxHeaderCount)
    {
        super(maxHeaderCount);
    }

    final void resetRoutingHeaders()
    {
        callIdOffset = -1;
        callIdLength = 0;
        cseqNumber = -1;
        cseqMethod = SipMethod.EXTENSION;
        cseqMethodOffset = -1;
        cseqMethodLength = 0;
        maxForwards = -1;
        contentLength = -1;
        contentLengthCount = 0;
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
     * Debugging helper: the Call-ID as a string (allocates; not for the hot path).
     *
     * @return the Call-ID, null when absent.
     */
    public String callIdAsString()
    {
        return rangeAsString(callIdOffset, callIdLength);
    }
}
