package io.softswitch.app.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Sends a {@link ApiReply.Streamed} body from the worker thread that ran the route, as HTTP/1.1
 * chunks of up to {@value #CHUNK_BYTES} bytes: the answer is never held whole in memory.
 *
 * <p>Back-pressure: once Netty's outbound buffer is above its high-water mark (the client reads
 * slower than the body is produced), the worker waits for the last chunk to reach the socket
 * before it writes the next, so what is buffered per connection stays bounded by the water mark
 * plus one chunk. A client that reads nothing for {@value #STALL_SECONDS} s, or that goes away,
 * fails the body (the route's cursor and connection are released) and the connection is closed.
 */
final class ChunkedReplyStream extends OutputStream
{
    /** Bytes per HTTP chunk. */
    static final int CHUNK_BYTES = 64 * 1024;
    /** How long a client may read nothing before the answer is abandoned. */
    static final int STALL_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(ChunkedReplyStream.class);

    private final Channel channel;
    private final byte[] buffer = new byte[CHUNK_BYTES];
    private int filled;
    private ChannelFuture last;

    private ChunkedReplyStream(final Channel channel)
    {
        this.channel = channel;
    }

    /**
     * Sends the head, then the body as the writer produces it, then the last chunk; on the
     * worker's thread, which it blocks while the client is slow.
     *
     * @param channel   the connection.
     * @param status    the HTTP status.
     * @param body      the body.
     * @param keepAlive whether the connection stays open after the answer.
     * @param headOnly  a HEAD request: the head alone.
     * @return true when the whole answer was sent; false when the connection was closed instead.
     */
    static boolean send(final Channel channel, final int status, final ApiReply.Streamed body,
        final boolean keepAlive, final boolean headOnly)
    {
        final HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, body.contentType())
            .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
            .set("X-Content-Type-Options", "nosniff");
        if (!keepAlive)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        final ChunkedReplyStream out = new ChunkedReplyStream(channel);
        out.last = channel.writeAndFlush(response);
        try
        {
            if (!headOnly)
            {
                body.writer().writeTo(out);
                out.flush();
            }
            final ChannelFuture end = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive)
            {
                end.addListener(ChannelFutureListener.CLOSE);
            }
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.warn("admin streamed answer to {} abandoned: {}", channel.remoteAddress(), ex.toString());
            channel.close();
            return false;
        }
    }

    @Override
    public void write(final int b) throws IOException
    {
        if (filled == buffer.length)
        {
            flush();
        }
        buffer[filled++] = (byte)b;
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            if (filled == buffer.length)
            {
                flush();
            }
            final int n = Math.min(length - done, buffer.length - filled);
            System.arraycopy(bytes, offset + done, buffer, filled, n);
            filled += n;
            done += n;
        }
    }

    @Override
    public void flush() throws IOException
    {
        if (filled == 0)
        {
            return;
        }
        if (!channel.isActive())
        {
            throw new IOException("client closed the connection");
        }
        if (!channel.isWritable())
        {
            // Above the high-water mark: wait for what is queued to reach the socket.
            try
            {
                if (!last.await(STALL_SECONDS, TimeUnit.SECONDS))
                {
                    throw new IOException("client read nothing for " + STALL_SECONDS + " s");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the client was slow", ex);
            }
            if (!last.isSuccess())
            {
                throw new IOException("sending failed", last.cause());
            }
        }
        last = channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buffer, 0, filled)));
        filled = 0;
    }
}
