package io.softswitch.signaling;

import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the signaling side of a switch runs from: where it listens, its limits and timers,
 * its trunks. Routes come from the LCR engine. Independent of where it was loaded from (a file today, PostgreSQL later).
 *
 * @param listen    SIP listen addresses.
 * @param limits    parser limits.
 * @param timers    transaction timer base values.
 * @param customers customer trunks, matched by source address and tech prefix.
 * @param vendors   vendor trunks, referred to by name from rate decks and routes.
 */
public record SwitchConfig(
    SipListen listen,
    SipLimits limits,
    SipTimers timers,
    List<CustomerTrunk> customers,
    List<VendorTrunk> vendors)
{
    /**
     * Checks that trunk names are unique.
     */
    public SwitchConfig
    {
        customers = List.copyOf(customers);
        vendors = List.copyOf(vendors);
        final Set<String> names = new HashSet<>();
        customers.forEach(trunk -> requireUnique(names, trunk.name()));
        vendors.forEach(trunk -> requireUnique(names, trunk.name()));
    }

    private static void requireUnique(final Set<String> names, final String name)
    {
        if (!names.add(name))
        {
            throw new IllegalArgumentException("duplicate trunk name: name=" + name);
        }
    }
}
