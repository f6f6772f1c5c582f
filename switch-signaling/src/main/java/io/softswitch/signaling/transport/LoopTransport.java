package io.softswitch.signaling.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.softswitch.signaling.transaction.Transmitter;

import java.util.concurrent.RejectedExecutionException;

/**
 * The transport of one event loop: queues a datagram for the kernel when it can
 * ({@link DatagramSender}) and sends the queue with one system call once the loop's iteration has
 * done its work (its received datagrams and its tasks); otherwise writes messages to their
 * channels and flushes every touched channel once at the end of each unit of work, so that Netty
 * can hand many messages to the kernel in one call.
 *
 * <p>The queue goes out in a task Netty runs after each iteration of a
 * {@link SingleThreadIoEventLoop} (whose iteration ends with the tasks it ran), or when it is full;
 * on any other loop, at every {@link #flush}. A loop with that task pending does not sleep.
 *
 * <p>Used by its loop only. A TCP connection owned by another loop is written through Netty,
 * which hands the write over to that loop.
 */
public final class LoopTransport implements Transmitter
{
    private static final int MAX_DIRTY = 32;

    private final Channel[] dirty = new Channel[MAX_DIRTY];
    private final DatagramSender datagrams = new DatagramSender();
    private final SingleThreadIoEventLoop iterations;
    private final Runnable sendQueued = this::sendQueued;
    private int dirtyCount;
    private boolean sendScheduled;

    /**
     * Creates a transport with nothing pending.
     *
     * @param loop the loop it is used on; queued datagrams go out after each of its iterations
     *             when it is a {@link SingleThreadIoEventLoop}, else at every {@link #flush}.
     */
    public LoopTransport(final EventLoop loop)
    {
        this.iterations = loop instanceof final SingleThreadIoEventLoop io ? io : null;
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
            if (datagrams.queue(message, peer.address(), channel))
            {
                scheduleSend();
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
     * How many {@code sendmmsg} calls sent queued datagrams.
     *
     * @return the count.
     */
    public long datagramBatches()
    {
        return datagrams.batches();
    }

    /**
     * Flushes every channel written since the last flush; on a loop without iterations to wait
     * for, sends the queued datagrams too.
     */
    public void flush()
    {
        if (iterations == null)
        {
            datagrams.flush();
        }
        for (int i = 0; i < dirtyCount; i++)
        {
            dirty[i].flush();
            dirty[i] = null;
        }
        dirtyCount = 0;
    }

    /**
     * Sends everything now, queued datagrams included: the loop is closing.
     */
    public void flushAll()
    {
        datagrams.flush();
        flush();
    }

    private void scheduleSend()
    {
        if (iterations == null || sendScheduled)
        {
            return;
        }
        try
        {
            // Run by this loop after the iteration's tasks; no wake-up, as this is that loop.
            iterations.executeAfterEventLoopIteration(sendQueued);
            sendScheduled = true;
        }
        catch (final RejectedExecutionException ex)
        {
            // The loop is shut down: nothing runs after its iteration any more.
            datagrams.flush();
        }
    }

    private void sendQueued()
    {
        sendScheduled = false;
        datagrams.flush();
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
