package io.softswitch.rtp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A range of UDP ports for a test relay that nothing else holds: an even base drawn below
 * Linux's ephemeral range (32768 and up, where the kernel puts every socket bound to port 0, the
 * tests' endpoints included), each port of the range bound once on loopback to check it is free.
 * A range drawn blindly from 20000-50000 collided with the RTP benchmarks' relays (20000-29999 for
 * ours, 30000-59999 for rtpengine) and with endpoints' ephemeral ports, and the relay then
 * refused a pair.
 */
public final class FreePortRange
{
    private static final int LOWEST = 10_000;
    private static final int BELOW_EPHEMERAL = 32_768;
    private static final int ATTEMPTS = 50;

    private FreePortRange()
    {
    }

    /**
     * The first port of a free range of {@code ports} ports on loopback, even.
     *
     * @param ports how many ports, at most a few hundred.
     * @return the first port.
     * @throws IllegalStateException when no free range turned up within a bounded number of tries.
     */
    public static int base(final int ports)
    {
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final int base = LOWEST + 2 * ThreadLocalRandom.current().nextInt((BELOW_EPHEMERAL - LOWEST - ports) / 2);
            if (free(loopback, base, ports))
            {
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + ports + " UDP ports after " + ATTEMPTS + " tries");
    }

    private static boolean free(final InetAddress address, final int base, final int ports)
    {
        for (int port = base; port < base + ports; port++)
        {
            try (DatagramSocket ignored = new DatagramSocket(new InetSocketAddress(address, port)))
            {
                // Bound and closed: free now.
            }
            catch (final IOException taken)
            {
                return false;
            }
        }
        return true;
    }
}
