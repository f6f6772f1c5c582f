package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.lcr.CallRouting;
import io.softswitch.lcr.TrunkIds;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerDirectory;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;
import io.softswitch.signaling.transport.VendorConnector;
import io.softswitch.signaling.SwitchHooks;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every loop of one switch shares: trunks, the LCR engine, meters, timers and identity. Immutable
 * after construction apart from the trunk tables (replaced whole when trunks are provisioned at run
 * time), the loops array (filled once at start) and each vendor's probe state (written by the one
 * loop that probes it).
 */
public final class SwitchContext
{
    // Replaced whole by replaceTrunks (admin API) while every loop reads it: one volatile read per
    // INVITE or route answer, no lock on the call path.
    volatile TrunkTables trunks;
    private final List<String> refusalReasons;
    private final int loopCount;
    private int nextVendorIndex;
    final CallRouting engine;
    final SwitchMetrics metrics;
    final SipTimers timers;
    final SipLimits limits;
    final NanoClock clock;
    final EpochClock epochClock;
    final SwitchHooks hooks;
    final int epoch;
    final String advertisedHost;
    final CallLoop[] loops;
    VendorConnector connector;
    volatile LoadShedder shedder = LoadShedder.NEVER;
    int udpPort = -1;
    int tcpPort = -1;

    /**
     * Builds the shared state of a switch.
     *
     * @param customerTrunks the customer trunks.
     * @param vendorTrunks   the vendor trunks.
     * @param engine         the route source, told every vendor attempt's outcome; its trunk ids
     *                       number the customers and vendors on the call path.
     * @param metrics        the switch-wide meters.
     * @param timers         transaction timer base values.
     * @param limits         parser limits.
     * @param clock          the clock every loop reads.
     * @param epoch          random per start; minted identifiers carry it.
     * @param advertisedHost the host in our Via and Contact.
     * @param loopCount      how many event loops own calls.
     */
    public SwitchContext(final List<CustomerTrunk> customerTrunks, final List<VendorTrunk> vendorTrunks,
        final CallRouting engine, final SwitchMetrics metrics, final SipTimers timers, final SipLimits limits,
        final NanoClock clock, final int epoch, final String advertisedHost, final int loopCount)
    {
        this(customerTrunks, vendorTrunks, engine, metrics, timers, limits, clock, SystemEpochClock.INSTANCE,
            SwitchHooks.none(), epoch, advertisedHost, loopCount);
    }

    /**
     * Builds the shared state of a switch with its clocks and hooks given.
     *
     * @param customerTrunks the customer trunks.
     * @param vendorTrunks   the vendor trunks.
     * @param engine         the route source, told every vendor attempt's outcome.
     * @param metrics        the switch-wide meters.
     * @param timers         transaction timer base values.
     * @param limits         parser limits.
     * @param clock          the clock every loop reads for timers.
     * @param epochClock     the wall clock ended calls are stamped with.
     * @param hooks          the call end listener and admission refusals.
     * @param epoch          random per start; minted identifiers carry it.
     * @param advertisedHost the host in our Via and Contact.
     * @param loopCount      how many event loops own calls.
     */
    public SwitchContext(final List<CustomerTrunk> customerTrunks, final List<VendorTrunk> vendorTrunks,
        final CallRouting engine, final SwitchMetrics metrics, final SipTimers timers, final SipLimits limits,
        final NanoClock clock, final EpochClock epochClock, final SwitchHooks hooks, final int epoch,
        final String advertisedHost, final int loopCount)
    {
        final List<String> reasons = new ArrayList<>(Admission.BUILT_IN_REFUSALS);
        hooks.admissionRefusals().forEach(refusal -> reasons.add(refusal.reason()));
        this.refusalReasons = List.copyOf(reasons);
        this.loopCount = loopCount;
        this.metrics = metrics;
        this.clock = clock;
        this.trunks = tables(customerTrunks, vendorTrunks, engine.trunkIds(), null);
        this.engine = engine;
        this.timers = timers;
        this.limits = limits;
        this.epochClock = epochClock;
        this.hooks = hooks;
        this.epoch = epoch;
        this.advertisedHost = advertisedHost;
        this.loops = new CallLoop[loopCount];
    }

    /**
     * Whether an address belongs to a trunk: a customer's source block or a vendor's address.
     * Asked when a TCP connection is accepted, never per message.
     *
     * @param address the address.
     * @return true when it is a trunk's.
     */
    public boolean isKnownSource(final InetAddress address)
    {
        final TrunkTables tables = trunks;
        for (final CustomerTrunk trunk : tables.customerTrunks())
        {
            for (final AddressRange range : trunk.sources())
            {
                if (range.contains(address))
                {
                    return true;
                }
            }
        }
        for (final Vendor vendor : tables.vendors())
        {
            if (vendor.address.getAddress().equals(address))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the customer and vendor trunks while calls go on: calls in progress keep the trunk
     * state they started with; new calls see the new set. Call after the engine has been given a
     * snapshot that knows the new trunks, since their ids are the engine's: a trunk added at run
     * time has an id appended to the engine's, a removed trunk's id is retired (its slot in the id
     * table is empty and never given to another trunk). A trunk whose configuration is unchanged
     * keeps its run-time state (limiter, probe state); a changed or new trunk starts fresh, its
     * meters continuing under the same name.
     *
     * <p>Called by one owner (the admin thread, serialised here); the loops read the new tables
     * after one volatile write and take no lock.
     *
     * @param customerTrunks the customer trunks from now on.
     * @param vendorTrunks   the vendor trunks from now on.
     */
    public synchronized void replaceTrunks(final List<CustomerTrunk> customerTrunks,
        final List<VendorTrunk> vendorTrunks)
    {
        trunks = tables(customerTrunks, vendorTrunks, engine.trunkIds(), trunks);
        for (final CallLoop loop : loops)
        {
            if (loop != null)
            {
                // Each loop brings its own probes in line with the new vendors, on its own thread.
                loop.eventLoop.execute(loop::trunksReplaced);
            }
        }
    }

    private TrunkTables tables(final List<CustomerTrunk> customerTrunks, final List<VendorTrunk> vendorTrunks,
        final TrunkIds ids, final TrunkTables previous)
    {
        final Map<String, Customer> keptCustomers = new HashMap<>();
        final Map<String, Vendor> keptVendors = new HashMap<>();
        if (previous != null)
        {
            previous.customers().forEach((trunk, customer) -> keptCustomers.put(trunk.name(), customer));
            for (final Vendor vendor : previous.vendors())
            {
                keptVendors.put(vendor.trunk.name(), vendor);
            }
        }
        final Map<CustomerTrunk, Customer> customers = new IdentityHashMap<>();
        for (final CustomerTrunk trunk : customerTrunks)
        {
            final Customer old = keptCustomers.get(trunk.name());
            final int id = ids.customerId(trunk.name());
            if (old != null && old.trunk.equals(trunk) && old.id == id)
            {
                customers.put(trunk, old);
            }
            else
            {
                removeGauges("customer", trunk.name());
                customers.put(trunk, new Customer(trunk, id, metrics, clock::nanoTime, refusalReasons));
            }
        }
        final Vendor[] vendors = new Vendor[vendorTrunks.size()];
        final Vendor[] vendorsById = new Vendor[ids.vendorCount()];
        for (int i = 0; i < vendors.length; i++)
        {
            final VendorTrunk trunk = vendorTrunks.get(i);
            final int id = ids.vendorId(trunk.name());
            final Vendor old = keptVendors.get(trunk.name());
            if (old != null && old.trunk.equals(trunk) && old.id == id)
            {
                vendors[i] = old;
            }
            else
            {
                removeGauges("vendor", trunk.name());
                vendors[i] = new Vendor(trunk, nextVendorIndex++, id, loopCount, metrics, clock::nanoTime);
                if (previous != null && id >= 0)
                {
                    // A new or changed vendor starts up and with room, whatever its id last reported.
                    engine.vendorStates().setDown(id, false);
                    engine.vendorStates().setAtCapacity(id, false);
                }
            }
            if (id >= 0 && id < vendorsById.length)
            {
                vendorsById[id] = vendors[i];
            }
        }
        return new TrunkTables(new CustomerDirectory(customerTrunks), List.copyOf(customerTrunks),
            customers, vendors, vendorsById);
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
     * Sets what decides whether new calls are shed (overload).
     *
     * @param loadShedder the shedder.
     */
    public void shedder(final LoadShedder loadShedder)
    {
        this.shedder = loadShedder;
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
