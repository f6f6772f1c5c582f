package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.softswitch.signaling.codec.SipMessageWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CallIdTest
{
    private static final int EPOCH = 0x5eed1234;

    @Test
    void shouldDecodeWhatItEncodes()
    {
        final ByteBuf out = Unpooled.buffer();
        new CallId().set(3, 123_456, -2, 7, EPOCH).write(new SipMessageWriter().wrap(out));

        final CallId decoded = new CallId();
        final boolean ours = decoded.decode(out, out.readerIndex(), out.readableBytes(), EPOCH);

        assertThat(ours).isTrue();
        assertThat(out.readableBytes()).isEqualTo(CallId.LENGTH);
        assertThat(decoded.loop).isEqualTo(3);
        assertThat(decoded.slot).isEqualTo(123_456);
        assertThat(decoded.generation).isEqualTo(-2);
        assertThat(decoded.attempt).isEqualTo(7);
        out.release();
    }

    @Test
    void shouldRefuseCallIdOfAnotherRunOrAnotherSwitch()
    {
        final ByteBuf out = Unpooled.buffer();
        new CallId().set(0, 1, 1, 0, EPOCH).write(new SipMessageWriter().wrap(out));
        final ByteBuf foreign = Unpooled.copiedBuffer("sw0000000001000000010012345678", StandardCharsets.US_ASCII);
        final ByteBuf customer = Unpooled.copiedBuffer("a84b4c76e66710@pc33.example.com", StandardCharsets.US_ASCII);

        final CallId decoded = new CallId();

        assertThat(decoded.decode(out, 0, out.readableBytes(), EPOCH + 1)).isFalse();
        assertThat(decoded.decode(foreign, 0, foreign.readableBytes(), EPOCH)).isFalse();
        assertThat(decoded.decode(customer, 0, customer.readableBytes(), EPOCH)).isFalse();
        out.release();
        foreign.release();
        customer.release();
    }
}
