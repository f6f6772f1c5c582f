package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SipParserTest
{
    static final String INVITE =
        "INVITE sip:+4930123456@203.0.113.7:5060;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKfirst, SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bKx\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:+4930123456@203.0.113.7>\r\n" +
        "From: \"Alice, A.\" <sip:+4420777@198.51.100.10>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@198.51.100.10>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "v=0\n";

    static final String OK =
        "SIP/2.0 200 OK\r\n" +
        "v: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK776asdhds;received=192.0.2.4;rport=5062\r\n" +
        "t: <sip:+4930123456@203.0.113.7>;tag=a6c85cf\r\n" +
        "f: <sip:+4420777@198.51.100.10>;tag=1928301774\r\n" +
        "i: a84b4c76e66710@pc33.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "l: 0\r\n" +
        "\r\n";

    private final SipParser parser = new SipParser(SipLimits.DEFAULT);
    private final SipMessage message = new SipMessage(SipLimits.DEFAULT);
    private ByteBuf buffer;

    @AfterEach
    void release()
    {
        if (buffer != null)
        {
            buffer.release();
            buffer = null;
        }
    }

    private SipParseResult parse(final String text)
    {
        return parse(parser, text);
    }

    private SipParseResult parse(final SipParser withParser, final String text)
    {
        release();
        buffer = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        return withParser.parse(buffer, buffer.readerIndex(), buffer.readableBytes(), message);
    }

    private SipParseResult parseStream(final String text)
    {
        release();
        buffer = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        return parser.parseStream(buffer, buffer.readerIndex(), buffer.readableBytes(), message);
    }

    private static String options(final String requestUri, final String extraHeaders)
    {
        return "OPTIONS " + requestUri + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKopt\r\n" +
            "From: <sip:a@example.com>;tag=f1\r\n" +
            "To: <sip:b@example.com>\r\n" +
            "Call-ID: opt-1\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            extraHeaders +
            "Content-Length: 0\r\n" +
            "\r\n";
    }

    private String text(final int offset, final int length)
    {
        return message.rangeAsString(offset, length);
    }

    @Test
    void shouldParseRoutingFieldsOfOrdinaryInvite()
    {
        assertThat(parse(INVITE)).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.isRequest()).isTrue();
        assertThat(message.method()).isEqualTo(SipMethod.INVITE);
        assertThat(message.requestUriAsString()).isEqualTo("sip:+4930123456@203.0.113.7:5060;user=phone");
        assertThat(message.requestUriUserAsString()).isEqualTo("+4930123456");
        assertThat(message.requestUriPort()).isEqualTo(5060);
        assertThat(message.callIdAsString()).isEqualTo("a84b4c76e66710@pc33.example.com");
        assertThat(message.cseqNumber()).isEqualTo(314159);
        assertThat(message.cseqMethod()).isEqualTo(SipMethod.INVITE);
        assertThat(message.maxForwards()).isEqualTo(70);
        assertThat(message.contentLength()).isEqualTo(4);
        assertThat(message.rangeAsString(message.bodyOffset(), message.bodyLength())).isEqualTo("v=0\n");
        assertThat(message.rangeAsString(message.fromTagOffset(), message.fromTagLength())).isEqualTo("1928301774");
        assertThat(message.toTagOffset()).isEqualTo(-1);
        assertThat(message.viaCount()).isEqualTo(3);
        assertThat(message.rangeAsString(message.viaBranchOffset(), message.viaBranchLength()))
            .isEqualTo("z9hG4bK776asdhds");
        assertThat(message.rangeAsString(message.viaHostOffset(), message.viaHostLength())).isEqualTo("198.51.100.10");
        assertThat(message.rangeAsString(message.viaTransportOffset(), message.viaTransportLength())).isEqualTo("UDP");
        assertThat(message.viaPort()).isEqualTo(5060);
        assertThat(message.viaRport()).isEqualTo(0);
        assertThat(message.length()).isEqualTo(buffer.readableBytes());
    }

    @Test
    void shouldParseCompactFormsOfOrdinaryResponse()
    {
        assertThat(parse(OK)).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.isRequest()).isFalse();
        assertThat(message.statusCode()).isEqualTo(200);
        assertThat(message.headerName(0)).isEqualTo(HeaderName.VIA);
        assertThat(message.rangeAsString(message.toTagOffset(), message.toTagLength())).isEqualTo("a6c85cf");
        assertThat(message.rangeAsString(message.viaReceivedOffset(), message.viaReceivedLength()))
            .isEqualTo("192.0.2.4");
        assertThat(message.viaRport()).isEqualTo(5062);
        assertThat(message.contentLength()).isEqualTo(0);
        assertThat(message.callIdAsString()).isEqualTo("a84b4c76e66710@pc33.example.com");
    }

    @Test
    void shouldAnswer414WhenTheRequestUriMakesTheLineTooLong()
    {
        final SipLimits limits = new SipLimits(64, 1024, 16, 1024);
        final SipMessage small = new SipMessage(limits);
        buffer = Unpooled.copiedBuffer(options("sip:" + "1".repeat(100) + "@example.com", ""), StandardCharsets.US_ASCII);

        assertThat(new SipParser(limits).parse(buffer, 0, buffer.readableBytes(), small)).isEqualTo(SipParseResult.ERROR);
        assertThat(small.error()).isEqualTo(SipParseError.REQUEST_URI_TOO_LONG);
        assertThat(small.errorOffset()).isEqualTo("OPTIONS ".length());
        assertThat(small.errorResponseCode()).isEqualTo(414);
        assertThat(small.hasTopVia()).isTrue();
    }

    @Test
    void shouldRefuseAnOverlongStatusLineWithoutAnswer()
    {
        final SipLimits limits = new SipLimits(64, 1024, 16, 1024);
        final SipMessage small = new SipMessage(limits);
        buffer = Unpooled.copiedBuffer("SIP/2.0 200 " + "O".repeat(100) + "\r\n\r\n", StandardCharsets.US_ASCII);

        assertThat(new SipParser(limits).parse(buffer, 0, buffer.readableBytes(), small)).isEqualTo(SipParseResult.ERROR);
        assertThat(small.error()).isEqualTo(SipParseError.START_LINE_TOO_LONG);
        assertThat(small.errorResponseCode()).isZero();
    }

    @Test
    void shouldRefuseMoreHeaderLinesThanTheLimit()
    {
        final SipLimits limits = new SipLimits(256, 4096, 8, 1024);
        final SipMessage small = new SipMessage(limits);
        buffer = Unpooled.copiedBuffer(options("sip:a@example.com", "X-A: 1\r\nX-B: 2\r\nX-C: 3\r\n"), StandardCharsets.US_ASCII);

        assertThat(new SipParser(limits).parse(buffer, 0, buffer.readableBytes(), small)).isEqualTo(SipParseResult.ERROR);
        assertThat(small.error()).isEqualTo(SipParseError.TOO_MANY_HEADERS);
        assertThat(small.errorResponseCode()).isEqualTo(400);
        assertThat(small.rangeAsString(small.errorOffset(), 8)).isEqualTo("Content-");
    }

    @Test
    void shouldAnswer413WhenContentLengthExceedsTheBodyLimit()
    {
        final SipLimits limits = new SipLimits(256, 4096, 32, 100);
        final SipMessage small = new SipMessage(limits);
        buffer = Unpooled.copiedBuffer(INVITE.replace("Content-Length: 4", "Content-Length: 101"), StandardCharsets.US_ASCII);

        assertThat(new SipParser(limits).parse(buffer, 0, buffer.readableBytes(), small)).isEqualTo(SipParseResult.ERROR);
        assertThat(small.error()).isEqualTo(SipParseError.BODY_TOO_LARGE);
        assertThat(small.errorResponseCode()).isEqualTo(413);
    }

    @Test
    void shouldRefuseMaxForwardsAbove255()
    {
        assertThat(parse(options("sip:a@example.com", "Max-Forwards: 256\r\n"))).isEqualTo(SipParseResult.ERROR);
        assertThat(message.error()).isEqualTo(SipParseError.BAD_MAX_FORWARDS);
        assertThat(parse(options("sip:a@example.com", "Max-Forwards: 255\r\n"))).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.maxForwards()).isEqualTo(255);
    }

    @Test
    void shouldTellRequestsFromResponsesWithoutAnsweringResponses()
    {
        assertThat(parse("SIP/2.0 99 Too Small\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n")).isEqualTo(SipParseResult.ERROR);
        assertThat(message.error()).isEqualTo(SipParseError.BAD_STATUS_CODE);
        assertThat(message.errorResponseCode()).isZero();
        assertThat(message.isRequest()).isFalse();
    }

    @Test
    void shouldAnswer505ToAnotherSipVersionAndRefuseOtherProtocols()
    {
        assertThat(parse(options("sip:a@example.com", "").replace("SIP/2.0\r\nVia", "SIP/3.0\r\nVia"))).isEqualTo(SipParseResult.ERROR);
        assertThat(message.error()).isEqualTo(SipParseError.UNSUPPORTED_VERSION);
        assertThat(message.errorResponseCode()).isEqualTo(505);
        assertThat(parse(options("sip:a@example.com", "").replace("SIP/2.0\r\nVia", "HTTP/1.1\r\nVia"))).isEqualTo(SipParseResult.ERROR);
        assertThat(message.error()).isEqualTo(SipParseError.BAD_START_LINE);
        assertThat(parse(options("sip:a@example.com", "").replace("SIP/2.0\r\nVia", "sip/2.0\r\nVia"))).isEqualTo(SipParseResult.MESSAGE);
    }

    @Test
    void shouldParseTelAndSipsRequestUris()
    {
        assertThat(parse(options("tel:+4930123456;phone-context=example.com", ""))).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.requestUriScheme()).isEqualTo(UriScheme.TEL);
        assertThat(message.requestUriUserAsString()).isEqualTo("+4930123456");
        assertThat(parse(options("SIPS:alice:secret@[2001:db8::1]:5061;transport=tcp?subject=x", ""))).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.requestUriScheme()).isEqualTo(UriScheme.SIPS);
        assertThat(message.requestUriUserAsString()).isEqualTo("alice");
        assertThat(text(message.requestUriHostOffset(), message.requestUriHostLength())).isEqualTo("[2001:db8::1]");
        assertThat(message.requestUriPort()).isEqualTo(5061);
    }

    @Test
    void shouldReadIpv6HostsOnlyInBrackets()
    {
        assertThat(parse(options("sip:[2001:db8::10:5070]", ""))).isEqualTo(SipParseResult.MESSAGE);
        assertThat(text(message.requestUriHostOffset(), message.requestUriHostLength())).isEqualTo("[2001:db8::10:5070]");
        assertThat(message.requestUriPort()).isEqualTo(-1);
        assertThat(parse(options("sip:[2001:db8::10]:5070", ""))).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.requestUriPort()).isEqualTo(5070);
        for (final String bad : new String[] {"sip:[2001:db8:::1]", "sip:[1:2:3:4:5:6:7:8:9]", "sip:[12345::1]",
            "sip:[::1", "sip:[2001:db8::1.2.3.256]", "sip:[1:2:3:4:5:6:7]", "sip:[1::2::3]", "sip:2001:db8::1"})
        {
            assertThat(parse(options(bad, ""))).as(bad).isEqualTo(SipParseResult.ERROR);
            assertThat(message.error()).as(bad).isEqualTo(SipParseError.BAD_REQUEST_URI);
        }
        for (final String good : new String[] {"sip:[::1]", "sip:[::]", "sip:[1:2:3:4:5:6:7:8]", "sip:[::ffff:192.0.2.1]",
            "sip:[1:2:3:4:5:6:1.2.3.4]", "sip:[1::]"})
        {
            assertThat(parse(options(good, ""))).as(good).isEqualTo(SipParseResult.MESSAGE);
        }
    }

    @Test
    void shouldCountViaEntriesAcrossLinesAndIgnoreCommasInQuotes()
    {
        assertThat(parse(options("sip:a@example.com",
            "Via: SIP/2.0/TCP b.example.com;x=\"a,b\" , SIP/2.0/UDP [::1]:5062\r\n" +
            "v: SIP/2.0/SCTP c.example.com\r\n" +
            "Contact: \"Doe, John\" <sip:j@example.com>, <sip:k@example.com;p=\"q,r\">\r\n"))).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.viaCount()).isEqualTo(4);
        assertThat(text(message.topViaOffset(), message.topViaLength()))
            .isEqualTo("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKopt");
        assertThat(message.headerName(6)).isEqualTo(HeaderName.VIA);
        assertThat(message.headerName(7)).isEqualTo(HeaderName.CONTACT);
    }

    @Test
    void shouldUnfoldFoldedValuesAndFindTagsWithSpacesAroundEquals()
    {
        assertThat(parse("BYE sip:a@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP\r\n 192.0.2.1\r\n\t;branch=z9hG4bKfold\r\n" +
            "f: \"A \\\"quoted\\\" name\" <sip:a@example.com> ;  tag  =  abc\r\n" +
            "T: sip:b@example.com;TAG=def\r\n" +
            "i: fold-1\r\n" +
            "CSeq: 2\r\n  BYE\r\n" +
            "X-Folded: one\r\n two\r\n" +
            "l: 0\r\n\r\n")).isEqualTo(SipParseResult.MESSAGE);
        assertThat(text(message.fromTagOffset(), message.fromTagLength())).isEqualTo("abc");
        assertThat(text(message.toTagOffset(), message.toTagLength())).isEqualTo("def");
        assertThat(text(message.viaBranchOffset(), message.viaBranchLength())).isEqualTo("z9hG4bKfold");
        assertThat(message.viaBranchHasMagicCookie()).isTrue();
        assertThat(message.cseqMethod()).isEqualTo(SipMethod.BYE);
        final int folded = message.findHeader(HeaderName.OTHER, 0);
        assertThat(message.headerNameAsString(folded)).isEqualTo("X-Folded");
        assertThat(message.headerValueFolded(folded)).isTrue();
        assertThat(message.headerValueAsString(folded)).isEqualTo("one two");
    }

    @Test
    void shouldRefuseAHeaderLineWithoutColon()
    {
        assertThat(parse(options("sip:a@example.com", "NoColonHere\r\n"))).isEqualTo(SipParseResult.ERROR);
        assertThat(message.error()).isEqualTo(SipParseError.BAD_HEADER_LINE);
        assertThat(text(message.errorOffset(), 4)).isEqualTo("\r\nCo");
        assertThat(message.errorResponseCode()).isEqualTo(400);
    }

    @Test
    void shouldWaitOnAStreamUntilTheBodyIsComplete()
    {
        final String whole = INVITE;
        assertThat(parseStream(whole.substring(0, whole.length() - 1))).isEqualTo(SipParseResult.INCOMPLETE);
        assertThat(parseStream(whole.substring(0, 30))).isEqualTo(SipParseResult.INCOMPLETE);
        assertThat(parseStream(whole + "OPTIONS")).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.length()).isEqualTo(whole.length());
    }

    @Test
    void shouldSkipCrlfsBeforeTheStartLine()
    {
        assertThat(parse("\r\n\r\n" + OK)).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.offset()).isEqualTo(4);
        assertThat(message.length()).isEqualTo(OK.length());
    }

    @Test
    void shouldParseAMessageInTheMiddleOfABuffer()
    {
        final String padded = "garbage before" + INVITE + "garbage after";
        buffer = Unpooled.copiedBuffer(padded, StandardCharsets.US_ASCII);

        assertThat(parser.parseStream(buffer, 14, INVITE.length() + 13, message)).isEqualTo(SipParseResult.MESSAGE);
        assertThat(message.offset()).isEqualTo(14);
        assertThat(message.length()).isEqualTo(INVITE.length());
        assertThat(message.callIdAsString()).isEqualTo("a84b4c76e66710@pc33.example.com");
    }

    @Test
    void shouldRefuseACarriageReturnInsideAHeaderValue()
    {
        assertThat(parse(options("sip:a@example.com", "Subject: one\rInjected: two\r\n"))).isEqualTo(SipParseResult.ERROR);
        assertThat(message.error()).isEqualTo(SipParseError.BAD_HEADER_LINE);
        assertThat(text(message.errorOffset(), 10)).isEqualTo("\rInjected:");
        assertThat(message.errorResponseCode()).isEqualTo(400);
    }
}
