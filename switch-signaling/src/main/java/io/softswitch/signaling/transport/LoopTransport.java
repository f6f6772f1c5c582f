package io.softswitch.signaling.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.softswitch.signaling.transaction.Transmitter;

/**
 * The transport of one event loop: sends a datagram straight to the kernel from its buffer when it
 * can ({@link DatagramSender}); otherwise writes messages to their channels and flushes every
 * touched channel once at the end of the loop's batch of work, so that Netty can hand many
 * messages to the kernel in one call.
 *
 * <p>Used by its loop only. A TCP connection owned by another loop is written through Netty,
 * which hands the write over to that loop.
 */
public final class LoopTransport implements Transmitter
{
    private static final int MAX_DIRTY = 32;

    private final Channel[] dirty = new Channel[MAX_DIRTY];
    private final DatagramSender datagrams = new DatagramSender();
    private int dirtyCount;

    /**
     * Creates a transport with nothing pending.
     */
    public LoopTransport()
    {
    }

    @Override
    public void transmit(final ByteBuf message, final SipPeer peer)
    {
        final Channel channel = peer.channel();
        if (peer.reliable())
        {
            channel.write(message.retainedDuplicate(), channel.voidPromise());
        }
        else
        {
            if (datagrams.send(message, peer.address(), channel))
            {
                return;
            }
            channel.write(new DatagramPacket(message.retainedDuplicate(), peer.address()), channel.voidPromise());
        }
        markDirty(channel);
    }

    /**
     * How many datagrams went straight to the kernel.
     *
     * @return the count.
     */
    public long datagramsSentDirectly()
    {
        return datagrams.sent();
    }

    /**
     * Flushes every channel written since the last flush.
     */
    public void flush()
    {
        for (int i = 0; i < dirtyCount; i++)
        {
            dirty[i].flush();
            dirty[i] = null;
        }
        dirtyCount = 0;
    }

    private void markDirty(final Channel channel)
    {
        for (int i = 0; i < dirtyCount; i++)
        {
            if (dirty[i] == channel)
            {
                return;
            }
        }
        if (dirtyCount == MAX_DIRTY)
        {
            flush();
        }
        dirty[dirtyCount++] = channel;
    }
}
