package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipRequestValidatorTest
{
    private final SipParser parser = new SipParser(SipLimits.DEFAULT);
    private final SipMessage message = new SipMessage(SipLimits.DEFAULT);
    private final SipRequestValidator validator = new SipRequestValidator(List.of("timer", "100rel"));
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

    private int validate(final String method, final String extraHeaders)
    {
        final String text = method + " sip:+4930123456@192.0.2.9 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKv\r\n" +
            "From: <sip:a@example.com>;tag=f\r\n" +
            "To: <sip:b@example.com>\r\n" +
            "Call-ID: v-1\r\n" +
            "CSeq: 1 " + method + "\r\n" +
            extraHeaders +
            "Content-Length: 0\r\n\r\n";
        release();
        buffer = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        assertThat(parser.parse(buffer, 0, buffer.readableBytes(), message)).isEqualTo(SipParseResult.MESSAGE);
        return validator.validate(message);
    }

    @Test
    void shouldAcceptAnOrdinaryInviteWithoutMaxForwards()
    {
        assertThat(validate("INVITE", "Content-Type: application/sdp\r\n")).isZero();
        assertThat(validator.reason()).isNull();
    }

    @Test
    void shouldAcceptRequiredExtensionsWeSupportInAnyCase()
    {
        assertThat(validate("INVITE", "Require: Timer, 100REL\r\n")).isZero();
        assertThat(validate("INVITE", "Require: timer\r\nRequire: precondition\r\n")).isEqualTo(420);
        assertThat(message.rangeAsString(validator.unsupportedOffset(), validator.unsupportedLength()))
            .isEqualTo("precondition");
    }

    @Test
    void shouldAcceptMultipartAndParameterisedSdpBodies()
    {
        assertThat(validate("INVITE", "Content-Type: multipart/mixed;boundary=unique\r\n")).isZero();
        assertThat(validate("INVITE", "c: Application/SDP ; charset=utf-8\r\n")).isZero();
        assertThat(validate("INVITE", "Content-Type: application/isup\r\n")).isEqualTo(415);
        assertThat(validate("MESSAGE", "Content-Type: text/plain\r\n")).isZero();
    }

    @Test
    void shouldHonourWildcardsInAccept()
    {
        assertThat(validate("OPTIONS", "Accept: */*\r\n")).isZero();
        assertThat(validate("OPTIONS", "Accept: text/html, application/*;q=0.5\r\n")).isZero();
        assertThat(validate("OPTIONS", "Accept: text/*\r\n")).isEqualTo(406);
        assertThat(validate("OPTIONS", "Accept: text/plain\r\nAccept: multipart/mixed\r\n")).isZero();
        assertThat(validate("OPTIONS", "Accept:\r\n")).isZero();
        assertThat(validate("BYE", "Accept: text/plain\r\n")).isZero();
    }

    @Test
    void shouldAnswer483OnlyWhenMaxForwardsIsZero()
    {
        assertThat(validate("INVITE", "Max-Forwards: 0\r\n")).isEqualTo(483);
        assertThat(validate("INVITE", "Max-Forwards: 1\r\n")).isZero();
    }

    @Test
    void shouldRefuseARepeatedSingleValuedHeader()
    {
        assertThat(validate("INVITE", "Max-Forwards: 70\r\nMax-Forwards: 69\r\n")).isEqualTo(400);
        assertThat(validate("INVITE", "Route: <sip:a>\r\nRoute: <sip:b>\r\n")).isZero();
    }

    @Test
    void shouldAcceptTelAndSipsRequestUris()
    {
        final String text = "OPTIONS tel:+4930123456 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKt\r\n" +
            "From: <sip:a@example.com>;tag=f\r\nTo: <tel:+4930123456>\r\nCall-ID: t-1\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n";
        buffer = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        assertThat(parser.parse(buffer, 0, buffer.readableBytes(), message)).isEqualTo(SipParseResult.MESSAGE);

        assertThat(validator.validate(message)).isZero();
    }

    @Test
    void shouldRefuseToValidateAResponse()
    {
        buffer = Unpooled.copiedBuffer(SipParserTest.OK, StandardCharsets.US_ASCII);
        parser.parse(buffer, 0, buffer.readableBytes(), message);

        assertThatThrownBy(() -> validator.validate(message)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("statusCode=200");
    }
}
