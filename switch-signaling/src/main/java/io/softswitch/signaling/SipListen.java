package io.softswitch.signaling;

/**
 * Where the switch takes SIP traffic, and the address it puts in its own Via and Contact.
 *
 * @param host           IP address literal to bind.
 * @param udpPort        UDP port; 0 picks a free one; -1 disables UDP.
 * @param tcpPort        TCP port; 0 picks a free one; -1 disables TCP.
 * @param advertisedHost address peers should reach us at (differs from {@code host} behind NAT
 *                       or when binding a wildcard address).
 */
public record SipListen(String host, int udpPort, int tcpPort, String advertisedHost)
{
    /**
     * Validates the ports.
     */
    public SipListen
    {
        if (udpPort < -1 || udpPort > 65_535 || tcpPort < -1 || tcpPort > 65_535 || (udpPort < 0 && tcpPort < 0))
        {
            throw new IllegalArgumentException("bad SIP ports: udpPort=" + udpPort + " tcpPort=" + tcpPort);
        }
    }
}
