package io.softswitch.signaling.call;

import io.netty.channel.Channel;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one loop sends: responses back to where their request came from, requests to vendors
 * over this loop's UDP socket or its own TCP connection to each.
 */
final class LoopPeers
{
    /** Response peers remembered; a power of two. */
    private static final int RESPONSE_PEERS = 256;

    private final CallLoop loop;
    private final Channel udpChannel;
    private final SipPeer[] responsePeers = new SipPeer[RESPONSE_PEERS];
    /** TCP connections this loop opened to vendors, closed ones dropped as new ones open. */
    private final List<Channel> vendorConnections = new ArrayList<>();

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
     * {@code rport} and the Via's sent-by port otherwise. The few peers a switch answers are
     * remembered (direct-mapped by address and port), so that a response makes no new peer.
     */
    SipPeer responsePeer(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        final int port;
        final Channel out;
        if (over == Transport.TCP)
        {
            port = sender.getPort();
            out = channel;
        }
        else
        {
            final int viaPort = request.viaPort() > 0 ? request.viaPort() : 5060;
            port = request.viaRport() >= 0 ? sender.getPort() : viaPort;
            out = udpChannel != null ? udpChannel : channel;
        }
        final InetAddress host = sender.getAddress();
        final int slot = (host.hashCode() * 31 + port) & (RESPONSE_PEERS - 1);
        final SipPeer known = responsePeers[slot];
        if (known != null && known.channel() == out && known.transport() == over &&
            known.address().getPort() == port && host.equals(known.address().getAddress()))
        {
            return known;
        }
        final InetSocketAddress address = port == sender.getPort() ? sender : new InetSocketAddress(host, port);
        final SipPeer peer = new SipPeer(over, address, out);
        responsePeers[slot] = peer;
        return peer;
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
            final Channel connection = loop.context.connector.connect(loop.eventLoop, vendor.address, loop);
            vendorConnections.removeIf(open -> !open.isOpen());
            vendorConnections.add(connection);
            peer = new SipPeer(Transport.TCP, vendor.address, connection);
            vendor.peers[loop.index] = peer;
        }
        return peer;
    }

    /**
     * Closes the TCP connections this loop opened to vendors; the switch is stopping. Netty's loop
     * does not always close a connection still coming up when it shuts down (18 of 30 runs of
     * {@code ConnectWaitHandlerTest}'s setup), and an INVITE held for it would never be released.
     * Runs on the loop.
     */
    void closeVendorConnections()
    {
        for (final Channel connection : vendorConnections)
        {
            connection.close();
        }
        vendorConnections.clear();
    }
}
