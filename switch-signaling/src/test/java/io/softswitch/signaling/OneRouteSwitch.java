package io.softswitch.signaling;

import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.transport.TcpLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.List;

/**
 * The configuration of the overload tests' switch: UDP on a free loopback port, one customer
 * trunk ({@code customer-a}, 127.0.0.1) and one vendor ({@code vendor-1}, UDP), limits far above
 * what a test sends, probing off.
 */
final class OneRouteSwitch
{
    private OneRouteSwitch()
    {
    }

    /**
     * The configuration.
     *
     * @param vendorPort the vendor's UDP port on 127.0.0.1.
     * @param overload   when new calls are shed.
     * @return the configuration.
     */
    static SwitchConfig config(final int vendorPort, final OverloadPolicy overload)
    {
        return new SwitchConfig(new SipListen("127.0.0.1", 0, -1, "127.0.0.1"), SipLimits.DEFAULT, SipTimers.RFC_3261,
            List.of(new CustomerTrunk("customer-a", List.of(AddressRange.parse("127.0.0.1/32")), "",
                NumberRules.NONE, 10_000, 10_000, FailoverPolicy.defaults())),
            List.of(new VendorTrunk("vendor-1", "127.0.0.1", vendorPort, Transport.UDP, 10_000, 10_000,
                ProbePolicy.DISABLED)), TcpLimits.DEFAULT, overload);
    }
}
