package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipRequestValidator;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;


/**
 * Answers requests without a transaction (RFC 3261 §8.2.6): refusals, OPTIONS, 481s; a
 * retransmitted request is simply answered again.
 */
final class StatelessResponder
{
    private final CallLoop loop;

    StatelessResponder(final CallLoop loop)
    {
        this.loop = loop;
    }

    /**
     * Answers a request with a code of our own.
     *
     * @param extra complete header lines to add, or null.
     */
    void respond(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over, final int code, final byte[] extra)
    {
        final ByteBuf out = loop.alloc.directBuffer(512);
        loop.writer.simpleResponse(out, request, sender, code, request.toTagLength() > 0 ? -1 : loop.nextTag(),
            extra);
        send(out, request, sender, channel, over, code);
    }

    /**
     * Answers a request the validator refused, with its reason phrase and, for 420, the
     * Unsupported header (RFC 3261 §8.2.2.3).
     */
    void refuse(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over, final int code, final SipRequestValidator validator)
    {
        final ByteBuf out = loop.alloc.directBuffer(512);
        loop.writer.refusal(out, request, sender, code, validator.reason(), loop.nextTag(),
            code == 420 ? validator.unsupportedOffset() : -1, validator.unsupportedLength());
        send(out, request, sender, channel, over, code);
    }

    private void send(final ByteBuf out, final SipMessage request, final InetSocketAddress sender,
        final Channel channel, final Transport over, final int code)
    {
        loop.transport.transmit(out, loop.peers.responsePeer(request, sender, channel, over));
        out.release();
        loop.context.metrics.responseOut(code);
    }
}
