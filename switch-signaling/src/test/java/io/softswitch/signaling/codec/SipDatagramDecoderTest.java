package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UDP framing (RFC 3261 §18.3) through a Netty pipeline: one message per datagram, trailing
 * bytes ignored, keep-alives dropped, every datagram released.
 */
class SipDatagramDecoderTest
{
    private static final InetSocketAddress SENDER = new InetSocketAddress("192.0.2.7", 5062);
    private static final InetSocketAddress RECIPIENT = new InetSocketAddress("198.51.100.1", 5060);

    private final RecordingHandler handler = new RecordingHandler(false);
    private final EmbeddedChannel channel = new EmbeddedChannel(new SipDatagramDecoder(SipLimits.DEFAULT, handler));

    static List<String> files()
    {
        return TortureFixtures.files();
    }

    private ByteBuf send(final byte[] bytes)
    {
        final ByteBuf content = Unpooled.wrappedBuffer(bytes);
        channel.writeInbound(new DatagramPacket(content, RECIPIENT, SENDER));
        return content;
    }

    @ParameterizedTest
    @MethodSource("files")
    void shouldDeliverEachTortureDatagramOnceAsMessageOrErrorAndReleaseIt(final String file)
    {
        final String name = TortureFixtures.name(file);
        final ByteBuf content = send(TortureFixtures.read(file));

        assertThat(content.refCnt()).isZero();
        if (SipTortureTest.REJECTED.containsKey(name))
        {
            assertThat(handler.messages).isEmpty();
            assertThat(handler.errors).containsExactly(SipTortureTest.REJECTED.get(name).error());
            assertThat(handler.errorCodes).containsExactly(SipTortureTest.REJECTED.get(name).responseCode());
        }
        else
        {
            assertThat(handler.errors).isEmpty();
            assertThat(handler.messages).containsExactly(SipTortureTest.ACCEPTED.get(name).routingFields());
        }
        assertThat(handler.senders).containsExactly(SENDER);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void shouldIgnoreTheSecondMessageOfADatagram()
    {
        send(TortureFixtures.read("rfc4475/dblreq.dat"));

        assertThat(handler.messages).hasSize(1);
        assertThat(handler.messages.get(0)).startsWith("REGISTER|").contains("dblreq.0ha0isndaksdj99sdfafnl3lk233412");
    }

    @Test
    void shouldDropKeepAliveDatagramsSilently()
    {
        final ByteBuf ping = send("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        final ByteBuf pong = send("\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(handler.messages).isEmpty();
        assertThat(handler.errors).isEmpty();
        assertThat(ping.refCnt()).isZero();
        assertThat(pong.refCnt()).isZero();
        final Object answered = channel.readOutbound();
        assertThat(answered).isNull();
    }

    @Test
    void shouldReportDatagramWhoseHeadersExceedTheLimit()
    {
        final SipLimits limits = new SipLimits(256, 512, 16, 1024);
        final RecordingHandler small = new RecordingHandler(false);
        final EmbeddedChannel limited = new EmbeddedChannel(new SipDatagramDecoder(limits, small));
        final String request = "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n" +
            "X-Padding: " + "x".repeat(600) + "\r\n\r\n";
        final ByteBuf content = Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII);

        limited.writeInbound(new DatagramPacket(content, RECIPIENT, SENDER));

        assertThat(small.errors).containsExactly(SipParseError.HEADERS_TOO_LARGE);
        assertThat(small.errorCodes).containsExactly(400);
        assertThat(content.refCnt()).isZero();
        assertThat(limited.finish()).isFalse();
    }

    @Test
    void shouldPassOtherMessagesDownThePipeline()
    {
        final ByteBuf notADatagram = Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII);

        channel.writeInbound(notADatagram);

        final ByteBuf passed = channel.readInbound();
        assertThat(passed).isSameAs(notADatagram);
        passed.release();
        assertThat(handler.messages).isEmpty();
    }
}
