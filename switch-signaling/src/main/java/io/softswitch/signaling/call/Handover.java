package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.Recycler;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;

/**
 * A message received on one loop for a call another loop owns: a copy of its bytes, where they
 * came from and when they were queued, run on the owner with {@code eventLoop.execute}.
 *
 * <p>Pooled together with its copy: the bytes go into native memory the hand-over keeps from use
 * to use ({@link MessageCopy}, grown only for a longer message than it has carried, and of the
 * receive memory's buffer class so that the owner's parser sees one class), so handing over allocates nothing
 * in steady state and no buffer is taken from one loop's pool and freed on another's (a
 * cross-thread free that Netty's pool does under its arena's lock). The receiving loop's own
 * memory is reused for its next batch, hence the copy.
 */
final class Handover implements Runnable
{
    /** The first array's size: most SIP messages fit. */
    private static final int INITIAL_BYTES = 2_048;

    private static final Recycler<Handover> RECYCLER = new Recycler<>()
    {
        @Override
        protected Handover newObject(final Handle<Handover> handle)
        {
            return new Handover(handle);
        }
    };

    private final Recycler.Handle<Handover> handle;
    private final MessageCopy copy = new MessageCopy(INITIAL_BYTES);
    private CallLoop owner;
    private InetSocketAddress from;
    private Channel channel;
    private Transport transport;
    private long enqueuedNs;

    private Handover(final Recycler.Handle<Handover> handle)
    {
        this.handle = handle;
    }

    /**
     * A hand-over holding a copy of the message's bytes.
     *
     * @param owner      the loop that owns the message's call.
     * @param message    the buffer holding the message; only read here.
     * @param index      where the message starts.
     * @param length     its length.
     * @param from       where it came from.
     * @param channel    the channel it arrived on.
     * @param transport  UDP or TCP.
     * @param enqueuedNs when it was queued, for the owner's lag.
     * @return the hand-over, to be run on the owner's loop.
     */
    static Handover of(final CallLoop owner, final ByteBuf message, final int index, final int length,
        final InetSocketAddress from, final Channel channel, final Transport transport, final long enqueuedNs)
    {
        final Handover handover = RECYCLER.get();
        handover.copy.copy(message, index, length);
        handover.owner = owner;
        handover.from = from;
        handover.channel = channel;
        handover.transport = transport;
        handover.enqueuedNs = enqueuedNs;
        return handover;
    }

    @Override
    public void run()
    {
        try
        {
            owner.onHandover(copy.bytes(), from, channel, transport, enqueuedNs);
        }
        finally
        {
            owner = null;
            from = null;
            channel = null;
            transport = null;
            handle.recycle(this);
        }
    }
}
