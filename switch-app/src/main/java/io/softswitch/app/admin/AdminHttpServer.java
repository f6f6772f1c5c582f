package io.softswitch.app.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.softswitch.app.config.AdminListen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin HTTP server: metrics, health and the admin API, on Netty's HTTP/1.1 codec.
 *
 * <p>Two I/O threads ({@code admin-io}) read and write every connection without blocking; routes
 * run on a small pool of workers ({@code admin-worker}) because they may wait on the database,
 * except {@code /health} and {@code /metrics}, which are answered on the I/O thread so that they
 * answer while every worker is busy. A client that stalls halfway through a request is answered
 * 408 and closed after {@link AdminListen#readTimeoutMs()}; an idle kept-alive connection is
 * closed after {@link AdminListen#idleTimeoutMs()}; a request line over {@value #MAX_LINE_BYTES}
 * bytes is 414, headers over {@value #MAX_HEADER_BYTES} bytes are 431, a body over its limit is
 * 413. Tokens, roles and bodies are checked by {@link AdminExchangeHandler} before the route runs.
 *
 * <p>Which endpoints exist is the {@link AdminRouter}'s business: see {@code docs/admin-api.md}.
 */
public final class AdminHttpServer implements AutoCloseable
{
    /** Longest request line. */
    static final int MAX_LINE_BYTES = 8 * 1024;
    /** Longest request head (all header lines together). */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;
    private static final int IO_THREADS = 2;
    private static final int WORKER_THREADS = 4;
    private static final int WORKER_QUEUE = 64;
    private static final long CLOSE_WAIT_NS = TimeUnit.SECONDS.toNanos(2);

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);

    private final MultiThreadIoEventLoopGroup group;
    private final ThreadPoolExecutor workers;
    private final Channel serverChannel;
    private final ChannelGroup children;
    private final AtomicInteger connections;
    private final ScheduledFuture<?> tokenRefresh;

    private AdminHttpServer(final MultiThreadIoEventLoopGroup group, final ThreadPoolExecutor workers,
        final Channel serverChannel, final ChannelGroup children, final AtomicInteger connections,
        final ScheduledFuture<?> tokenRefresh)
    {
        this.group = group;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.children = children;
        this.connections = connections;
        this.tokenRefresh = tokenRefresh;
    }

    /**
     * Binds the server and starts answering.
     *
     * @param listen where to listen and the limits to hold clients to; port 0 picks a free one.
     * @param router the routes.
     * @param tokens who each bearer token is.
     * @return the running server.
     * @throws UncheckedIOException when the address cannot be bound.
     */
    public static AdminHttpServer start(final AdminListen listen, final AdminRouter router, final ApiTokens tokens)
    {
        if (!listen.enabled())
        {
            throw new IllegalArgumentException("admin server is disabled: port=" + listen.port());
        }
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(
            IO_THREADS, new DefaultThreadFactory("admin-io", true), NioIoHandler.newFactory());
        final ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WORKER_QUEUE), new DefaultThreadFactory("admin-worker", true));
        final AtomicInteger connections = new AtomicInteger();
        final ChannelGroup children = new DefaultChannelGroup("admin-connections", GlobalEventExecutor.INSTANCE);
        final Channel channel;
        try
        {
            channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel child)
                    {
                        children.add(child);
                        final AdminExchangeHandler exchange =
                            new AdminExchangeHandler(listen, router, tokens, workers, connections);
                        child.pipeline().addLast(
                            new IdleStateHandler(listen.readTimeoutMs(), 0, listen.idleTimeoutMs(), TimeUnit.MILLISECONDS),
                            exchange.activity(),
                            new HttpServerCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(MAX_LINE_BYTES)
                                .setMaxHeaderSize(MAX_HEADER_BYTES)
                                .setMaxChunkSize(MAX_CHUNK_BYTES)),
                            exchange);
                    }
                })
                .bind(listen.host(), listen.port())
                .syncUninterruptibly()
                .channel();
        }
        catch (final Exception ex)
        {
            // Netty rethrows a failed bind as its checked exception without declaring it.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownNow();
            throw new UncheckedIOException("cannot bind admin HTTP: host=" + listen.host() + " port=" + listen.port() +
                ": " + ex.getMessage(), ex instanceof IOException io ? io : new IOException(ex));
        }
        // Tokens revoked by another process (the command line) stop working within a refresh.
        final ScheduledFuture<?> refresh = group.next().scheduleAtFixedRate(() -> refreshTokens(workers, tokens),
            ApiTokenStore.REFRESH_MS, ApiTokenStore.REFRESH_MS, TimeUnit.MILLISECONDS);
        return new AdminHttpServer(group, workers, channel, children, connections, refresh);
    }

    /**
     * Closes every connection and waits until each close has run through its pipeline. Left to
     * the event loops' shutdown, a connection still open (or whose client closed it a moment
     * earlier) could end without the HTTP decoder releasing the partial request it holds: a
     * leaked buffer per stalled client.
     */
    private void closeConnections()
    {
        children.close().awaitUninterruptibly(CLOSE_WAIT_NS, TimeUnit.NANOSECONDS);
        // Each connection counts itself out in channelInactive, after the decoder released its buffer.
        final long deadlineNs = System.nanoTime() + CLOSE_WAIT_NS;
        while (connections.get() > 0 && System.nanoTime() - deadlineNs < 0)
        {
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void refreshTokens(final ThreadPoolExecutor workers, final ApiTokens tokens)
    {
        try
        {
            workers.execute(tokens::refresh);
        }
        catch (final RejectedExecutionException ex)
        {
            LOG.debug("token refresh skipped: workers busy");
        }
    }

    /**
     * The bound address, with the port the system picked when 0 was asked for.
     *
     * @return the address.
     */
    public InetSocketAddress address()
    {
        return (InetSocketAddress)serverChannel.localAddress();
    }

    /**
     * Stops accepting, closes every connection, and ends the I/O and worker threads, waiting at
     * most a few seconds for routes in progress.
     */
    @Override
    public void close()
    {
        tokenRefresh.cancel(false);
        serverChannel.close().syncUninterruptibly();
        closeConnections();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdown();
        try
        {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS))
            {
                workers.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
