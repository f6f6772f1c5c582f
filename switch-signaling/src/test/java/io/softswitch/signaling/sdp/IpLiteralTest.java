package io.softswitch.signaling.sdp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class IpLiteralTest
{
    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::20", "::1", "::", "2001:db8:0:0:1:0:0:1", "fe80::1:2:3:4", "2001:db8::",
        "::ffff:192.0.2.2", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:192.0.2.1", "2001:DB8::A"})
    void shouldReadIpv6AsTheJdkDoes(final String text) throws Exception
    {
        final ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        try
        {
            final byte[] out = new byte[16];
            assertThat(IpLiteral.parseIpv6(in, 0, in.readableBytes(), out)).isTrue();
            final byte[] expected = InetAddress.getByName(text).getAddress();
            if (expected.length == 4)
            {
                // The JDK folds ::ffff:a.b.c.d into IPv4: compare the tail.
                assertThat(out).endsWith(expected);
            }
            else
            {
                assertThat(out).isEqualTo(expected);
            }
        }
        finally
        {
            in.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8:::1", "1::2::3", "12345::1", ":1:2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:",
        "g::1", "1:2:3:4:5:6:7:192.0.2.1"})
    void shouldRefuseWhatIsNotIpv6(final String text)
    {
        final ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        try
        {
            assertThat(IpLiteral.parseIpv6(in, 0, in.readableBytes(), new byte[16])).isFalse();
        }
        finally
        {
            in.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2", "256.1.1.1", "1.2.3.4.5", "1..2.3", "a.b.c.d", ""})
    void shouldRefuseWhatIsNotIpv4(final String text)
    {
        final ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        try
        {
            assertThat(IpLiteral.parseIpv4(in, 0, in.readableBytes(), new byte[4], 0)).isFalse();
        }
        finally
        {
            in.release();
        }
    }
}
