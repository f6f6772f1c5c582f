package io.softswitch.signaling.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * Takes each datagram a {@link DatagramReceiver} reads, on the receiving event loop.
 *
 * <p>The bytes are the receiver's and are overwritten by the next batch: a handler that keeps
 * them past its return copies them.
 */
@FunctionalInterface
public interface DatagramHandler
{
    /**
     * One datagram arrived.
     *
     * @param buffer  the receiver's buffer holding it.
     * @param index   where the datagram starts in the buffer.
     * @param length  its length in bytes.
     * @param sender  where it came from: one object per source address and port, reused from
     *                datagram to datagram.
     * @param channel the UDP channel whose socket it arrived on (to answer on).
     */
    void onDatagram(ByteBuf buffer, int index, int length, InetSocketAddress sender, Channel channel);
}
