package io.softswitch.signaling.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;

import java.nio.channels.ClosedChannelException;

/**
 * Holds messages written to an outbound TCP connection until it is connected, then sends them in
 * order and leaves the pipeline; if the connection fails or is closed first they are released.
 *
 * <p>Released when the channel's close completes (this handler listens to its close future), not
 * only when the pipeline is torn down: a loop that shuts down while a vendor's connection is
 * still coming up closes the channel itself, and the teardown that would call
 * {@link #handlerRemoved} is a task the terminating loop may never run. A held INVITE was then
 * never released (a leak report of the end-to-end tests; {@code ConnectWaitHandlerTest} failed
 * 18 times in 30 before this listener).
 */
public final class ConnectWaitHandler extends ChannelDuplexHandler implements ChannelFutureListener
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
        ctx.channel().closeFuture().addListener(this);
    }

    /**
     * The channel closed: releases what is still held. Runs on the channel's loop.
     *
     * @param closed the channel's close future.
     */
    @Override
    public void operationComplete(final ChannelFuture closed)
    {
        failPending();
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
        failPending();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        // A connection that never came up is closed and torn down without channelInactive.
        failPending();
    }

    private void failPending()
    {
        if (!pending.isEmpty())
        {
            pending.removeAndFailAll(new ClosedChannelException());
        }
    }
}
