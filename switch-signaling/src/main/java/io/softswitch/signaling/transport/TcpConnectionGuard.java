package io.softswitch.signaling.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.softswitch.signaling.codec.SipStreamDecoder;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one accepted TCP connection within the {@link TcpLimits}: refused on accept when the
 * switch already holds too many connections, or too many from its address; closed when it stays
 * silent too long (shorter for an address that is no trunk), or when a message it has begun does
 * not complete in time (slowloris). First in the connection's pipeline, before the
 * {@link SipStreamDecoder} whose state it reads.
 */
public final class TcpConnectionGuard extends ChannelInboundHandlerAdapter implements Runnable
{
    private static final long REFUSED_GRACE_NS = TimeUnit.SECONDS.toNanos(1);

    private final TcpConnectionTable table;
    private final SipStreamDecoder decoder;
    private ChannelHandlerContext context;
    private InetAddress source;
    private ScheduledFuture<?> check;
    private long silenceLimitNs;
    private long lastReadNs;
    private long partialSinceNs;
    private boolean counted;
    private boolean known;

    /**
     * Creates the guard of one connection.
     *
     * @param table   the switch's connections.
     * @param decoder the connection's decoder, asked whether a message is half received.
     */
    public TcpConnectionGuard(final TcpConnectionTable table, final SipStreamDecoder decoder)
    {
        this.table = table;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        context = ctx;
        if (!(ctx.channel().remoteAddress() instanceof final InetSocketAddress remote))
        {
            ctx.close();
            return;
        }
        source = remote.getAddress();
        if (table.tryOpen(source) != null)
        {
            ctx.close();
            return;
        }
        counted = true;
        final TcpLimits limits = table.limits();
        known = table.isKnown(source);
        silenceLimitNs = TimeUnit.MILLISECONDS.toNanos(known ?
            limits.idleTimeoutMs() : limits.unknownSourceTimeoutMs());
        lastReadNs = System.nanoTime();
        final long intervalMs = limits.checkIntervalMs();
        check = ctx.executor().scheduleAtFixedRate(this, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final long nowNs = System.nanoTime();
        lastReadNs = nowNs;
        ctx.fireChannelRead(msg);
        if (!decoder.hasPartialMessage())
        {
            partialSinceNs = 0;
        }
        else if (partialSinceNs == 0)
        {
            partialSinceNs = nowNs;
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        if (check != null)
        {
            check.cancel(false);
            check = null;
        }
        if (counted)
        {
            counted = false;
            table.close(source);
        }
        ctx.fireChannelInactive();
    }

    /**
     * The connection's request was refused because its address is no trunk (403): it is closed
     * once it has been silent for a second (time for the ACK of the 403), whatever its timeout.
     * Runs on the connection's event loop.
     */
    public void onRefused()
    {
        known = false;
        silenceLimitNs = Math.min(silenceLimitNs, REFUSED_GRACE_NS);
    }

    /**
     * Looks at the connection's timers; runs on its event loop.
     */
    @Override
    public void run()
    {
        final long nowNs = System.nanoTime();
        final long messageLimitNs = TimeUnit.MILLISECONDS.toNanos(table.limits().messageTimeoutMs());
        if (partialSinceNs != 0 && nowNs - partialSinceNs > messageLimitNs)
        {
            table.closed(TcpConnectionTable.Closing.MESSAGE_TIMEOUT);
            context.close();
        }
        else if (nowNs - lastReadNs > silenceLimitNs)
        {
            table.closed(known ? TcpConnectionTable.Closing.IDLE :
                TcpConnectionTable.Closing.UNKNOWN_SOURCE);
            context.close();
        }
    }
}
