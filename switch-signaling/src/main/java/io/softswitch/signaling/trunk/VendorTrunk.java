package io.softswitch.signaling.trunk;

/**
 * A carrier we send calls to: where it listens, over what, its limits and how we watch it.
 *
 * @param name            unique trunk name; used in routes, metrics tags and CDRs.
 * @param host            IP address literal of the vendor's SIP signalling.
 * @param port            its SIP port.
 * @param transport       UDP or TCP.
 * @param cpsLimit        new calls per second we send it; a vendor at its limit is skipped.
 * @param concurrentLimit calls in progress at once; a vendor at its limit is skipped.
 * @param probe           OPTIONS probing; a vendor that stops answering is skipped.
 */
public record VendorTrunk(
    String name,
    String host,
    int port,
    Transport transport,
    int cpsLimit,
    int concurrentLimit,
    ProbePolicy probe)
{
    /**
     * Validates the trunk.
     */
    public VendorTrunk
    {
        TrunkNames.requireValid(name);
        if (host.indexOf('/') >= 0)
        {
            throw new IllegalArgumentException("vendor host must be an IP address, not a block: host=" + host);
        }
        AddressRange.parse(host);
        if (port < 1 || port > 65_535)
        {
            throw new IllegalArgumentException("port out of range: port=" + port);
        }
        if (cpsLimit < 1 || concurrentLimit < 1)
        {
            throw new IllegalArgumentException(
                "limits must be positive: cpsLimit=" + cpsLimit + " concurrentLimit=" + concurrentLimit);
        }
    }
}
