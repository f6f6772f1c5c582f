package io.softswitch.signaling.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;

import java.nio.channels.ClosedChannelException;

/**
 * Holds messages written to an outbound TCP connection until it is connected, then sends them in
 * order and leaves the pipeline; if the connection fails they are released.
 */
public final class ConnectWaitHandler extends ChannelDuplexHandler
{
    private PendingWriteQueue pending;

    /**
     * Creates the handler for one connection.
     */
    public ConnectWaitHandler()
    {
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        pending = new PendingWriteQueue(ctx);
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
    {
        if (ctx.channel().isActive() && pending.isEmpty())
        {
            ctx.write(msg, promise);
        }
        else
        {
            pending.add(msg, promise.isVoid() ? ctx.newPromise() : promise);
        }
    }

    @Override
    public void flush(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isActive())
        {
            pending.removeAndWriteAll();
            ctx.flush();
        }
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        pending.removeAndWriteAll();
        ctx.flush();
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        pending.removeAndFailAll(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        // A connection that never came up is closed and torn down without channelInactive.
        if (!pending.isEmpty())
        {
            pending.removeAndFailAll(new ClosedChannelException());
        }
    }
}
