package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

import static io.softswitch.signaling.codec.SipBytes.CR;
import static io.softswitch.signaling.codec.SipBytes.HTAB;
import static io.softswitch.signaling.codec.SipBytes.LF;
import static io.softswitch.signaling.codec.SipBytes.SP;

/**
 * The SIP message parser (RFC 3261 §7, §20, §25): stateless, allocation-free, lazy.
 * <p>
 * It reads only the bytes from {@code index} to {@code index + length}, frames the start line
 * and every header line as offsets into the {@link SipMessage} it is given, and parses fully
 * only what routing needs (top Via, From and To tags, Call-ID, CSeq, Max-Forwards,
 * Content-Length, Request-URI). The same parser serves both framings:
 * {@link #parse} for a datagram (one message, trailing bytes ignored, no Content-Length means the
 * rest of the datagram, RFC 3261 §18.3) and {@link #parseStream} for a stream (Content-Length
 * mandatory, {@link SipParseResult#INCOMPLETE} until the whole message is there).
 * <p>
 * Internal scanners return a non-negative index on success and {@code ~errorIndex} on failure,
 * so that an error carries its byte offset without an object.
 */
public final class SipParser
{
    private static final byte[] SIP_VERSION_PREFIX = "sip/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIP_2_0 = "sip/2.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCHEME_SIP = "sip".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCHEME_SIPS = "sips".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCHEME_TEL = "tel".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARAM_BRANCH = "branch".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARAM_RECEIVED = "received".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARAM_RPORT = "rport".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARAM_TAG = "tag".getBytes(StandardCharsets.US_ASCII);

    private static final long MAX_CSEQ = Integer.MAX_VALUE;
    private static final int MAX_MAX_FORWARDS = 255;
    private static final int MAX_PORT = 65_535;
    /** What {@code frameHeaders} returns when a stream has not yet delivered the end of the headers. */
    private static final int INCOMPLETE_MARK = Integer.MIN_VALUE;

    private final SipLimits limits;

    /**
     * Creates a parser enforcing the given limits.
     *
     * @param limits the limits.
     */
    public SipParser(final SipLimits limits)
    {
        this.limits = limits;
    }

    /**
     * The limits this parser enforces.
     *
     * @return the limits.
     */
    public SipLimits limits()
    {
        return limits;
    }

    /**
     * Parses the one message a datagram holds (RFC 3261 §18.3): bytes after the message are
     * ignored; without Content-Length the body is the rest of the datagram; a Content-Length
     * larger than what is left is an error.
     *
     * @param buffer the datagram's bytes.
     * @param index  where the datagram starts.
     * @param length how many bytes it has.
     * @param into   the view to fill (reset first).
     * @return {@link SipParseResult#MESSAGE} or {@link SipParseResult#ERROR}, never INCOMPLETE.
     */
    public SipParseResult parse(final ByteBuf buffer, final int index, final int length, final SipMessage into)
    {
        return parse(buffer, index, length, into, false);
    }

    /**
     * Parses the message that starts a stream's unread bytes (RFC 3261 §18.3): CRLFs before it
     * are skipped (RFC 3261 §7.5), Content-Length is mandatory, and until the whole message is
     * there the answer is {@link SipParseResult#INCOMPLETE}. After MESSAGE the message used the
     * bytes up to {@code into.offset() + into.length()}.
     *
     * @param buffer the stream's bytes.
     * @param index  where the unread bytes start.
     * @param length how many there are.
     * @param into   the view to fill (reset first).
     * @return the result.
     */
    public SipParseResult parseStream(final ByteBuf buffer, final int index, final int length, final SipMessage into)
    {
        return parse(buffer, index, length, into, true);
    }

    private SipParseResult parse(
        final ByteBuf buffer, final int index, final int length, final SipMessage into, final boolean stream)
    {
        final int end = index + length;
        int start = index;
        while (start < end && isCrOrLf(buffer.getByte(start)))
        {
            start++;
        }
        into.reset(buffer, start);
        if (start == end)
        {
            return stream ? SipParseResult.INCOMPLETE : fail(into, SipParseError.BAD_START_LINE, start);
        }

        final int maxLine = limits.maxStartLineBytes();
        int lf = indexOf(buffer, start, Math.min(end, start + maxLine + 2), LF);
        if (lf < 0)
        {
            if (end - start < maxLine + 2)
            {
                return stream ? SipParseResult.INCOMPLETE : fail(into, SipParseError.BAD_START_LINE, end);
            }
            lf = indexOf(buffer, start + maxLine + 2, end, LF);
        }
        final int lineEnd = lf < 0 ? end : (lf > start && buffer.getByte(lf - 1) == CR ? lf - 1 : lf);
        if (lineEnd - start > maxLine)
        {
            startLineTooLong(buffer, start, lineEnd, into);
            if (lf < 0 || !into.request)
            {
                return finishError(into);
            }
        }
        else
        {
            parseStartLine(buffer, start, lineEnd, into);
            if (into.error != null && !into.request)
            {
                return finishError(into);
            }
        }

        final int bodyStart = frameHeaders(buffer, lf + 1, end, into, stream);
        if (bodyStart == INCOMPLETE_MARK)
        {
            return SipParseResult.INCOMPLETE;
        }
        parseKnownHeaders(buffer, into);
        if (into.error != null)
        {
            return finishError(into);
        }

        into.bodyOffset = bodyStart;
        final int available = end - bodyStart;
        if (into.contentLength < 0)
        {
            if (stream)
            {
                return fail(into, SipParseError.MISSING_CONTENT_LENGTH, bodyStart);
            }
            into.bodyLength = available;
        }
        else if (into.contentLength > available)
        {
            if (stream)
            {
                into.streamBytesNeeded = bodyStart + into.contentLength - index;
                return SipParseResult.INCOMPLETE;
            }
            return fail(into, SipParseError.TRUNCATED_BODY, end);
        }
        else
        {
            into.bodyLength = into.contentLength;
        }
        into.length = bodyStart + into.bodyLength - start;
        return SipParseResult.MESSAGE;
    }

    /**
     * Frames header lines from {@code from}; returns the body's start, or {@link #INCOMPLETE_MARK},
     * or, when it recorded an error in {@code into}, the error's offset (the caller checks the error).
     */
    private int frameHeaders(final ByteBuf buffer, final int from, final int end, final SipMessage into,
        final boolean stream)
    {
        final int maxHeaderBytes = limits.maxHeaderBytes();
        final int limitEnd = (int)Math.min(end, (long)from + maxHeaderBytes);
        final boolean limitBinds = limitEnd < end || limitEnd - from == maxHeaderBytes;
        int p = from;
        while (true)
        {
            if (p >= limitEnd)
            {
                return endOfHeaderBytes(into, limitBinds, stream, p);
            }
            final byte first = buffer.getByte(p);
            if (first == CR || first == LF)
            {
                if (first == LF)
                {
                    return p + 1;
                }
                if (p + 1 >= limitEnd)
                {
                    return endOfHeaderBytes(into, limitBinds, stream, p + 1);
                }
                if (buffer.getByte(p + 1) == LF)
                {
                    return p + 2;
                }
                return recordError(into, SipParseError.BAD_HEADER_LINE, p + 1);
            }
            final int nameEnd = SipBytes.scanToken(buffer, p, limitEnd);
            if (nameEnd == p)
            {
                return recordError(into, SipParseError.BAD_HEADER_LINE, p);
            }
            int colon = nameEnd;
            while (colon < limitEnd && isSpaceOrTab(buffer.getByte(colon)))
            {
                colon++;
            }
            if (colon >= limitEnd)
            {
                return endOfHeaderBytes(into, limitBinds, stream, colon);
            }
            if (buffer.getByte(colon) != ':')
            {
                return recordError(into, SipParseError.BAD_HEADER_LINE, colon);
            }
            // RFC 3261 §7.3.1: a line starting with whitespace continues the value (folding).
            int scan = colon + 1;
            int lineLf;
            boolean folded = false;
            while (true)
            {
                final int lineBreak = scan < limitEnd ? SipBytes.lineBreak(buffer, scan, limitEnd) : -1;
                if (lineBreak < 0)
                {
                    return endOfHeaderBytes(into, limitBinds, stream, limitEnd);
                }
                if (buffer.getByte(lineBreak) == CR)
                {
                    if (lineBreak + 1 >= limitEnd)
                    {
                        return endOfHeaderBytes(into, limitBinds, stream, limitEnd);
                    }
                    // A CR that does not end the line would end it for some peers: refuse it
                    // rather than pass it on (RFC 3261 §7.3.1 allows CR only in CRLF).
                    if (buffer.getByte(lineBreak + 1) != LF)
                    {
                        return recordError(into, SipParseError.BAD_HEADER_LINE, lineBreak);
                    }
                    lineLf = lineBreak + 1;
                }
                else
                {
                    lineLf = lineBreak;
                }
                if (lineLf + 1 >= limitEnd)
                {
                    return endOfHeaderBytes(into, limitBinds, stream, limitEnd);
                }
                if (!isSpaceOrTab(buffer.getByte(lineLf + 1)))
                {
                    break;
                }
                folded = true;
                scan = lineLf + 1;
            }
            if (into.headerCount == into.headerNameIds.length)
            {
                return recordError(into, SipParseError.TOO_MANY_HEADERS, p);
            }
            final int valueStart = SipBytes.skipLws(buffer, colon + 1, lineLf);
            final int valueEnd = SipBytes.trimEnd(buffer, valueStart, lineLf);
            final int i = into.headerCount++;
            into.headerNameIds[i] = HeaderName.lookup(buffer, p, nameEnd - p).ordinal();
            into.headerNameOffsets[i] = p;
            into.headerNameLengths[i] = nameEnd - p;
            into.headerValueOffsets[i] = valueStart;
            into.headerValueLengths[i] = valueEnd - valueStart;
            into.headerFolded[i] = folded && indexOf(buffer, valueStart, valueEnd, LF) >= 0;
            p = lineLf + 1;
        }
    }

    private static int endOfHeaderBytes(final SipMessage into, final boolean limitBinds, final boolean stream,
        final int at)
    {
        if (limitBinds)
        {
            return recordError(into, SipParseError.HEADERS_TOO_LARGE, at);
        }
        if (stream && into.error == null)
        {
            return INCOMPLETE_MARK;
        }
        return recordError(into, SipParseError.HEADERS_NOT_TERMINATED, at);
    }

    private static int recordError(final SipMessage into, final SipParseError error, final int at)
    {
        if (into.error == null)
        {
            into.error = error;
            into.errorOffset = at;
        }
        return at;
    }

    private static SipParseResult fail(final SipMessage into, final SipParseError error, final int at)
    {
        recordError(into, error, at);
        return finishError(into);
    }

    private static SipParseResult finishError(final SipMessage into)
    {
        into.length = 0;
        into.errorResponseCode = into.request && into.topViaParsed ? into.error.responseCode() : 0;
        return SipParseResult.ERROR;
    }

    private static void startLineTooLong(final ByteBuf buffer, final int start, final int lineEnd,
        final SipMessage into)
    {
        // A request line whose Request-URI runs past the limit gets 414 (RFC 3261 §21.4.12).
        final int methodEnd = SipBytes.scanToken(buffer, start, lineEnd);
        if (methodEnd > start && methodEnd < lineEnd && buffer.getByte(methodEnd) == SP &&
            !startsWithLowerCase(buffer, start, lineEnd, SIP_VERSION_PREFIX))
        {
            into.request = true;
            into.methodOffset = start;
            into.methodLength = methodEnd - start;
            into.method = SipMethod.lookup(buffer, start, methodEnd - start);
            recordError(into, SipParseError.REQUEST_URI_TOO_LONG, start + 1 + into.methodLength);
        }
        else
        {
            recordError(into, SipParseError.START_LINE_TOO_LONG, start);
        }
    }

    private static void parseStartLine(final ByteBuf buffer, final int start, final int lineEnd,
        final SipMessage into)
    {
        if (startsWithLowerCase(buffer, start, lineEnd, SIP_VERSION_PREFIX))
        {
            parseStatusLine(buffer, start, lineEnd, into);
        }
        else
        {
            parseRequestLine(buffer, start, lineEnd, into);
        }
    }

    /** RFC 3261 §7.2: Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF. */
    private static void parseStatusLine(final ByteBuf buffer, final int start, final int lineEnd,
        final SipMessage into)
    {
        into.request = false;
        final int versionEnd = indexOf(buffer, start, lineEnd, SP);
        if (versionEnd < 0)
        {
            recordError(into, SipParseError.BAD_START_LINE, lineEnd);
            return;
        }
        into.versionOffset = start;
        into.versionLength = versionEnd - start;
        if (!checkVersion(buffer, start, versionEnd, into))
        {
            return;
        }
        final int codeStart = versionEnd + 1;
        int codeEnd = codeStart;
        while (codeEnd < lineEnd && SipBytes.isDigit(buffer.getByte(codeEnd)))
        {
            codeEnd++;
        }
        if (codeEnd - codeStart != 3 || (codeEnd < lineEnd && buffer.getByte(codeEnd) != SP))
        {
            recordError(into, SipParseError.BAD_STATUS_CODE, codeStart);
            return;
        }
        final int code = (int)SipBytes.parseNumber(buffer, codeStart, codeEnd, 999);
        if (code < 100 || code > 699)
        {
            recordError(into, SipParseError.BAD_STATUS_CODE, codeStart);
            return;
        }
        into.statusCode = code;
        // The reason phrase may be empty, and some senders omit the SP before it (RFC 4475 §3.1.2.19).
        into.reasonOffset = Math.min(codeEnd + 1, lineEnd);
        into.reasonLength = lineEnd - into.reasonOffset;
        for (int i = into.reasonOffset; i < lineEnd; i++)
        {
            final byte b = buffer.getByte(i);
            if (b == CR || b == 0)
            {
                recordError(into, SipParseError.BAD_START_LINE, i);
                return;
            }
        }
    }

    /** RFC 3261 §7.1: Request-Line = Method SP Request-URI SP SIP-Version CRLF, single spaces. */
    private static void parseRequestLine(final ByteBuf buffer, final int start, final int lineEnd,
        final SipMessage into)
    {
        final int methodEnd = SipBytes.scanToken(buffer, start, lineEnd);
        if (methodEnd == start || methodEnd >= lineEnd || buffer.getByte(methodEnd) != SP)
        {
            recordError(into, SipParseError.BAD_START_LINE, methodEnd);
            return;
        }
        into.request = true;
        into.methodOffset = start;
        into.methodLength = methodEnd - start;
        into.method = SipMethod.lookup(buffer, start, methodEnd - start);

        final int uriStart = methodEnd + 1;
        final int uriEnd = indexOf(buffer, uriStart, lineEnd, SP);
        if (uriEnd <= uriStart)
        {
            recordError(into, SipParseError.BAD_START_LINE, uriEnd < 0 ? lineEnd : uriStart);
            return;
        }
        into.uriOffset = uriStart;
        into.uriLength = uriEnd - uriStart;
        final int versionStart = uriEnd + 1;
        into.versionOffset = versionStart;
        into.versionLength = lineEnd - versionStart;
        final int uriResult = parseRequestUri(buffer, uriStart, uriEnd, into);
        if (uriResult < 0)
        {
            recordError(into, SipParseError.BAD_REQUEST_URI, ~uriResult);
            return;
        }
        checkVersion(buffer, versionStart, lineEnd, into);
    }

    /** RFC 3261 §7.1: SIP-Version is "SIP/" 1*DIGIT "." 1*DIGIT, case-insensitive; only 2.0 is served (505 else). */
    private static boolean checkVersion(final ByteBuf buffer, final int from, final int to, final SipMessage into)
    {
        if (to - from == SIP_2_0.length && SipBytes.equalsLowerCase(buffer, from, SIP_2_0))
        {
            return true;
        }
        if (!startsWithLowerCase(buffer, from, to, SIP_VERSION_PREFIX))
        {
            recordError(into, SipParseError.BAD_START_LINE, from);
            return false;
        }
        int i = from + SIP_VERSION_PREFIX.length;
        final int majorStart = i;
        while (i < to && SipBytes.isDigit(buffer.getByte(i)))
        {
            i++;
        }
        if (i == majorStart || i >= to || buffer.getByte(i) != '.')
        {
            recordError(into, SipParseError.BAD_START_LINE, i);
            return false;
        }
        final int minorStart = ++i;
        while (i < to && SipBytes.isDigit(buffer.getByte(i)))
        {
            i++;
        }
        if (i == minorStart || i != to)
        {
            recordError(into, SipParseError.BAD_START_LINE, i);
            return false;
        }
        recordError(into, SipParseError.UNSUPPORTED_VERSION, from);
        return false;
    }

    /**
     * Parses the Request-URI (RFC 3261 §19.1.1, §25.1; RFC 3966 for tel; RFC 5118 §4 for IPv6
     * references, which need brackets).
     */
    private static int parseRequestUri(final ByteBuf buffer, final int from, final int to, final SipMessage into)
    {
        final int invalid = SipBytes.scan(buffer, from, to, SipBytes.URI);
        if (invalid < to)
        {
            return ~invalid;
        }
        final int colon = scanScheme(buffer, from, to);
        if (colon < 0)
        {
            return colon;
        }
        final int schemeLength = colon - from;
        if (SipBytes.rangeEqualsLowerCase(buffer, from, schemeLength, SCHEME_SIP))
        {
            into.uriScheme = UriScheme.SIP;
        }
        else if (SipBytes.rangeEqualsLowerCase(buffer, from, schemeLength, SCHEME_SIPS))
        {
            into.uriScheme = UriScheme.SIPS;
        }
        else if (SipBytes.rangeEqualsLowerCase(buffer, from, schemeLength, SCHEME_TEL))
        {
            into.uriScheme = UriScheme.TEL;
        }
        else
        {
            into.uriScheme = UriScheme.OTHER;
            return colon + 1 < to ? to : ~to;
        }
        final int rest = colon + 1;
        if (into.uriScheme == UriScheme.TEL)
        {
            int numberEnd = indexOf(buffer, rest, to, (byte)';');
            numberEnd = numberEnd < 0 ? to : numberEnd;
            if (numberEnd == rest)
            {
                return ~rest;
            }
            into.uriUserOffset = rest;
            into.uriUserLength = numberEnd - rest;
            return to;
        }
        int hostStart = rest;
        final int at = indexOf(buffer, rest, to, (byte)'@');
        if (at >= 0)
        {
            int userEnd = indexOf(buffer, rest, at, (byte)':');
            userEnd = userEnd < 0 ? at : userEnd;
            if (userEnd == rest)
            {
                return ~rest;
            }
            into.uriUserOffset = rest;
            into.uriUserLength = userEnd - rest;
            hostStart = at + 1;
        }
        final int hostEnd = scanHost(buffer, hostStart, to);
        if (hostEnd < 0)
        {
            return hostEnd;
        }
        into.uriHostOffset = hostStart;
        into.uriHostLength = hostEnd - hostStart;
        int p = hostEnd;
        if (p < to && buffer.getByte(p) == ':')
        {
            final int portStart = p + 1;
            p = portStart;
            while (p < to && SipBytes.isDigit(buffer.getByte(p)))
            {
                p++;
            }
            final long port = SipBytes.parseNumber(buffer, portStart, p, MAX_PORT);
            if (port < 0)
            {
                return ~portStart;
            }
            into.uriPort = (int)port;
        }
        if (p < to && buffer.getByte(p) != ';' && buffer.getByte(p) != '?')
        {
            return ~p;
        }
        return to;
    }

    /** RFC 3261 §25.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":". Returns the colon's index. */
    private static int scanScheme(final ByteBuf buffer, final int from, final int to)
    {
        if (from >= to || !SipBytes.isAlpha(buffer.getByte(from)))
        {
            return ~from;
        }
        int i = from + 1;
        while (i < to)
        {
            final byte b = buffer.getByte(i);
            if (b == ':')
            {
                return i;
            }
            if (!SipBytes.isAlpha(b) && !SipBytes.isDigit(b) && b != '+' && b != '-' && b != '.')
            {
                return ~i;
            }
            i++;
        }
        return ~to;
    }

    /**
     * Scans a host (RFC 3261 §25.1: hostname / IPv4address / IPv6reference); an IPv6 address
     * must be in brackets (RFC 5118 §4.1). Returns the index after the host.
     */
    private static int scanHost(final ByteBuf buffer, final int from, final int to)
    {
        if (from >= to)
        {
            return ~from;
        }
        if (buffer.getByte(from) == '[')
        {
            final int close = indexOf(buffer, from + 1, to, (byte)']');
            if (close < 0)
            {
                return ~to;
            }
            return isIpv6(buffer, from + 1, close) ? close + 1 : ~(from + 1);
        }
        int i = from;
        while (i < to && SipBytes.isHostNameChar(buffer.getByte(i)))
        {
            i++;
        }
        if (i == from || buffer.getByte(from) == '-' || buffer.getByte(from) == '.')
        {
            return ~from;
        }
        return i;
    }

    /** RFC 3986 §3.2.2 / RFC 5954: eight 16-bit groups, one "::" at most, an IPv4 tail counting as two. */
    static boolean isIpv6(final ByteBuf buffer, final int from, final int to)
    {
        int i = from;
        int groups = 0;
        boolean compressed = false;
        if (i < to && buffer.getByte(i) == ':')
        {
            if (i + 1 >= to || buffer.getByte(i + 1) != ':')
            {
                return false;
            }
            compressed = true;
            i += 2;
        }
        while (i < to)
        {
            final int groupStart = i;
            while (i < to && SipBytes.isHexDigit(buffer.getByte(i)))
            {
                i++;
            }
            if (i < to && buffer.getByte(i) == '.')
            {
                if (!isIpv4(buffer, groupStart, to))
                {
                    return false;
                }
                groups += 2;
                break;
            }
            final int digits = i - groupStart;
            if (digits == 0 || digits > 4)
            {
                return false;
            }
            groups++;
            if (i == to)
            {
                break;
            }
            if (buffer.getByte(i) != ':')
            {
                return false;
            }
            i++;
            if (i < to && buffer.getByte(i) == ':')
            {
                if (compressed)
                {
                    return false;
                }
                compressed = true;
                i++;
            }
            else if (i == to)
            {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    /** RFC 3261 §25.1: IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255. */
    static boolean isIpv4(final ByteBuf buffer, final int from, final int to)
    {
        int i = from;
        for (int part = 0; part < 4; part++)
        {
            final int partStart = i;
            while (i < to && SipBytes.isDigit(buffer.getByte(i)) && i - partStart < 3)
            {
                i++;
            }
            if (SipBytes.parseNumber(buffer, partStart, i, 255) < 0)
            {
                return false;
            }
            if (part < 3)
            {
                if (i >= to || buffer.getByte(i) != '.')
                {
                    return false;
                }
                i++;
            }
        }
        return i == to;
    }

    private void parseKnownHeaders(final ByteBuf buffer, final SipMessage into)
    {
        final int maxBody = limits.maxBodyBytes();
        for (int i = 0; i < into.headerCount; i++)
        {
            final int from = into.headerValueOffsets[i];
            final int to = from + into.headerValueLengths[i];
            switch (HeaderName.ofOrdinal(into.headerNameIds[i]))
            {
                case VIA -> parseVia(buffer, from, to, into);
                case FROM ->
                {
                    if (into.fromHeaderIndex < 0)
                    {
                        into.fromHeaderIndex = i;
                        checkResult(into, SipParseError.BAD_ADDRESS, parseAddress(buffer, from, to, into, true));
                    }
                }
                case TO ->
                {
                    if (into.toHeaderIndex < 0)
                    {
                        into.toHeaderIndex = i;
                        checkResult(into, SipParseError.BAD_ADDRESS, parseAddress(buffer, from, to, into, false));
                    }
                }
                case CALL_ID ->
                {
                    if (into.callIdHeaderIndex < 0)
                    {
                        into.callIdHeaderIndex = i;
                        checkResult(into, SipParseError.BAD_CALL_ID, parseCallId(buffer, from, to, into));
                    }
                }
                case CSEQ ->
                {
                    if (into.cseqHeaderIndex < 0)
                    {
                        into.cseqHeaderIndex = i;
                        checkResult(into, SipParseError.BAD_CSEQ, parseCseq(buffer, from, to, into));
                    }
                }
                case MAX_FORWARDS ->
                {
                    if (into.maxForwards < 0)
                    {
                        final long value = SipBytes.parseNumber(buffer, from, to, MAX_MAX_FORWARDS);
                        if (value < 0)
                        {
                            recordError(into, SipParseError.BAD_MAX_FORWARDS, from);
                        }
                        into.maxForwards = (int)value;
                    }
                }
                case CONTENT_LENGTH -> parseContentLength(buffer, from, to, maxBody, into);
                case CONTENT_TYPE ->
                {
                    if (into.contentTypeHeaderIndex < 0)
                    {
                        into.contentTypeHeaderIndex = i;
                    }
                }
                default ->
                {
                }
            }
        }
    }

    private static void checkResult(final SipMessage into, final SipParseError error, final int result)
    {
        if (result < 0)
        {
            recordError(into, error, ~result);
        }
    }

    /** RFC 3261 §20.14: Content-Length = 1*DIGIT; above the limit it is 413 (§21.4.11). */
    private static void parseContentLength(final ByteBuf buffer, final int from, final int to, final int maxBody,
        final SipMessage into)
    {
        into.contentLengthCount++;
        if (from == to)
        {
            recordError(into, SipParseError.BAD_CONTENT_LENGTH, from);
            return;
        }
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final byte b = buffer.getByte(i);
            if (!SipBytes.isDigit(b))
            {
                recordError(into, SipParseError.BAD_CONTENT_LENGTH, i);
                return;
            }
            value = Math.min(value * 10 + (b - '0'), (long)maxBody + 1);
        }
        if (value > maxBody)
        {
            recordError(into, SipParseError.BODY_TOO_LARGE, from);
            return;
        }
        if (into.contentLengthCount == 1)
        {
            into.contentLength = (int)value;
        }
    }

    /** RFC 3261 §20.8: Call-ID = word [ "@" word ]: one run of visible characters. */
    private static int parseCallId(final ByteBuf buffer, final int from, final int to, final SipMessage into)
    {
        if (from == to)
        {
            return ~from;
        }
        final int invisible = SipBytes.scan(buffer, from, to, SipBytes.VISIBLE);
        if (invisible < to)
        {
            return ~invisible;
        }
        into.callIdOffset = from;
        into.callIdLength = to - from;
        return to;
    }

    /** RFC 3261 §20.16: CSeq = 1*DIGIT LWS Method; the number is below 2^31 (§8.1.1.5). */
    private static int parseCseq(final ByteBuf buffer, final int from, final int to, final SipMessage into)
    {
        int i = from;
        while (i < to && SipBytes.isDigit(buffer.getByte(i)))
        {
            i++;
        }
        final long number = SipBytes.parseNumber(buffer, from, i, MAX_CSEQ);
        if (number < 0)
        {
            return ~from;
        }
        final int methodStart = SipBytes.skipLws(buffer, i, to);
        if (methodStart == i)
        {
            return ~i;
        }
        final int methodEnd = SipBytes.scanToken(buffer, methodStart, to);
        if (methodEnd == methodStart || methodEnd != to)
        {
            return ~methodEnd;
        }
        into.cseqNumber = number;
        into.cseqMethodOffset = methodStart;
        into.cseqMethodLength = methodEnd - methodStart;
        into.cseqMethod = SipMethod.lookup(buffer, methodStart, methodEnd - methodStart);
        return to;
    }

    /** Counts the Via entries of one header line and parses the very first entry of the message. */
    private static void parseVia(final ByteBuf buffer, final int from, final int to, final SipMessage into)
    {
        int p = from;
        while (true)
        {
            final int elementEnd = SipBytes.scanListElement(buffer, p, to);
            if (elementEnd < 0)
            {
                recordError(into, SipParseError.BAD_VIA, p);
                return;
            }
            final int elementStart = SipBytes.skipLws(buffer, p, elementEnd);
            final int trimmedEnd = SipBytes.trimEnd(buffer, elementStart, elementEnd);
            if (elementStart == trimmedEnd)
            {
                recordError(into, SipParseError.BAD_VIA, elementStart);
                return;
            }
            if (into.viaCount == 0)
            {
                into.topViaOffset = elementStart;
                into.topViaLength = trimmedEnd - elementStart;
                final int result = parseViaEntry(buffer, elementStart, trimmedEnd, into);
                if (result < 0)
                {
                    recordError(into, SipParseError.BAD_VIA, ~result);
                }
            }
            into.viaCount++;
            if (elementEnd == to)
            {
                return;
            }
            p = elementEnd + 1;
        }
    }

    /**
     * RFC 3261 §20.42, §25.1: via-parm = sent-protocol LWS sent-by *( SEMI via-params ), with
     * LWS allowed around the slashes, the colon and the equals signs.
     */
    private static int parseViaEntry(final ByteBuf buffer, final int from, final int to, final SipMessage into)
    {
        int p = from;
        int t = SipBytes.scanToken(buffer, p, to);
        if (t == p)
        {
            return ~p;
        }
        p = expectSlash(buffer, t, to);
        if (p < 0)
        {
            return p;
        }
        t = SipBytes.scanToken(buffer, p, to);
        if (t == p)
        {
            return ~p;
        }
        p = expectSlash(buffer, t, to);
        if (p < 0)
        {
            return p;
        }
        t = SipBytes.scanToken(buffer, p, to);
        if (t == p)
        {
            return ~p;
        }
        into.viaTransportOffset = p;
        into.viaTransportLength = t - p;
        p = SipBytes.skipLws(buffer, t, to);
        if (p == t)
        {
            return ~t;
        }
        final int hostEnd = scanHost(buffer, p, to);
        if (hostEnd < 0)
        {
            return hostEnd;
        }
        into.viaHostOffset = p;
        into.viaHostLength = hostEnd - p;
        p = SipBytes.skipLws(buffer, hostEnd, to);
        if (p < to && buffer.getByte(p) == ':')
        {
            final int portStart = SipBytes.skipLws(buffer, p + 1, to);
            int portEnd = portStart;
            while (portEnd < to && SipBytes.isDigit(buffer.getByte(portEnd)))
            {
                portEnd++;
            }
            final long port = SipBytes.parseNumber(buffer, portStart, portEnd, MAX_PORT);
            if (port < 0)
            {
                return ~portStart;
            }
            into.viaPort = (int)port;
            p = portEnd;
        }
        // Protocol, transport and sent-by are what a response is sent back by (RFC 3261 §18.2.2),
        // so a request whose Via parameters are broken can still be answered 400 (RFC 4475 §3.1.2.1).
        into.topViaParsed = true;
        while (true)
        {
            p = SipBytes.skipLws(buffer, p, to);
            if (p == to)
            {
                return to;
            }
            if (buffer.getByte(p) != ';')
            {
                return ~p;
            }
            final int nameStart = SipBytes.skipLws(buffer, p + 1, to);
            final int nameEnd = SipBytes.scanToken(buffer, nameStart, to);
            if (nameEnd == nameStart)
            {
                return ~nameStart;
            }
            p = SipBytes.skipLws(buffer, nameEnd, to);
            int valueStart = -1;
            int valueEnd = -1;
            if (p < to && buffer.getByte(p) == '=')
            {
                valueStart = SipBytes.skipLws(buffer, p + 1, to);
                valueEnd = scanParamValue(buffer, valueStart, to);
                if (valueEnd < 0)
                {
                    return valueEnd;
                }
                p = valueEnd;
            }
            final int nameLength = nameEnd - nameStart;
            if (SipBytes.rangeEqualsLowerCase(buffer, nameStart, nameLength, PARAM_BRANCH) && valueStart >= 0)
            {
                into.viaBranchOffset = valueStart;
                into.viaBranchLength = valueEnd - valueStart;
            }
            else if (SipBytes.rangeEqualsLowerCase(buffer, nameStart, nameLength, PARAM_RECEIVED) && valueStart >= 0)
            {
                into.viaReceivedOffset = valueStart;
                into.viaReceivedLength = valueEnd - valueStart;
            }
            else if (SipBytes.rangeEqualsLowerCase(buffer, nameStart, nameLength, PARAM_RPORT))
            {
                if (valueStart < 0)
                {
                    into.viaRport = 0;
                }
                else
                {
                    final long port = SipBytes.parseNumber(buffer, valueStart, valueEnd, MAX_PORT);
                    if (port < 0)
                    {
                        return ~valueStart;
                    }
                    into.viaRport = (int)port;
                }
            }
        }
    }

    private static int expectSlash(final ByteBuf buffer, final int from, final int to)
    {
        final int p = SipBytes.skipLws(buffer, from, to);
        if (p >= to || buffer.getByte(p) != '/')
        {
            return ~p;
        }
        return SipBytes.skipLws(buffer, p + 1, to);
    }

    /**
     * RFC 3261 §25.1: gen-value = token / host / quoted-string; a received address may be an
     * IPv6 address without brackets (RFC 5118 §4.5). Returns the index after the value.
     */
    private static int scanParamValue(final ByteBuf buffer, final int from, final int to)
    {
        if (from >= to)
        {
            return ~from;
        }
        if (buffer.getByte(from) == '"')
        {
            final int end = SipBytes.scanQuotedString(buffer, from, to);
            return end < 0 ? ~from : end;
        }
        int i = from;
        while (i < to)
        {
            final byte b = buffer.getByte(i);
            if (!SipBytes.isToken(b) && b != ':' && b != '[' && b != ']')
            {
                break;
            }
            i++;
        }
        return i == from ? ~from : i;
    }

    /**
     * RFC 3261 §20.20, §20.39, §25.1: ( name-addr / addr-spec ) *( SEMI from-param ), where
     * name-addr = [ display-name ] LAQUOT addr-spec RAQUOT and display-name = *(token LWS) /
     * quoted-string. An addr-spec without angle brackets ends at the first ";" (its parameters are
     * the header's). Records the tag.
     */
    private static int parseAddress(final ByteBuf buffer, final int from, final int to, final SipMessage into,
        final boolean isFrom)
    {
        int p = SipBytes.skipLws(buffer, from, to);
        if (p == to)
        {
            return ~p;
        }
        int laquot = -1;
        if (buffer.getByte(p) == '"')
        {
            final int quoteEnd = SipBytes.scanQuotedString(buffer, p, to);
            if (quoteEnd < 0)
            {
                return ~p;
            }
            laquot = SipBytes.skipLws(buffer, quoteEnd, to);
            if (laquot >= to || buffer.getByte(laquot) != '<')
            {
                return ~laquot;
            }
        }
        else
        {
            int q = p;
            while (q < to && (SipBytes.isToken(buffer.getByte(q)) || SipBytes.isLws(buffer.getByte(q))))
            {
                q++;
            }
            if (q < to && buffer.getByte(q) == '<')
            {
                laquot = q;
            }
        }
        if (laquot >= 0)
        {
            final int raquot = indexOf(buffer, laquot + 1, to, (byte)'>');
            if (raquot < 0)
            {
                return ~to;
            }
            final int uriResult = checkAddrSpec(buffer, laquot + 1, raquot);
            if (uriResult < 0)
            {
                return uriResult;
            }
            p = raquot + 1;
        }
        else
        {
            int uriEnd = p;
            while (uriEnd < to && buffer.getByte(uriEnd) != ';' && !SipBytes.isLws(buffer.getByte(uriEnd)))
            {
                uriEnd++;
            }
            final int uriResult = checkAddrSpec(buffer, p, uriEnd);
            if (uriResult < 0)
            {
                return uriResult;
            }
            p = uriEnd;
        }
        while (true)
        {
            p = SipBytes.skipLws(buffer, p, to);
            if (p == to)
            {
                return to;
            }
            if (buffer.getByte(p) != ';')
            {
                return ~p;
            }
            final int nameStart = SipBytes.skipLws(buffer, p + 1, to);
            final int nameEnd = SipBytes.scanToken(buffer, nameStart, to);
            if (nameEnd == nameStart)
            {
                return ~nameStart;
            }
            p = SipBytes.skipLws(buffer, nameEnd, to);
            if (p < to && buffer.getByte(p) == '=')
            {
                final int valueStart = SipBytes.skipLws(buffer, p + 1, to);
                final int valueEnd = scanParamValue(buffer, valueStart, to);
                if (valueEnd < 0)
                {
                    return valueEnd;
                }
                if (SipBytes.rangeEqualsLowerCase(buffer, nameStart, nameEnd - nameStart, PARAM_TAG))
                {
                    if (isFrom)
                    {
                        into.fromTagOffset = valueStart;
                        into.fromTagLength = valueEnd - valueStart;
                    }
                    else
                    {
                        into.toTagOffset = valueStart;
                        into.toTagLength = valueEnd - valueStart;
                    }
                }
                p = valueEnd;
            }
        }
    }

    /** An addr-spec inside or outside angle brackets: a scheme, then visible characters only. */
    private static int checkAddrSpec(final ByteBuf buffer, final int from, final int to)
    {
        final int colon = scanScheme(buffer, from, to);
        if (colon < 0)
        {
            return colon;
        }
        if (colon + 1 >= to)
        {
            return ~to;
        }
        final int invalid = SipBytes.scan(buffer, colon + 1, to, SipBytes.URI);
        return invalid < to ? ~invalid : to;
    }

    private static boolean startsWithLowerCase(final ByteBuf buffer, final int from, final int to,
        final byte[] prefix)
    {
        return to - from >= prefix.length && SipBytes.equalsLowerCase(buffer, from, prefix);
    }

    private static boolean isCrOrLf(final byte b)
    {
        return b == CR || b == LF;
    }

    private static boolean isSpaceOrTab(final byte b)
    {
        return b == SP || b == HTAB;
    }

    /** Netty's search reads eight bytes at a time and stays inside {@code [from, to)}. */
    private static int indexOf(final ByteBuf buffer, final int from, final int to, final byte value)
    {
        return from < to ? buffer.indexOf(from, to, value) : -1;
    }
}
