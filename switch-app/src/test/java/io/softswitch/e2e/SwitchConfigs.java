package io.softswitch.e2e;

import io.softswitch.lcr.StaticRoute;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.List;

/**
 * Switch configurations for the end-to-end tests: one switch on loopback with free ports, one
 * customer trunk, and vendors (the SIPp callees) hunted in order for every number.
 */
final class SwitchConfigs
{
    /** Where the switch and every SIPp listen. */
    static final String LOOPBACK = "127.0.0.1";

    /** The provisional-answer time the tests configure, short so that the tests stay fast. */
    static final long PROVISIONAL_TIMEOUT_MS = 500;

    /** The number every test dials; the route's prefix {@code 1} covers it. */
    static final String NUMBER = "15551234567";

    private SwitchConfigs()
    {
    }

    /**
     * A customer trunk.
     *
     * @param source          the source address block allowed in.
     * @param concurrentLimit calls in progress at once.
     * @return the trunk, with default failover codes and {@link #PROVISIONAL_TIMEOUT_MS}.
     */
    static CustomerTrunk customer(final String source, final int concurrentLimit)
    {
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        return new CustomerTrunk(
            "customer-a",
            List.of(AddressRange.parse(source)),
            "",
            NumberRules.NONE,
            1_000,
            concurrentLimit,
            new FailoverPolicy(defaults.rerouteOn(), defaults.stopOn(), PROVISIONAL_TIMEOUT_MS, 5));
    }

    /**
     * A vendor trunk on loopback, not probed (a SIPp scenario would take the OPTIONS for a call).
     *
     * @param name      trunk name.
     * @param port      the SIPp callee's port.
     * @param transport UDP or TCP.
     * @return the trunk.
     */
    static VendorTrunk vendor(final String name, final int port, final Transport transport)
    {
        return new VendorTrunk(name, LOOPBACK, port, transport, 1_000, 100, ProbePolicy.DISABLED);
    }

    /**
     * A switch listening on free UDP and TCP ports of loopback, routing prefix {@code 1} to the
     * vendors in the given order.
     *
     * @param customer the customer trunk.
     * @param vendors  the vendors, first choice first.
     * @return the configuration.
     */
    static SwitchConfig config(final CustomerTrunk customer, final List<VendorTrunk> vendors)
    {
        return new SwitchConfig(
            new SipListen(LOOPBACK, 0, 0, LOOPBACK),
            SipLimits.DEFAULT,
            SipTimers.RFC_3261,
            List.of(customer),
            vendors,
            List.of(new StaticRoute("1", vendors.stream().map(VendorTrunk::name).toList())));
    }
}
