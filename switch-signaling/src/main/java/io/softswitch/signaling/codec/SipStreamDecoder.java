package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The SIP framing for streams (RFC 3261 §18.3): messages delimited by Content-Length, split
 * across reads or several in one read, with CRLF keep-alives between them (RFC 5626 §3.5.1: a
 * double CRLF "ping" is answered with a single CRLF "pong").
 * <p>
 * A thin Netty handler over {@link SipParser}: Netty's cumulation holds the unread bytes, the
 * parser frames each whole message in place, and the {@link SipMessageHandler} gets it. So that
 * a message arriving in many small reads is not parsed again on each, the decoder calls the
 * parser at most three times per message: when the start line is complete, when the headers
 * are, and when the body Content-Length announced has arrived. After a parse error framing
 * is lost: the decoder reports the error once, discards all further bytes, and leaves closing
 * the connection to the handler. One instance per connection.
 */
public final class SipStreamDecoder extends ByteToMessageDecoder
{
    private static final int PONG = ('\r' << 8) | '\n';

    private final SipParser parser;
    private final SipMessage message;
    private final SipMessageHandler handler;
    private final int maxStartLineBytes;
    private final int maxHeadBytes;
    private InetSocketAddress sender;
    private int pendingCrlfs;
    private boolean messageStarted;
    private boolean startLineSeen;
    private int scanOffset;
    private int bytesNeeded;
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
        this.maxStartLineBytes = limits.maxStartLineBytes();
        this.maxHeadBytes = limits.maxStartLineBytes() + 2 + limits.maxHeaderBytes();
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
            if (!messageStarted && !skipKeepAlives(ctx, in))
            {
                return;
            }
            messageStarted = true;
            final int index = in.readerIndex();
            final int readable = in.readableBytes();
            if (!worthParsing(in, index, readable))
            {
                return;
            }
            final SipParseResult result = parser.parseStream(in, index, readable, message);
            if (result == SipParseResult.INCOMPLETE)
            {
                startLineSeen = true;
                bytesNeeded = message.streamBytesNeeded;
                return;
            }
            messageStarted = false;
            startLineSeen = false;
            scanOffset = 0;
            bytesNeeded = 0;
            if (result == SipParseResult.MESSAGE)
            {
                pendingCrlfs = 0;
                in.readerIndex(message.offset() + message.length());
                handler.onMessage(message, sender(ctx), ctx.channel());
            }
            else
            {
                failed = true;
                in.skipBytes(in.readableBytes());
                handler.onMalformed(message, message.error(), sender(ctx), ctx.channel());
            }
        }
    }

    /**
     * Whether the parser could now finish or refuse the message: the body it announced has
     * arrived; or the start line is complete (to refuse a bad one early) or over its limit; or
     * the empty line ending the headers is there (RFC 3261 §7) or the header limits are passed.
     * Scanning goes on from where the previous call stopped, relative to the reader index, which
     * stays put while we wait (so Netty may discard read bytes meanwhile).
     */
    private boolean worthParsing(final ByteBuf in, final int index, final int readable)
    {
        if (bytesNeeded > 0)
        {
            return readable >= bytesNeeded;
        }
        if (readable > maxHeadBytes)
        {
            return true;
        }
        final int end = index + readable;
        if (!startLineSeen)
        {
            final int lineEnd = Math.min(end, index + maxStartLineBytes + 2);
            for (int i = index + scanOffset; i < lineEnd; i++)
            {
                if (in.getByte(i) == SipBytes.LF)
                {
                    scanOffset = i - index;
                    return true;
                }
            }
            scanOffset = lineEnd - index;
            return lineEnd < end || readable >= maxStartLineBytes + 2;
        }
        int i = index + scanOffset;
        while (i < end)
        {
            if (in.getByte(i) == SipBytes.LF)
            {
                if (i + 1 < end && in.getByte(i + 1) == SipBytes.LF)
                {
                    return true;
                }
                if (i + 2 < end && in.getByte(i + 1) == SipBytes.CR && in.getByte(i + 2) == SipBytes.LF)
                {
                    return true;
                }
                if (i + 2 >= end)
                {
                    break;
                }
            }
            i++;
        }
        scanOffset = i - index;
        return false;
    }

    /**
     * Whether part of a message has arrived and the rest not yet (keep-alive CRLFs aside): what a
     * slowloris connection looks like.
     *
     * @return true while a message is half received.
     */
    public boolean hasPartialMessage()
    {
        return messageStarted || actualReadableBytes() > 0;
    }

    private InetSocketAddress sender(final ChannelHandlerContext ctx)
    {
        if (sender == null)
        {
            final SocketAddress remote = ctx.channel().remoteAddress();
            sender = remote instanceof final InetSocketAddress inet ? inet : null;
        }
        return sender;
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
