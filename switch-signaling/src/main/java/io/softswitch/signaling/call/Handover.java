package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.Recycler;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;

/**
 * A message received on one loop for a call another loop owns: the retained bytes, where they
 * came from and when they were queued, run on the owner with {@code eventLoop.execute}. Pooled,
 * so handing over allocates nothing in steady state.
 */
final class Handover implements Runnable
{
    private static final Recycler<Handover> RECYCLER = new Recycler<>()
    {
        @Override
        protected Handover newObject(final Handle<Handover> handle)
        {
            return new Handover(handle);
        }
    };

    private final Recycler.Handle<Handover> handle;
    private CallLoop owner;
    private ByteBuf bytes;
    private InetSocketAddress from;
    private Channel channel;
    private Transport transport;
    private long enqueuedNs;

    private Handover(final Recycler.Handle<Handover> handle)
    {
        this.handle = handle;
    }

    static Handover of(final CallLoop owner, final ByteBuf bytes, final InetSocketAddress from,
        final Channel channel, final Transport transport, final long enqueuedNs)
    {
        final Handover handover = RECYCLER.get();
        handover.owner = owner;
        handover.bytes = bytes;
        handover.from = from;
        handover.channel = channel;
        handover.transport = transport;
        handover.enqueuedNs = enqueuedNs;
        return handover;
    }

    @Override
    public void run()
    {
        final CallLoop target = owner;
        final ByteBuf message = bytes;
        final InetSocketAddress source = from;
        final Channel via = channel;
        final Transport over = transport;
        final long queuedNs = enqueuedNs;
        owner = null;
        bytes = null;
        from = null;
        channel = null;
        transport = null;
        handle.recycle(this);
        try
        {
            target.onHandover(message, source, via, over, queuedNs);
        }
        finally
        {
            message.release();
        }
    }
}
