package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 5118 (SIP torture tests for IPv6) messages that carry SDP, from the shared fixtures:
 * their bodies are read, anchored on an IPv4 relay, and none of their addresses survive.
 */
class Rfc5118SdpTest
{
    private static final Path FIXTURES = Path.of(System.getProperty("user.dir")).resolve(
        "../../shared/testdata/sip-torture/rfc5118").normalize();

    private final SdpSession sdp = new SdpSession();
    private final SdpRewriter rewriter = new SdpRewriter();

    private ByteBuf body(final String name) throws IOException
    {
        final byte[] message = Files.readAllBytes(FIXTURES.resolve(name));
        final String text = new String(message, StandardCharsets.US_ASCII);
        final int body = text.indexOf("\r\n\r\n") + 4;
        return Unpooled.wrappedBuffer(message, body, message.length - body);
    }

    private String anchored(final ByteBuf in, final int... ports) throws IOException
    {
        assertThat(sdp.parse(in, in.readerIndex(), in.readableBytes())).isTrue();
        assertThat(rewriter.plan(sdp, CodecPolicy.ANY)).isEqualTo(SdpRewriter.OK);
        final ByteBuf out = Unpooled.buffer(2048);
        try
        {
            rewriter.write(sdp, out, new MediaAddress(InetAddress.getByName("192.0.2.50")), ports,
                new SdpOrigin().reset(5));
            return out.toString(StandardCharsets.US_ASCII);
        }
        finally
        {
            out.release();
        }
    }

    private static byte[] address(final String text) throws IOException
    {
        final byte[] raw = InetAddress.getByName(text).getAddress();
        final byte[] padded = new byte[16];
        System.arraycopy(raw, 0, padded, 0, raw.length);
        return padded;
    }

    @Test
    void shouldAnchorBothMediaOfTheIpv6InSdpCase() throws IOException
    {
        final ByteBuf in = body("ipv6-in-sdp");
        final String out = anchored(in, 30000, 30002);
        final byte[] address = new byte[16];
        assertThat(sdp.copyAddress(0, address)).isEqualTo(16);
        assertThat(address).isEqualTo(address("2001:db8::20"));
        assertThat(sdp.copyAddress(1, address)).isEqualTo(16);
        assertThat(out).doesNotContain("2001:db8").doesNotContain("IP6").doesNotContain("assistant")
            .contains("m=audio 30000 RTP/AVP 2\r\n").contains("m=video 30002 RTP/AVP 107\r\n");
        assertThat(sdp.clockRate(1, 107)).isEqualTo(90000);
    }

    @Test
    void shouldReadEachMediasOwnAddressFamilyInTheMultipleAddressCase() throws IOException
    {
        final ByteBuf in = body("mult-ip-in-sdp");
        final String out = anchored(in, 30000, 30002);
        final byte[] address = new byte[16];
        assertThat(sdp.sessionConnectionLine()).isEqualTo(-1);
        assertThat(sdp.copyAddress(0, address)).isEqualTo(4);
        assertThat(address).isEqualTo(address("192.0.2.1"));
        assertThat(sdp.copyAddress(1, address)).isEqualTo(16);
        assertThat(address).isEqualTo(address("2001:db8::1"));
        assertThat(out).doesNotContain("192.0.2.1\r").doesNotContain("2001:db8").doesNotContain("host.example.com");
        // One session-level c= for the relay, placed before t= as RFC 4566 orders it.
        assertThat(out).contains("s=-\r\nc=IN IP4 192.0.2.50\r\nt=0 0\r\n");
        assertThat(out.split("c=", -1)).hasSize(2);
    }

    @Test
    void shouldReadTheIpv4MappedIpv6AddressAsSixteenBytes() throws IOException
    {
        final ByteBuf in = body("ipv4-mapped-ipv6");
        final String out = anchored(in, 30000, 30002);
        final byte[] address = new byte[16];
        assertThat(sdp.copyAddress(0, address)).isEqualTo(16);
        assertThat(address).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)0xFF, (byte)0xFF, (byte)192, 0, 2, 2);
        assertThat(out).doesNotContain("ffff").doesNotContain("192.0.2.2");
    }
}
