package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The SIP framing for streams (RFC 3261 §18.3): messages delimited by Content-Length, split
 * across reads or several in one read, with CRLF keep-alives between them (RFC 5626 §3.5.1: a
 * double CRLF "ping" is answered with a single CRLF "pong").
 * <p>
 * A thin Netty handler over {@link SipParser}: Netty's cumulation holds the unread bytes, the
 * parser frames each whole message in place, and the {@link SipMessageHandler} gets it. After a
 * parse error framing is lost: the decoder reports the error once, discards all further bytes,
 * and leaves closing the connection to the handler. One instance per connection.
 */
public final class SipStreamDecoder extends ByteToMessageDecoder
{
    private static final int PONG = ('\r' << 8) | '\n';

    private final SipParser parser;
    private final SipMessage message;
    private final SipMessageHandler handler;
    private int pendingCrlfs;
    private boolean failed;

    /**
     * Creates the decoder.
     *
     * @param limits  the limits to enforce.
     * @param handler where parsed messages and errors go.
     */
    public SipStreamDecoder(final SipLimits limits, final SipMessageHandler handler)
    {
        this.parser = new SipParser(limits);
        this.message = new SipMessage(limits);
        this.handler = handler;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        while (in.isReadable())
        {
            if (failed)
            {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (!skipKeepAlives(ctx, in))
            {
                return;
            }
            final int index = in.readerIndex();
            final SipParseResult result = parser.parseStream(in, index, in.readableBytes(), message);
            if (result == SipParseResult.INCOMPLETE)
            {
                return;
            }
            final InetSocketAddress sender = (InetSocketAddress)ctx.channel().remoteAddress();
            if (result == SipParseResult.MESSAGE)
            {
                pendingCrlfs = 0;
                in.readerIndex(message.offset() + message.length());
                handler.onMessage(message, sender, ctx.channel());
            }
            else
            {
                failed = true;
                in.skipBytes(in.readableBytes());
                handler.onMalformed(message, message.error(), sender, ctx.channel());
            }
        }
    }

    /**
     * Consumes CRLFs before a message and answers each double CRLF with a CRLF.
     *
     * @return true when a message's first byte is next, false when only keep-alive bytes were left.
     */
    private boolean skipKeepAlives(final ChannelHandlerContext ctx, final ByteBuf in)
    {
        while (in.isReadable())
        {
            final byte b = in.getByte(in.readerIndex());
            if (b == SipBytes.LF)
            {
                in.skipBytes(1);
            }
            else if (b == SipBytes.CR)
            {
                if (in.readableBytes() < 2)
                {
                    return false;
                }
                if (in.getByte(in.readerIndex() + 1) != SipBytes.LF)
                {
                    return true;
                }
                in.skipBytes(2);
                if (++pendingCrlfs == 2)
                {
                    pendingCrlfs = 0;
                    ctx.writeAndFlush(ctx.alloc().buffer(2).writeShort(PONG));
                }
            }
            else
            {
                return true;
            }
        }
        return false;
    }
}
