package io.softswitch.app.admin;

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
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.softswitch.app.config.AdminListen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admin connection's exchanges, on its I/O thread: has each request's head checked
 * ({@link AdminRequestGate}) before reading its body, reads the body ({@link RequestBodySpool}),
 * hands the request to a worker ({@link RouteInvocation}), and writes the reply
 * ({@link ApiReplyEncoder}, or {@link ChunkedReplyStream} from the worker).
 *
 * <p>A request refused before its body ends is answered at once and the rest of its body is read
 * and dropped (closing with unread data would reset the connection before the client read the
 * reply); after a 413 or a malformed request the connection is closed. One request at a time:
 * while a worker runs a route, reading is paused and anything already decoded waits.
 */
final class AdminExchangeHandler extends ChannelInboundHandlerAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(AdminExchangeHandler.class);

    private final AdminListen listen;
    private final AdminRequestGate gate;
    private final Executor workers;
    private final AtomicInteger connections;
    private final RequestBodySpool body;
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
    /** The request was answered early: the rest of it is read and dropped. */
    private boolean discarding;
    private boolean closeAfterDiscard;
    /** A worker runs the route: reading is paused. */
    private boolean busy;

    AdminExchangeHandler(final AdminListen listen, final AdminRouter router, final ApiTokens tokens,
        final Executor workers, final AtomicInteger connections)
    {
        this.listen = listen;
        this.gate = new AdminRequestGate(listen, router, tokens);
        this.workers = workers;
        this.connections = connections;
        this.body = new RequestBodySpool(listen.maxBodyBytes());
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
        final AdminRequestGate.Verdict verdict =
            gate.check(request, (InetSocketAddress)context.channel().remoteAddress(), headMethod);
        if (verdict.refusal() != null)
        {
            refuse(verdict.refusal(), verdict.allow(), false);
            return;
        }
        route = verdict.route();
        head = verdict.request();
        try
        {
            body.open(route.body());
        }
        catch (final IOException ex)
        {
            cannotSpool(ex);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request))
        {
            context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
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
        try
        {
            if (!body.append(content.content()))
            {
                final ApiReply refusal = AdminRequestGate.bodyRefusal(route, body.limit());
                dropBody();
                refuse(refusal, null, true);
                if (content instanceof LastHttpContent)
                {
                    endDiscard();
                }
                return;
            }
        }
        catch (final IOException ex)
        {
            cannotSpool(ex);
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

    private void cannotSpool(final IOException ex)
    {
        LOG.warn("cannot spool an upload: {}", ex.toString());
        dropBody();
        refuse(ApiReply.error(503, "cannot spool the body: " + ex.getMessage()), null, true);
    }

    private void dispatch()
    {
        requestOpen = false;
        final AdminRoute running = route;
        final AdminRequest request = body.complete(head);
        route = null;
        head = null;
        if (running.inline())
        {
            send(RouteInvocation.run(running, request), null, !keepAlive);
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
                final ApiReply reply = RouteInvocation.run(running, request);
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
            RequestBodySpool.delete(request.bodyFile());
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
        if (reply.body() instanceof ApiReply.Streamed)
        {
            // Only a worker streams (it may block on a slow client); the I/O thread never does.
            LOG.error("a streamed answer reached the I/O thread: the route must not be inline");
            send(ApiReply.error(500, "internal error: streamed answer from an inline route"), allow, close);
            return;
        }
        final FullHttpResponse response =
            ApiReplyEncoder.encode(reply, allow, headMethod, close || (discarding && closeAfterDiscard));
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

    private void dropBody()
    {
        body.drop();
        route = null;
        head = null;
    }
}
