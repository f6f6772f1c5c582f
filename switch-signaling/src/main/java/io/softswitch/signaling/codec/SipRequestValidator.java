package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks a parsed request for what is well-formed but must be refused (RFC 3261 §8.2, §16.3,
 * RFC 4475 §3.3), and says with which response: 0 when the request may proceed.
 * <p>
 * The checks run in this order, so that each refusal gets the answer RFC 4475 gives it:
 * <ol>
 *   <li>400: a mandatory header (Via, From, To, Call-ID, CSeq; RFC 3261 §8.1.1) is missing;
 *       Max-Forwards may be missing, as in RFC 2543 requests (RFC 4475 §3.4.1);</li>
 *   <li>400: Content-Length appears more than once (RFC 4475 §3.3.9), or another single-valued
 *       header does (RFC 3261 §7.3.1, RFC 4475 §3.3.8);</li>
 *   <li>400: the CSeq method differs from the request method (RFC 3261 §8.1.1.5);</li>
 *   <li>416: the Request-URI scheme is not sip, sips or tel (RFC 3261 §8.2.2.1);</li>
 *   <li>483: Max-Forwards is 0 (RFC 3261 §16.3 step 3);</li>
 *   <li>420: Require names an extension we do not support (RFC 3261 §8.2.2.3); see
 *       {@link #writeUnsupported};</li>
 *   <li>415: an INVITE body type other than application/sdp and multipart/mixed (RFC 3261 §8.2.3);</li>
 *   <li>406: an INVITE or OPTIONS whose non-empty Accept admits neither (RFC 3261 §21.4.7).</li>
 * </ol>
 * One instance per thread: it keeps scratch counters and the details of its last refusal.
 * Allocation-free.
 */
public final class SipRequestValidator
{
    private static final byte[] APPLICATION = "application".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SDP = "sdp".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MULTIPART = "multipart".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIXED = "mixed".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WILDCARD = "*".getBytes(StandardCharsets.US_ASCII);

    private static final String REASON_MISSING = "Missing Mandatory Header";
    private static final String REASON_CONTENT_LENGTH = "Several Content-Length";
    private static final String REASON_REPEATED = "Repeated Single-Valued Header";
    private static final String REASON_CSEQ = "CSeq Method Does Not Match";
    private static final String REASON_SCHEME = "Unsupported URI Scheme";
    private static final String REASON_HOPS = "Too Many Hops";
    private static final String REASON_EXTENSION = "Bad Extension";
    private static final String REASON_MEDIA_TYPE = "Unsupported Media Type";
    private static final String REASON_ACCEPT = "Not Acceptable";

    private final byte[][] supportedOptionTags;
    private final int[] counts = new int[HeaderName.values().length];
    private String reason;
    private int unsupportedOffset;
    private int unsupportedLength;

    /**
     * Creates a validator.
     *
     * @param supportedOptionTags the option tags (RFC 3261 §19.2) a Require may name; compared
     *                            case-insensitively.
     */
    public SipRequestValidator(final List<String> supportedOptionTags)
    {
        this.supportedOptionTags = new byte[supportedOptionTags.size()][];
        for (int i = 0; i < supportedOptionTags.size(); i++)
        {
            this.supportedOptionTags[i] =
                supportedOptionTags.get(i).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Checks a parsed request.
     *
     * @param request a request that parsed ({@link SipParseResult#MESSAGE}).
     * @return 0 when it may proceed, else the status code to answer with.
     */
    public int validate(final SipMessage request)
    {
        reason = null;
        unsupportedOffset = -1;
        unsupportedLength = 0;
        if (!request.isRequest())
        {
            throw new IllegalArgumentException("not a request: statusCode=" + request.statusCode());
        }
        if (request.viaCount() == 0 || request.fromHeaderIndex() < 0 || request.toHeaderIndex() < 0 ||
            request.callIdHeaderIndex() < 0 || request.cseqHeaderIndex() < 0)
        {
            return refuse(400, REASON_MISSING);
        }
        if (request.contentLengthCount() > 1)
        {
            return refuse(400, REASON_CONTENT_LENGTH);
        }
        if (hasRepeatedSingleValuedHeader(request))
        {
            return refuse(400, REASON_REPEATED);
        }
        if (!SipBytes.rangesEqual(request.buffer(), request.methodOffset(), request.methodLength(),
            request.buffer(), request.cseqMethodOffset(), request.cseqMethodLength()))
        {
            return refuse(400, REASON_CSEQ);
        }
        if (request.requestUriScheme() == UriScheme.OTHER)
        {
            return refuse(416, REASON_SCHEME);
        }
        if (request.maxForwards() == 0)
        {
            return refuse(483, REASON_HOPS);
        }
        if (findUnsupported(request))
        {
            return refuse(420, REASON_EXTENSION);
        }
        final SipMethod method = request.method();
        if (method == SipMethod.INVITE && request.contentTypeHeaderIndex() >= 0 &&
            !isSupportedMediaType(request, request.contentTypeHeaderIndex()))
        {
            return refuse(415, REASON_MEDIA_TYPE);
        }
        if ((method == SipMethod.INVITE || method == SipMethod.OPTIONS) && !acceptsWhatWeProduce(request))
        {
            return refuse(406, REASON_ACCEPT);
        }
        return 0;
    }

    /**
     * The reason phrase for the last refusal.
     *
     * @return the phrase, null when the last request was fine.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * Where the first option tag of the last 420 that we do not support starts.
     *
     * @return the offset in the request's buffer, -1 when the last answer was not 420.
     */
    public int unsupportedOffset()
    {
        return unsupportedOffset;
    }

    /**
     * The length of the first unsupported option tag of the last 420.
     *
     * @return the length.
     */
    public int unsupportedLength()
    {
        return unsupportedLength;
    }

    /**
     * Writes the {@code Unsupported} header a 420 carries (RFC 3261 §8.2.2.3): every option tag of
     * the request's Require headers that we do not support.
     *
     * @param request the request {@link #validate} answered 420.
     * @param writer  the writer of the response, between the start line and the end.
     */
    public void writeUnsupported(final SipMessage request, final SipMessageWriter writer)
    {
        final ByteBuf buffer = request.buffer();
        boolean first = true;
        for (int h = request.findHeader(HeaderName.REQUIRE, 0); h >= 0; h = request.findHeader(HeaderName.REQUIRE, h + 1))
        {
            final int end = request.headerValueOffset(h) + request.headerValueLength(h);
            int p = request.headerValueOffset(h);
            while (p < end)
            {
                final int tagStart = SipBytes.skipLws(buffer, p, end);
                final int tagEnd = SipBytes.scanToken(buffer, tagStart, end);
                if (tagEnd > tagStart && !isSupported(buffer, tagStart, tagEnd - tagStart))
                {
                    if (first)
                    {
                        writer.headerStart(HeaderName.UNSUPPORTED);
                        first = false;
                    }
                    else
                    {
                        writer.append(',').append(' ');
                    }
                    writer.append(buffer, tagStart, tagEnd - tagStart);
                }
                p = nextListElement(buffer, tagEnd, end);
            }
        }
        if (!first)
        {
            writer.headerEnd();
        }
    }

    private int refuse(final int code, final String reason)
    {
        this.reason = reason;
        return code;
    }

    private boolean hasRepeatedSingleValuedHeader(final SipMessage request)
    {
        final int[] counts = this.counts;
        Arrays.fill(counts, 0);
        for (int i = 0; i < request.headerCount(); i++)
        {
            final int id = request.headerNameId(i);
            if (++counts[id] > 1 && HeaderName.ofOrdinal(id).singleValued())
            {
                return true;
            }
        }
        return false;
    }

    private boolean findUnsupported(final SipMessage request)
    {
        final ByteBuf buffer = request.buffer();
        for (int h = request.findHeader(HeaderName.REQUIRE, 0); h >= 0; h = request.findHeader(HeaderName.REQUIRE, h + 1))
        {
            final int end = request.headerValueOffset(h) + request.headerValueLength(h);
            int p = request.headerValueOffset(h);
            while (p < end)
            {
                final int tagStart = SipBytes.skipLws(buffer, p, end);
                final int tagEnd = SipBytes.scanToken(buffer, tagStart, end);
                if (tagEnd > tagStart && !isSupported(buffer, tagStart, tagEnd - tagStart))
                {
                    unsupportedOffset = tagStart;
                    unsupportedLength = tagEnd - tagStart;
                    return true;
                }
                p = nextListElement(buffer, tagEnd, end);
            }
        }
        return false;
    }

    private boolean isSupported(final ByteBuf buffer, final int offset, final int length)
    {
        for (final byte[] tag : supportedOptionTags)
        {
            if (SipBytes.rangeEqualsLowerCase(buffer, offset, length, tag))
            {
                return true;
            }
        }
        return false;
    }

    /** RFC 3261 §20.15: media-type = m-type SLASH m-subtype *(SEMI m-parameter). */
    private static boolean isSupportedMediaType(final SipMessage request, final int header)
    {
        final ByteBuf buffer = request.buffer();
        final int from = request.headerValueOffset(header);
        final int end = from + request.headerValueLength(header);
        final int typeEnd = SipBytes.scanToken(buffer, from, end);
        final int slash = SipBytes.skipLws(buffer, typeEnd, end);
        if (slash >= end || buffer.getByte(slash) != '/')
        {
            return false;
        }
        final int subtypeStart = SipBytes.skipLws(buffer, slash + 1, end);
        final int subtypeEnd = SipBytes.scanToken(buffer, subtypeStart, end);
        return isMediaType(buffer, from, typeEnd, subtypeStart, subtypeEnd, APPLICATION, SDP, false) ||
            isMediaType(buffer, from, typeEnd, subtypeStart, subtypeEnd, MULTIPART, MIXED, false);
    }

    /** RFC 3261 §20.1: Accept = [ accept-range *(COMMA accept-range) ], with type/* and * / * ranges. */
    private static boolean acceptsWhatWeProduce(final SipMessage request)
    {
        final ByteBuf buffer = request.buffer();
        boolean sawRange = false;
        for (int h = request.findHeader(HeaderName.ACCEPT, 0); h >= 0; h = request.findHeader(HeaderName.ACCEPT, h + 1))
        {
            final int end = request.headerValueOffset(h) + request.headerValueLength(h);
            int p = request.headerValueOffset(h);
            while (p < end)
            {
                final int typeStart = SipBytes.skipLws(buffer, p, end);
                final int typeEnd = SipBytes.scanToken(buffer, typeStart, end);
                final int slash = SipBytes.skipLws(buffer, typeEnd, end);
                if (typeEnd > typeStart && slash < end && buffer.getByte(slash) == '/')
                {
                    sawRange = true;
                    final int subtypeStart = SipBytes.skipLws(buffer, slash + 1, end);
                    final int subtypeEnd = SipBytes.scanToken(buffer, subtypeStart, end);
                    if (isMediaType(buffer, typeStart, typeEnd, subtypeStart, subtypeEnd, APPLICATION, SDP, true) ||
                        isMediaType(buffer, typeStart, typeEnd, subtypeStart, subtypeEnd, MULTIPART, MIXED, true))
                    {
                        return true;
                    }
                }
                p = nextListElement(buffer, typeEnd, end);
            }
        }
        // No Accept, or one that lists no range, restricts nothing we could check against.
        return !sawRange;
    }

    private static boolean isMediaType(final ByteBuf buffer, final int typeStart, final int typeEnd,
        final int subtypeStart, final int subtypeEnd, final byte[] type, final byte[] subtype, final boolean wildcards)
    {
        final boolean typeWildcard = wildcards && SipBytes.rangeEqualsLowerCase(buffer, typeStart, typeEnd - typeStart, WILDCARD);
        final boolean typeMatches = typeWildcard ||
            SipBytes.rangeEqualsLowerCase(buffer, typeStart, typeEnd - typeStart, type);
        final boolean subtypeMatches =
            (wildcards && SipBytes.rangeEqualsLowerCase(buffer, subtypeStart, subtypeEnd - subtypeStart, WILDCARD)) ||
            (!typeWildcard && SipBytes.rangeEqualsLowerCase(buffer, subtypeStart, subtypeEnd - subtypeStart, subtype));
        return typeMatches && subtypeMatches;
    }

    private static int nextListElement(final ByteBuf buffer, final int from, final int end)
    {
        final int comma = SipBytes.scanListElement(buffer, from, end);
        return comma < 0 ? end : comma + 1;
    }
}
