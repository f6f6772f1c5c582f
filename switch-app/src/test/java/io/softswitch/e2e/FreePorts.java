package io.softswitch.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Port numbers that are free on one address for both UDP and TCP, so that a SIP peer can listen
 * on both with one number. Found by binding port 0 for TCP and the same number for UDP; the
 * sockets are closed again before the number is handed out.
 */
final class FreePorts
{
    private static final int ATTEMPTS = 50;

    private FreePorts()
    {
    }

    /**
     * A port free for UDP and TCP on the address.
     *
     * @param host IP address literal.
     * @return the port.
     * @throws IllegalStateException when no such port turned up within a bounded number of tries.
     */
    static int udpAndTcp(final String host)
    {
        final InetAddress address = InetAddress.ofLiteral(host);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            try (ServerSocket tcp = new ServerSocket())
            {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(address, 0));
                final int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port)))
                {
                    return udp.getLocalPort();
                }
                catch (final IOException ex)
                {
                    // Taken for UDP only: try another number.
                }
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot bind: host=" + host, ex);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP: host=" + host + " attempts=" + ATTEMPTS);
    }
}
