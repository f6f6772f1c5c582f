package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;

/**
 * The SIP framing for datagrams (RFC 3261 §18.3): one message per datagram, bytes after it
 * ignored, the body running to the end of the datagram when there is no Content-Length.
 * <p>
 * A thin framing over {@link SipParser}: {@link #decode} parses each datagram's bytes into its
 * own reusable {@link SipMessage} and hands the result to the {@link SipMessageHandler}. The
 * switch's own batched receive path calls it directly; as a Netty handler (where the native
 * transport is missing) it does the same for each {@link DatagramPacket} and releases the packet
 * when the handler returns. Datagrams holding only CR and LF are keep-alives (RFC 5626
 * §3.5.1) and are dropped. One instance per channel (not sharable: it owns its view).
 */
public final class SipDatagramDecoder extends ChannelInboundHandlerAdapter
{
    private final SipParser parser;
    private final SipMessage message;
    private final SipMessageHandler handler;

    /**
     * Creates the decoder.
     *
     * @param limits  the limits to enforce.
     * @param handler where parsed messages and errors go.
     */
    public SipDatagramDecoder(final SipLimits limits, final SipMessageHandler handler)
    {
        this.parser = new SipParser(limits);
        this.message = new SipMessage(limits);
        this.handler = handler;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof final DatagramPacket packet))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        try
        {
            final ByteBuf content = packet.content();
            decode(content, content.readerIndex(), content.readableBytes(), packet.sender(), ctx.channel());
        }
        finally
        {
            packet.release();
        }
    }

    /**
     * Frames and parses one datagram's bytes and hands the result to the handler: the framing of
     * Netty's reads above and of the switch's own batched receive path alike.
     *
     * @param content the bytes; not released here.
     * @param index   where the datagram starts.
     * @param length  its length.
     * @param sender  where it came from.
     * @param channel the channel it arrived on.
     */
    public void decode(final ByteBuf content, final int index, final int length, final InetSocketAddress sender,
        final Channel channel)
    {
        if (isKeepAlive(content, index, length) || handler.handOver(content, index, length, sender, channel))
        {
            return;
        }
        if (parser.parse(content, index, length, message) == SipParseResult.MESSAGE)
        {
            handler.onMessage(message, sender, channel);
        }
        else
        {
            handler.onMalformed(message, message.error(), sender, channel);
        }
    }

    private static boolean isKeepAlive(final ByteBuf content, final int index, final int length)
    {
        for (int i = index; i < index + length; i++)
        {
            final byte b = content.getByte(i);
            if (b != SipBytes.CR && b != SipBytes.LF)
            {
                return false;
            }
        }
        return true;
    }
}
