package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipMessageWriterTest
{
    private final SipParser parser = new SipParser(SipLimits.DEFAULT);
    private final SipMessage request = new SipMessage(SipLimits.DEFAULT);
    private final SipMessage written = new SipMessage(SipLimits.DEFAULT);
    private final SipMessageWriter writer = new SipMessageWriter();
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void release()
    {
        buffers.forEach(ByteBuf::release);
    }

    private ByteBuf buffer(final String text)
    {
        final ByteBuf buffer = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        buffers.add(buffer);
        return buffer;
    }

    private ByteBuf out()
    {
        final ByteBuf out = Unpooled.buffer(256);
        buffers.add(out);
        return out;
    }

    private void parseRequest(final String text)
    {
        final ByteBuf in = buffer(text);
        assertThat(parser.parse(in, 0, in.readableBytes(), request)).isEqualTo(SipParseResult.MESSAGE);
    }

    private void parseWritten(final ByteBuf out)
    {
        assertThat(parser.parse(out, out.readerIndex(), out.readableBytes(), written))
            .as(out.toString(StandardCharsets.UTF_8)).isEqualTo(SipParseResult.MESSAGE);
        assertThat(written.length()).isEqualTo(out.readableBytes());
    }

    private static String text(final SipMessage m, final int offset, final int length)
    {
        return m.rangeAsString(offset, length);
    }

    @Test
    void shouldWriteTheResponseToARequestWithItsViasFromCallIdCseqAndOurToTag()
    {
        parseRequest(SipParserTest.INVITE);
        final ByteBuf out = out();

        writer.wrap(out).responseTo(request, 180, "Ringing", "b2b-1").header(HeaderName.CONTACT, "<sip:sw@198.51.100.1>")
            .endWithoutBody();

        parseWritten(out);
        assertThat(written.statusCode()).isEqualTo(180);
        assertThat(text(written, written.reasonOffset(), written.reasonLength())).isEqualTo("Ringing");
        assertThat(written.viaCount()).isEqualTo(request.viaCount());
        assertThat(text(written, written.viaBranchOffset(), written.viaBranchLength())).isEqualTo("z9hG4bK776asdhds");
        assertThat(text(written, written.fromTagOffset(), written.fromTagLength())).isEqualTo("1928301774");
        assertThat(text(written, written.toTagOffset(), written.toTagLength())).isEqualTo("b2b-1");
        assertThat(written.callIdAsString()).isEqualTo(request.callIdAsString());
        assertThat(written.cseqNumber()).isEqualTo(314159);
        assertThat(written.cseqMethod()).isEqualTo(SipMethod.INVITE);
        assertThat(written.contentLength()).isZero();
        assertThat(written.headerName(written.headerCount() - 2)).isEqualTo(HeaderName.CONTACT);
    }

    @Test
    void shouldAddNoToTagTo100TryingNorReplaceTheRequestsTag()
    {
        parseRequest(SipParserTest.INVITE);
        final ByteBuf trying = out();
        writer.wrap(trying).responseTo(request, 100, "Trying", "b2b-1").endWithoutBody();
        parseWritten(trying);
        assertThat(written.toTagOffset()).isEqualTo(-1);

        parseRequest(SipParserTest.INVITE.replace("To: <sip:+4930123456@203.0.113.7>", "To: <sip:+4930123456@203.0.113.7>;tag=theirs"));
        final ByteBuf ok = out();
        writer.wrap(ok).responseTo(request, 200, "OK", "b2b-1").endWithoutBody();
        parseWritten(ok);
        assertThat(text(written, written.toTagOffset(), written.toTagLength())).isEqualTo("theirs");
    }

    @Test
    void shouldWriteARequestWithComposedHeadersAndItsBodyLength()
    {
        final ByteBuf body = buffer("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
        final ByteBuf out = out();

        writer.wrap(out).requestLine(SipMethod.INVITE, "sip:+4930123456@192.0.2.9:5080")
            .headerStart(HeaderName.VIA).append("SIP/2.0/UDP 198.51.100.1:").append(5060L).append(";branch=z9hG4bK")
            .append(123456789L).headerEnd()
            .header(HeaderName.MAX_FORWARDS, 0L)
            .header(HeaderName.FROM, "<sip:sw@198.51.100.1>;tag=a1")
            .header(HeaderName.TO, "<sip:+4930123456@192.0.2.9>")
            .header(HeaderName.CALL_ID, "sw-42")
            .headerStart(HeaderName.CSEQ).append(1L).append(' ').append("INVITE").headerEnd()
            .header("P-Charging-Vector", "icid-value=x")
            .header(HeaderName.CONTENT_TYPE, "application/sdp")
            .end(body, 0, body.readableBytes());

        parseWritten(out);
        assertThat(MessageSnapshot.routingFields(written)).isEqualTo(
            "INVITE|+4930123456|192.0.2.9|5080|sw-42|1|INVITE|0|a1|null|1|UDP|198.51.100.1|5060|z9hG4bK123456789|" +
            body.readableBytes() + "|" + body.readableBytes());
        assertThat(written.headerNameAsString(6)).isEqualTo("P-Charging-Vector");
    }

    @Test
    void shouldWriteARequestLineWhoseUriIsASliceOfAnotherMessage()
    {
        parseRequest(SipParserTest.INVITE);
        final ByteBuf out = out();

        writer.wrap(out).requestLine(SipMethod.ACK, request.buffer(), request.requestUriOffset(), request.requestUriLength());

        assertThat(out.toString(StandardCharsets.US_ASCII))
            .isEqualTo("ACK sip:+4930123456@203.0.113.7:5060;user=phone SIP/2.0\r\n");
    }

    @Test
    void shouldUnfoldCopiedHeaderValues()
    {
        parseRequest("OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n" +
            "Subject: one  \r\n   two\r\n\tthree\r\nl: 0\r\n\r\n");
        final ByteBuf out = out();

        writer.wrap(out).copyHeaders(request, HeaderName.SUBJECT).copyHeader(request, 2);

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("Subject: one two three\r\nContent-Length: 0\r\n");
    }

    @Test
    void shouldRefuseMisuseWithTheValueInTheMessage()
    {
        final ByteBuf out = out();
        writer.wrap(out);

        assertThatThrownBy(() -> writer.statusLine(99, "Low")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("statusCode=99");
        assertThatThrownBy(() -> writer.headerStart(HeaderName.OTHER)).hasMessageContaining("name=OTHER");
        assertThatThrownBy(() -> writer.requestLine(SipMethod.EXTENSION, "sip:a@b")).hasMessageContaining("method=EXTENSION");
        assertThatThrownBy(() -> writer.append(-1L)).hasMessageContaining("value=-1");
    }
}
