package io.softswitch.app.admin;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Turns an {@link ApiReply} held whole in memory into the HTTP response the admin server sends:
 * a {@link ApiReply.Raw} body as it is, anything else as JSON; never cached, never sniffed;
 * {@code WWW-Authenticate} on a 401 (RFC 6750 §3), {@code Allow} on a 405 (RFC 9110 §15.5.6).
 * A streamed reply is not for this class: {@link ChunkedReplyStream} writes those.
 */
final class ApiReplyEncoder
{
    private static final String JSON = "application/json; charset=utf-8";

    private ApiReplyEncoder()
    {
    }

    /**
     * Encodes a reply.
     *
     * @param reply      the reply, not streamed.
     * @param allow      the {@code Allow} header, or {@code null}.
     * @param headMethod whether it answers a {@code HEAD}: headers only, with the length of the body.
     * @param closing    whether the connection closes after it.
     * @return the response.
     */
    static FullHttpResponse encode(final ApiReply reply, final String allow, final boolean headMethod,
        final boolean closing)
    {
        final byte[] body;
        final String contentType;
        if (reply.body() instanceof ApiReply.Raw raw)
        {
            body = raw.bytes();
            contentType = raw.contentType();
        }
        else
        {
            body = AdminJson.write(reply.body());
            contentType = JSON;
        }
        final HttpResponseStatus status = HttpResponseStatus.valueOf(reply.status());
        final FullHttpResponse response = headMethod ?
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER) :
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
            .set("X-Content-Type-Options", "nosniff");
        if (allow != null)
        {
            response.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        if (reply.status() == 401)
        {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"softswitch\"");
        }
        if (closing)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
