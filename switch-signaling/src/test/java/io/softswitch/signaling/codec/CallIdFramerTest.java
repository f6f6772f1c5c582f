package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding a Call-ID without parsing the message, the way the parser reads it.
 */
class CallIdFramerTest
{
    private static String framed(final String message)
    {
        final ByteBuf buffer = Unpooled.copiedBuffer(message.replace("|", "\r\n"), StandardCharsets.US_ASCII);
        try
        {
            final long found = CallIdFramer.find(buffer, 0, buffer.readableBytes());
            return found < 0 ? "none" :
                buffer.toString((int)(found >>> 32), (int)found, StandardCharsets.US_ASCII);
        }
        finally
        {
            buffer.release();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "INVITE sip:a@b SIP/2.0|Via: SIP/2.0/UDP h;branch=z9hG4bK1|Call-ID: abc@host|CSeq: 1 INVITE||# abc@host",
        "INVITE sip:a@b SIP/2.0|i:abc||# abc",
        "SIP/2.0 200 OK|CALL-ID \t:  x-1 \t|To: <sip:b>||# x-1",
        "INVITE sip:a@b SIP/2.0|Call-Info: <http://x>|I: second||# second",
        "INVITE sip:a@b SIP/2.0|To: <sip:b>||Call-ID: in-the-body# none",
        "INVITE sip:a@b SIP/2.0|Call-ID:|To: <sip:b>||# none",
        "garbage without lines# none"
    })
    void shouldFindTheCallIdAsTheParserReadsIt(final String message, final String expected)
    {
        assertThat(framed(message)).isEqualTo(expected);
    }
}
