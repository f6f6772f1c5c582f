package io.softswitch.signaling;

import io.softswitch.lcr.StaticRoute;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the signaling side of a switch runs from: where it listens, its limits and timers,
 * its trunks and routes. Independent of where it was loaded from (a file today, PostgreSQL later).
 *
 * @param listen    SIP listen addresses.
 * @param limits    parser limits.
 * @param timers    transaction timer base values.
 * @param customers customer trunks, matched by source address and tech prefix.
 * @param vendors   vendor trunks, referred to by name from routes.
 * @param routes    dialled prefix to ordered vendors.
 */
public record SwitchConfig(
    SipListen listen,
    SipLimits limits,
    SipTimers timers,
    List<CustomerTrunk> customers,
    List<VendorTrunk> vendors,
    List<StaticRoute> routes)
{
    /**
     * Checks that names are unique and every route names a known vendor.
     */
    public SwitchConfig
    {
        customers = List.copyOf(customers);
        vendors = List.copyOf(vendors);
        routes = List.copyOf(routes);
        final Set<String> names = new HashSet<>();
        customers.forEach(trunk -> requireUnique(names, trunk.name()));
        vendors.forEach(trunk -> requireUnique(names, trunk.name()));
        final Set<String> prefixes = new HashSet<>();
        for (final StaticRoute route : routes)
        {
            if (!prefixes.add(route.prefix()))
            {
                throw new IllegalArgumentException("duplicate route prefix: prefix=" + route.prefix());
            }
            for (final String vendor : route.vendors())
            {
                if (vendors.stream().noneMatch(trunk -> trunk.name().equals(vendor)))
                {
                    throw new IllegalArgumentException(
                        "route names an unknown vendor: prefix=" + route.prefix() + " vendor=" + vendor);
                }
            }
        }
    }

    private static void requireUnique(final Set<String> names, final String name)
    {
        if (!names.add(name))
        {
            throw new IllegalArgumentException("duplicate trunk name: name=" + name);
        }
    }
}
