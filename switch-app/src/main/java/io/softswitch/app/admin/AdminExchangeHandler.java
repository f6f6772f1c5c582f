package io.softswitch.app.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.softswitch.app.config.AdminListen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admin connection's exchanges, on its I/O thread: checks each request's head (route,
 * method, token and role, query parameters, declared body size, the route's own check) before
 * reading its body, reads the body into memory (JSON) or a temporary file (a deck), hands the
 * request to a worker, and writes the reply.
 *
 * <p>A request refused before its body ends is answered at once and the rest of its body is read
 * and dropped (closing with unread data would reset the connection before the client read the
 * reply); after a 413 or a malformed request the connection is closed. One request at a time:
 * while a worker runs a route, reading is paused and anything already decoded waits.
 */
final class AdminExchangeHandler extends ChannelInboundHandlerAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(AdminExchangeHandler.class);
    private static final String JSON = "application/json; charset=utf-8";

    private final AdminListen listen;
    private final AdminRouter router;
    private final ApiTokens tokens;
    private final Executor workers;
    private final AtomicInteger connections;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();

    private ChannelHandlerContext context;
    private boolean counted;
    /** Bytes of a request have arrived and it has not been read to its end. */
    private boolean requestOpen;
    private ScheduledFuture<?> headDeadline;
    private AdminRoute route;
    private AdminRequest head;
    private boolean headMethod;
    private boolean keepAlive;
    private ByteArrayOutputStream json;
    private FileChannel file;
    private Path filePath;
    private long bodyBytes;
    /** The request was answered early: the rest of it is read and dropped. */
    private boolean discarding;
    private boolean closeAfterDiscard;
    /** A worker runs the route: reading is paused. */
    private boolean busy;

    AdminExchangeHandler(final AdminListen listen, final AdminRouter router, final ApiTokens tokens,
        final Executor workers, final AtomicInteger connections)
    {
        this.listen = listen;
        this.router = router;
        this.tokens = tokens;
        this.workers = workers;
        this.connections = connections;
    }

    /**
     * The handler placed before the HTTP decoder: it sees a request's first bytes, before there
     * is a request line to decode, and starts the clock on the request's head.
     *
     * @return the handler, for this connection only.
     */
    ChannelHandler activity()
    {
        return new ChannelInboundHandlerAdapter()
        {
            @Override
            public void channelRead(final ChannelHandlerContext ctx, final Object msg)
            {
                if (!requestOpen && !busy)
                {
                    requestOpen = true;
                    headDeadline = ctx.executor().schedule(AdminExchangeHandler.this::onHeadDeadline,
                        listen.readTimeoutMs(), TimeUnit.MILLISECONDS);
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        context = ctx;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        counted = true;
        if (connections.incrementAndGet() > listen.maxConnections())
        {
            LOG.warn("admin connection refused: {} connections open, max={}", connections.get() - 1,
                listen.maxConnections());
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        if (counted)
        {
            connections.decrementAndGet();
            counted = false;
        }
        cancelHeadDeadline();
        dropBody();
        while (!waiting.isEmpty())
        {
            ReferenceCountUtil.release(waiting.poll());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        LOG.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
    {
        if (!(event instanceof IdleStateEvent idle) || busy)
        {
            return;
        }
        if (idle.state() == IdleState.READER_IDLE && requestOpen)
        {
            onStalled();
        }
        else if (idle.state() == IdleState.ALL_IDLE && !requestOpen)
        {
            ctx.close();
        }
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (busy)
        {
            waiting.add(msg);
            return;
        }
        try
        {
            if (msg instanceof DecoderResultProvider provider && provider.decoderResult().isFailure())
            {
                onMalformed(provider.decoderResult());
                return;
            }
            if (msg instanceof HttpRequest request)
            {
                onHead(request);
            }
            if (msg instanceof HttpContent content)
            {
                onContent(content);
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHeadDeadline()
    {
        if (head == null && !discarding && requestOpen && context.channel().isActive())
        {
            onStalled();
        }
    }

    private void onStalled()
    {
        if (discarding)
        {
            context.close();
            return;
        }
        LOG.info("admin client {} stalled mid-request for {} ms: 408", context.channel().remoteAddress(),
            listen.readTimeoutMs());
        dropBody();
        headMethod = false;
        keepAlive = false;
        send(ApiReply.error(408, "request not completed within " + listen.readTimeoutMs() + " ms"), null, true);
    }

    private void onMalformed(final DecoderResult result)
    {
        final Throwable cause = result.cause();
        final int status = cause instanceof TooLongHttpLineException ? 414 :
            cause instanceof TooLongHttpHeaderException ? 431 :
            cause instanceof TooLongFrameException ? 413 : 400;
        cancelHeadDeadline();
        dropBody();
        headMethod = false;
        keepAlive = false;
        send(ApiReply.error(status, "malformed request: " + cause.getMessage()), null, true);
    }

    private void onHead(final HttpRequest request)
    {
        cancelHeadDeadline();
        keepAlive = HttpUtil.isKeepAlive(request);
        headMethod = "HEAD".equals(request.method().name());
        bodyBytes = 0;
        final QueryStringDecoder uri;
        final String path;
        final Map<String, List<String>> parameters;
        try
        {
            uri = new QueryStringDecoder(request.uri());
            path = uri.path();
            parameters = uri.parameters();
        }
        catch (final IllegalArgumentException ex)
        {
            refuse(ApiReply.badRequest("bad request URI: " + ex.getMessage()), null, false);
            return;
        }
        final String method = request.method().name();
        final AdminRoute found = router.find(method, path);
        if (found == null)
        {
            final String allowed = router.allowed(path);
            if (allowed.isEmpty())
            {
                refuse(ApiReply.notFound("no such endpoint: path=" + path), null, false);
            }
            else
            {
                refuse(ApiReply.error(405, "method not allowed: method=" + method + " allowed=" + allowed), allowed, false);
            }
            return;
        }
        final InetSocketAddress remote = (InetSocketAddress)context.channel().remoteAddress();
        ApiTokens.TokenGrant grant = null;
        if (!(found.openOnLoopback() && listen.openOnLoopback() && remote.getAddress().isLoopbackAddress()))
        {
            grant = tokens.find(bearer(request));
            if (grant == null)
            {
                refuse(new ApiReply(401, Map.of("error", request.headers().contains(HttpHeaderNames.AUTHORIZATION) ?
                    "unknown or revoked token" : "token required: Authorization: Bearer <token>")), null, false);
                return;
            }
            if (!grant.role().grants(found.role()))
            {
                refuse(ApiReply.error(403, "role " + grant.role().key() + " may not " + method + " " + found.path() +
                    ": needs " + found.role().key()), null, false);
                return;
            }
        }
        final Map<String, String> query = new HashMap<>();
        final String queryProblem = query(found, parameters, query);
        if (queryProblem != null)
        {
            refuse(ApiReply.badRequest(queryProblem), null, false);
            return;
        }
        final AdminRequest candidate = new AdminRequest(headMethod ? "GET" : method, path, found.pathParam(path),
            query, remote, grant == null ? null : grant.role(), grant == null ? null : grant.name(),
            request.headers().get(HttpHeaderNames.ACCEPT, ""), new byte[0], null);
        final ApiReply bodyProblem = declaredBody(found, request);
        if (bodyProblem != null)
        {
            refuse(bodyProblem, null, false);
            return;
        }
        final ApiReply refusal = found.check().check(candidate);
        if (refusal != null)
        {
            refuse(refusal, null, false);
            return;
        }
        route = found;
        head = candidate;
        if (!openBody())
        {
            return;
        }
        if (HttpUtil.is100ContinueExpected(request))
        {
            context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private static String bearer(final HttpRequest request)
    {
        final String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || authorization.length() < 7 ||
            !authorization.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static String query(final AdminRoute route, final Map<String, List<String>> parameters,
        final Map<String, String> query)
    {
        for (final Map.Entry<String, List<String>> parameter : parameters.entrySet())
        {
            final String name = parameter.getKey();
            if (!route.params().contains(name))
            {
                final String nameProblem = TextField.problem("name", name, 64);
                return "unknown query parameter: name=" + (nameProblem == null ? name : "?") + " (takes: " +
                    (route.params().isEmpty() ? "none" : String.join(", ", new TreeSet<>(route.params()))) + ")";
            }
            if (parameter.getValue().size() > 1)
            {
                return "query parameter given more than once: name=" + name;
            }
            final String value = parameter.getValue().getFirst();
            final String problem = TextField.problem(name, value, TextField.MAX_PARAM_CHARS);
            if (problem != null)
            {
                return problem;
            }
            query.put(name, value);
        }
        return null;
    }

    private ApiReply declaredBody(final AdminRoute found, final HttpRequest request)
    {
        final long length = HttpUtil.getContentLength(request, -1L);
        final boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        return switch (found.body())
        {
            case NONE -> length > 0 || chunked ?
                ApiReply.badRequest("this endpoint takes no body: " + found.method() + " " + found.path()) : null;
            case JSON -> length > AdminListen.MAX_JSON_BYTES ? tooLarge(AdminListen.MAX_JSON_BYTES) : null;
            case FILE -> length > listen.maxBodyBytes() ? tooLarge(listen.maxBodyBytes()) : null;
        };
    }

    private static ApiReply tooLarge(final long limit)
    {
        return ApiReply.error(413, "body too large: max=" + limit + " bytes");
    }

    private boolean openBody()
    {
        if (route.body() == AdminRoute.Body.JSON)
        {
            json = new ByteArrayOutputStream();
        }
        else if (route.body() == AdminRoute.Body.FILE)
        {
            try
            {
                filePath = Files.createTempFile("admin-upload-", ".body");
                file = FileChannel.open(filePath, StandardOpenOption.WRITE);
            }
            catch (final IOException ex)
            {
                LOG.warn("cannot spool an upload: {}", ex.toString());
                dropBody();
                refuse(ApiReply.error(503, "cannot spool the body: " + ex.getMessage()), null, true);
                return false;
            }
        }
        return true;
    }

    private void onContent(final HttpContent content)
    {
        if (discarding)
        {
            if (content instanceof LastHttpContent)
            {
                endDiscard();
            }
            return;
        }
        if (route == null)
        {
            return;
        }
        final ByteBuf bytes = content.content();
        final int length = bytes.readableBytes();
        bodyBytes += length;
        final long limit = switch (route.body())
        {
            case NONE -> 0;
            case JSON -> AdminListen.MAX_JSON_BYTES;
            case FILE -> listen.maxBodyBytes();
        };
        if (bodyBytes > limit)
        {
            final AdminRoute refused = route;
            dropBody();
            refuse(refused.body() == AdminRoute.Body.NONE ?
                ApiReply.badRequest("this endpoint takes no body: " + refused.method() + " " + refused.path()) :
                tooLarge(limit), null, true);
            if (content instanceof LastHttpContent)
            {
                endDiscard();
            }
            return;
        }
        try
        {
            if (json != null)
            {
                bytes.readBytes(json, length);
            }
            else if (file != null)
            {
                // Positional writes leave the channel's position alone: the body's offset is counted here.
                final long start = bodyBytes - length;
                int done = 0;
                while (done < length)
                {
                    done += bytes.readBytes(file, start + done, length - done);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot spool an upload: {}", ex.toString());
            dropBody();
            refuse(ApiReply.error(503, "cannot spool the body: " + ex.getMessage()), null, true);
            if (content instanceof LastHttpContent)
            {
                endDiscard();
            }
            return;
        }
        if (content instanceof LastHttpContent)
        {
            dispatch();
        }
    }

    private void dispatch()
    {
        requestOpen = false;
        final AdminRoute running = route;
        final AdminRequest request = head.withBody(json == null ? new byte[0] : json.toByteArray(), filePath);
        closeFile();
        route = null;
        head = null;
        json = null;
        filePath = null;
        if (running.inline())
        {
            send(run(running, request), null, !keepAlive);
            return;
        }
        busy = true;
        context.channel().config().setAutoRead(false);
        try
        {
            final boolean headOnly = headMethod;
            final boolean keep = keepAlive;
            workers.execute(() ->
            {
                final ApiReply reply = run(running, request);
                if (reply.body() instanceof ApiReply.Streamed streamed && context.channel().isActive())
                {
                    // Written here, on the worker, chunk by chunk: the answer is never whole in memory.
                    ChunkedReplyStream.send(context.channel(), reply.status(), streamed, keep, headOnly);
                    context.executor().execute(() -> afterWorker(null));
                    return;
                }
                context.executor().execute(() -> afterWorker(reply));
            });
        }
        catch (final RejectedExecutionException ex)
        {
            deleteQuietly(request.bodyFile());
            afterWorker(ApiReply.error(503, "admin API busy: try again"));
        }
    }

    /** After a worker ran a route: sends its reply unless it was streamed ({@code null}), then reads on. */
    private void afterWorker(final ApiReply reply)
    {
        busy = false;
        if (reply != null)
        {
            send(reply, null, !keepAlive);
        }
        if (!context.channel().isActive())
        {
            return;
        }
        context.channel().config().setAutoRead(true);
        while (!busy && !waiting.isEmpty() && context.channel().isActive())
        {
            channelRead(context, waiting.poll());
        }
    }

    private static ApiReply run(final AdminRoute route, final AdminRequest request)
    {
        ApiReply reply;
        try
        {
            reply = route.handler().handle(request);
        }
        catch (final IllegalArgumentException ex)
        {
            reply = ApiReply.badRequest(ex.getMessage());
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.error("admin {} {} failed", request.method(), request.path(), ex);
            reply = ApiReply.error(500, "internal error: " + ex);
        }
        finally
        {
            deleteQuietly(request.bodyFile());
        }
        if (!"GET".equals(request.method()))
        {
            LOG.info("admin {} {}{} by {} from {}: {}", request.method(), request.path(),
                request.query().isEmpty() ? "" : " " + request.query(),
                request.tokenName() == null ? "-" : request.tokenName(), request.remote().getAddress().getHostAddress(),
                reply.status());
        }
        return reply;
    }

    /**
     * Answers a request before its body is read, and reads the rest of it without keeping it;
     * closes the connection after it when the client did not keep it alive, for a 413, or when
     * told to.
     */
    private void refuse(final ApiReply reply, final String allow, final boolean close)
    {
        route = null;
        head = null;
        discarding = true;
        closeAfterDiscard = close || !keepAlive || reply.status() == 413;
        send(reply, allow, false);
    }

    private void endDiscard()
    {
        discarding = false;
        requestOpen = false;
        if (closeAfterDiscard)
        {
            context.close();
        }
    }

    private void send(final ApiReply reply, final String allow, final boolean close)
    {
        if (!context.channel().isActive())
        {
            return;
        }
        final byte[] body;
        final String contentType;
        if (reply.body() instanceof ApiReply.Streamed)
        {
            // Only a worker streams (it may block on a slow client); the I/O thread never does.
            LOG.error("a streamed answer reached the I/O thread: the route must not be inline");
            send(ApiReply.error(500, "internal error: streamed answer from an inline route"), allow, close);
            return;
        }
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
        final boolean closing = close || (discarding && closeAfterDiscard);
        if (closing)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (close)
        {
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            context.writeAndFlush(response);
        }
    }

    private void cancelHeadDeadline()
    {
        if (headDeadline != null)
        {
            headDeadline.cancel(false);
            headDeadline = null;
        }
    }

    private void closeFile()
    {
        if (file != null)
        {
            try
            {
                file.close();
            }
            catch (final IOException ex)
            {
                LOG.warn("cannot close an upload: {}", ex.toString());
            }
            file = null;
        }
    }

    private void dropBody()
    {
        closeFile();
        deleteQuietly(filePath);
        filePath = null;
        json = null;
        route = null;
        head = null;
    }

    private static void deleteQuietly(final Path path)
    {
        if (path == null)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot delete {}: {}", path, ex.toString());
        }
    }
}
