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
        }
    }

    private SipParseResult parse(final String text)
    {
        buffer = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        return parser.parse(buffer, buffer.readerIndex(), buffer.readableBytes(), message);
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
}
