package io.softswitch.signaling.transport;

import io.netty.channel.Channel;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;

/**
 * Where a message goes: the transport, the remote address and the channel to write it on (for
 * UDP the sending loop's datagram socket, for TCP the connection itself).
 *
 * @param transport UDP or TCP.
 * @param address   the remote address.
 * @param channel   the channel to write on; for UDP any socket bound to our SIP port.
 */
public record SipPeer(Transport transport, InetSocketAddress address, Channel channel)
{
    /**
     * Whether the transport is reliable, which turns off retransmission timers (RFC 3261 §17).
     *
     * @return true for TCP.
     */
    public boolean reliable()
    {
        return transport == Transport.TCP;
    }
}
