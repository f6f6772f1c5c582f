package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.lcr.RoutingEngine;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.trunk.CustomerDirectory;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;
import io.softswitch.signaling.transport.VendorConnector;
import org.agrona.concurrent.NanoClock;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every loop of one switch shares: trunks, the LCR engine, meters, timers and identity. Immutable
 * after construction apart from the trunk set (replaced whole, {@link #replaceTrunks}), the loops
 * array (filled once at start) and each vendor's probe
 * state (written by the one loop that probes it).
 */
public final class SwitchContext
{
    // The trunk set: replaced whole by replaceTrunks (admin API), read by every loop. Each field is
    // an immutable value published by one volatile write; see replaceTrunks for the order.
    volatile CustomerDirectory directory;
    volatile Map<CustomerTrunk, Customer> customers = new IdentityHashMap<>();
    volatile Map<String, Vendor> vendorsByName = new HashMap<>();
    volatile Vendor[] vendors;
    private List<CustomerTrunk> customerTrunks;
    private int nextVendorIndex;
    final RoutingEngine engine;
    final SwitchMetrics metrics;
    final SipTimers timers;
    final SipLimits limits;
    final NanoClock clock;
    final int epoch;
    final String advertisedHost;
    final CallLoop[] loops;
    VendorConnector connector;
    int udpPort = -1;
    int tcpPort = -1;

    /**
     * Builds the shared state of a switch.
     *
     * @param customerTrunks the customer trunks.
     * @param vendorTrunks   the vendor trunks.
     * @param engine         the route source, told every vendor attempt's outcome.
     * @param metrics        the switch-wide meters.
     * @param timers         transaction timer base values.
     * @param limits         parser limits.
     * @param clock          the clock every loop reads.
     * @param epoch          random per start; minted identifiers carry it.
     * @param advertisedHost the host in our Via and Contact.
     * @param loopCount      how many event loops own calls.
     */
    public SwitchContext(final List<CustomerTrunk> customerTrunks, final List<VendorTrunk> vendorTrunks,
        final RoutingEngine engine, final SwitchMetrics metrics, final SipTimers timers, final SipLimits limits,
        final NanoClock clock, final int epoch, final String advertisedHost, final int loopCount)
    {
        this.directory = new CustomerDirectory(customerTrunks);
        this.customerTrunks = List.copyOf(customerTrunks);
        for (final CustomerTrunk trunk : customerTrunks)
        {
            customers.put(trunk, new Customer(trunk, metrics, clock::nanoTime));
        }
        this.vendors = new Vendor[vendorTrunks.size()];
        for (int i = 0; i < vendors.length; i++)
        {
            vendors[i] = new Vendor(vendorTrunks.get(i), i, loopCount, metrics, clock::nanoTime);
            vendorsByName.put(vendors[i].trunk.name(), vendors[i]);
        }
        this.nextVendorIndex = vendors.length;
        this.engine = engine;
        this.metrics = metrics;
        this.timers = timers;
        this.limits = limits;
        this.clock = clock;
        this.epoch = epoch;
        this.advertisedHost = advertisedHost;
        this.loops = new CallLoop[loopCount];
    }

    /**
     * Replaces the customer and vendor trunks while calls go on: calls in progress keep the trunk
     * they started with; new calls see the new set. A trunk whose configuration is unchanged keeps
     * its run-time state (limiter, probe state, connections); a changed or new trunk starts fresh,
     * its meters continuing under the same name.
     *
     * <p>Published customers first, then the directory that returns them, so a loop that reads
     * the new directory finds its customer; the customers of the previous directory are kept one
     * generation for a loop that read that directory just before.
     *
     * @param customerTrunks the customer trunks from now on.
     * @param vendorTrunks   the vendor trunks from now on.
     */
    public synchronized void replaceTrunks(final List<CustomerTrunk> nextCustomerTrunks,
        final List<VendorTrunk> vendorTrunks)
    {
        final CustomerDirectory nextDirectory = new CustomerDirectory(nextCustomerTrunks);
        final Map<CustomerTrunk, Customer> oldCustomers = customers;
        final Map<String, Customer> unchangedCustomers = new HashMap<>();
        oldCustomers.forEach((trunk, customer) ->
        {
            if (nextCustomerTrunks.contains(trunk))
            {
                unchangedCustomers.put(trunk.name(), customer);
            }
        });
        final Map<CustomerTrunk, Customer> nextCustomers = new IdentityHashMap<>();
        for (final CustomerTrunk trunk : customerTrunks)
        {
            nextCustomers.put(trunk, oldCustomers.get(trunk));
        }
        for (final CustomerTrunk trunk : nextCustomerTrunks)
        {
            final Customer kept = unchangedCustomers.get(trunk.name());
            if (kept == null)
            {
                removeGauges("customer", trunk.name());
            }
            nextCustomers.put(trunk, kept != null ? kept : new Customer(trunk, metrics, clock::nanoTime));
        }
        final Map<String, Vendor> nextByName = new HashMap<>();
        final Vendor[] nextVendors = new Vendor[vendorTrunks.size()];
        for (int i = 0; i < nextVendors.length; i++)
        {
            final VendorTrunk trunk = vendorTrunks.get(i);
            final Vendor old = vendorsByName.get(trunk.name());
            if (old != null && old.trunk.equals(trunk))
            {
                nextVendors[i] = old;
            }
            else
            {
                removeGauges("vendor", trunk.name());
                nextVendors[i] = new Vendor(trunk, nextVendorIndex++, loops.length, metrics, clock::nanoTime);
            }
            nextByName.put(trunk.name(), nextVendors[i]);
        }
        customers = nextCustomers;
        directory = nextDirectory;
        customerTrunks = List.copyOf(nextCustomerTrunks);
        vendorsByName = nextByName;
        vendors = nextVendors;
    }

    private void removeGauges(final String side, final String trunk)
    {
        final MeterRegistry registry = metrics.registry();
        for (final Meter gauge : registry.find("softswitch.calls.active").tag("side", side).tag("trunk", trunk).meters())
        {
            registry.remove(gauge);
        }
        if ("vendor".equals(side))
        {
            for (final Meter gauge : registry.find("softswitch.vendor.up").tag("trunk", trunk).meters())
            {
                registry.remove(gauge);
            }
        }
    }

    /**
     * Records the ports bound, which go into our Via and Contact headers.
     *
     * @param udpPort the UDP port, or -1.
     * @param tcpPort the TCP port, or -1.
     */
    public void boundPorts(final int udpPort, final int tcpPort)
    {
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
    }

    /**
     * Sets how loops open TCP connections to vendors.
     *
     * @param connector the connector.
     */
    public void connector(final VendorConnector connector)
    {
        this.connector = connector;
    }

    /**
     * Installs the call owner of one loop.
     *
     * @param loop the loop.
     */
    public void install(final CallLoop loop)
    {
        loops[loop.index] = loop;
    }

    /**
     * The loop that owns calls of the given index.
     *
     * @param index 0 to loop count - 1.
     * @return the loop.
     */
    public CallLoop loop(final int index)
    {
        return loops[index];
    }
}
