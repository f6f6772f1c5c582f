package io.softswitch.signaling;

import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.transport.TcpLimits;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
 * @param tcp       what TCP connections may cost: how many, how long silent, how long per message.
 * @param overload  when new calls are shed because the loops have fallen behind.
 * @param wakeCoalescingNs how long an event loop or the routing engine that has just worked
 *                  sleeps before it looks for more work, instead of waking for each message
 *                  ({@code CoalescingSelectStrategy}); 0 wakes for each.
 */
public record SwitchConfig(
    SipListen listen,
    SipLimits limits,
    SipTimers timers,
    List<CustomerTrunk> customers,
    List<VendorTrunk> vendors,
    TcpLimits tcp,
    OverloadPolicy overload,
    long wakeCoalescingNs)
{
    /**
     * The default {@link #wakeCoalescingNs()}: 3 ms. In SIPp ramps on a 2-core virtual machine it
     * took the JVM's CPU per call from 0.207 to 0.171-0.190 ms at 1,000 calls/s and from 0.101 to
     * 0.078-0.084 at 3,000, for 8 ms more post-dial delay at the median (docs/receive-path.md,
     * "Waking once per window").
     */
    public static final long DEFAULT_WAKE_COALESCING_NS = 3_000_000;

    /**
     * A configuration with the default wake-up coalescing.
     *
     * @param listen    SIP listen addresses.
     * @param limits    parser limits.
     * @param timers    transaction timer base values.
     * @param customers customer trunks.
     * @param vendors   vendor trunks.
     * @param tcp       TCP connection limits.
     * @param overload  when new calls are shed.
     */
    public SwitchConfig(final SipListen listen, final SipLimits limits, final SipTimers timers,
        final List<CustomerTrunk> customers, final List<VendorTrunk> vendors, final TcpLimits tcp,
        final OverloadPolicy overload)
    {
        this(listen, limits, timers, customers, vendors, tcp, overload, DEFAULT_WAKE_COALESCING_NS);
    }

    /**
     * A configuration with the default overload policy.
     *
     * @param listen    SIP listen addresses.
     * @param limits    parser limits.
     * @param timers    transaction timer base values.
     * @param customers customer trunks.
     * @param vendors   vendor trunks.
     * @param tcp       TCP connection limits.
     */
    public SwitchConfig(final SipListen listen, final SipLimits limits, final SipTimers timers,
        final List<CustomerTrunk> customers, final List<VendorTrunk> vendors, final TcpLimits tcp)
    {
        this(listen, limits, timers, customers, vendors, tcp, OverloadPolicy.DEFAULT);
    }

    /**
     * A configuration with the default TCP limits.
     *
     * @param listen    SIP listen addresses.
     * @param limits    parser limits.
     * @param timers    transaction timer base values.
     * @param customers customer trunks.
     * @param vendors   vendor trunks.
     */
    public SwitchConfig(final SipListen listen, final SipLimits limits, final SipTimers timers,
        final List<CustomerTrunk> customers, final List<VendorTrunk> vendors)
    {
        this(listen, limits, timers, customers, vendors, TcpLimits.DEFAULT, OverloadPolicy.DEFAULT);
    }

    /**
     * Checks that trunk names are unique.
     */
    public SwitchConfig
    {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(overload, "overload");
        if (wakeCoalescingNs < 0)
        {
            throw new IllegalArgumentException("wakeCoalescingNs must not be negative: " + wakeCoalescingNs);
        }
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
