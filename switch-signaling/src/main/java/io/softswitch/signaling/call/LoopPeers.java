package io.softswitch.signaling.call;

import io.netty.channel.Channel;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;

/**
 * Where one loop sends: responses back to where their request came from, requests to vendors
 * over this loop's UDP socket or its own TCP connection to each.
 */
final class LoopPeers
{
    private final CallLoop loop;
    private final Channel udpChannel;

    LoopPeers(final CallLoop loop, final Channel udpChannel)
    {
        this.loop = loop;
        this.udpChannel = udpChannel;
    }

    Channel udpChannel()
    {
        return udpChannel;
    }

    /**
     * Where responses to a request go (RFC 3261 §18.2.2, RFC 3581): over TCP the connection it
     * came on; over UDP the source address, with the source port when the Via asks for
     * {@code rport} and the Via's sent-by port otherwise.
     */
    SipPeer responsePeer(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        if (over == Transport.TCP)
        {
            return new SipPeer(Transport.TCP, sender, channel);
        }
        final int viaPort = request.viaPort() > 0 ? request.viaPort() : 5060;
        final int port = request.viaRport() >= 0 ? sender.getPort() : viaPort;
        final InetSocketAddress address = port == sender.getPort() ? sender :
            new InetSocketAddress(sender.getAddress(), port);
        return new SipPeer(Transport.UDP, address, udpChannel != null ? udpChannel : channel);
    }

    /**
     * The peer a vendor is reached at from this loop; for TCP this loop's own connection to it,
     * opened (or reopened) on first use (RFC 3261 §18: connections are reused per vendor).
     */
    SipPeer vendorPeer(final Vendor vendor)
    {
        SipPeer peer = vendor.peers[loop.index];
        if (vendor.trunk.transport() == Transport.UDP)
        {
            if (peer == null)
            {
                peer = new SipPeer(Transport.UDP, vendor.address, udpChannel);
                vendor.peers[loop.index] = peer;
            }
            return peer;
        }
        if (peer == null || !peer.channel().isOpen())
        {
            peer = new SipPeer(Transport.TCP, vendor.address,
                loop.context.connector.connect(loop.eventLoop, vendor.address, loop));
            vendor.peers[loop.index] = peer;
        }
        return peer;
    }
}
