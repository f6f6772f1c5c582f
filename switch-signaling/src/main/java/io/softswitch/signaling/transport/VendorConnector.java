package io.softswitch.signaling.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.softswitch.signaling.codec.SipMessageHandler;

import java.net.InetSocketAddress;

/**
 * Opens the TCP connection from one event loop to a vendor. The channel is returned at once,
 * before it is connected; messages written meanwhile wait for the connection.
 */
@FunctionalInterface
public interface VendorConnector
{
    /**
     * Starts connecting.
     *
     * @param loop    the loop the connection belongs to.
     * @param address the vendor.
     * @param handler where messages received on the connection go.
     * @return the channel, connecting.
     */
    Channel connect(EventLoop loop, InetSocketAddress address, SipMessageHandler handler);
}
