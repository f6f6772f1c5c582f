package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class NameAddrTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"Alice \\\"A\\\" Smith\" <sip:alice@host;x=1>;tag=9 | \"Alice \\\"A\\\" Smith\" | sip:alice@host;x=1 | alice",
        "Bob<sips:bob@[2001:db8::1]:5061> | Bob | sips:bob@[2001:db8::1]:5061 | bob",
        "sip:carol@example.com;tag=1 | '' | sip:carol@example.com | carol",
        "<tel:+442079460000;phone-context=x> | '' | tel:+442079460000;phone-context=x | +442079460000",
        "<sip:example.com> | '' | sip:example.com | ''",
    })
    void shouldFindDisplayNameUriAndUser(final String value, final String display, final String uri,
        final String user)
    {
        final ByteBuf buffer = Unpooled.copiedBuffer("X" + value, StandardCharsets.US_ASCII);

        final NameAddr nameAddr = new NameAddr().wrap(buffer, 1, buffer.readableBytes() - 1);

        assertThat(text(buffer, nameAddr.displayOffset, nameAddr.displayLength)).isEqualTo(display);
        assertThat(text(buffer, nameAddr.uriOffset, nameAddr.uriLength)).isEqualTo(uri);
        assertThat(text(buffer, nameAddr.userOffset, nameAddr.userLength)).isEqualTo(user);
        buffer.release();
    }

    private static String text(final ByteBuf buffer, final int offset, final int length)
    {
        return buffer.toString(offset, length, StandardCharsets.US_ASCII);
    }
}
