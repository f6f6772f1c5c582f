package io.softswitch.signaling.call;

import io.softswitch.lcr.RoutingEngine;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.trunk.CustomerDirectory;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;
import io.softswitch.signaling.transport.VendorConnector;
import io.softswitch.signaling.SwitchHooks;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every loop of one switch shares: trunks, the LCR engine, meters, timers and identity. Immutable
 * after construction apart from the loops array (filled once at start) and each vendor's probe
 * state (written by the one loop that probes it).
 */
public final class SwitchContext
{
    final CustomerDirectory directory;
    final Map<CustomerTrunk, Customer> customers = new IdentityHashMap<>();
    final Map<String, Vendor> vendorsByName = new HashMap<>();
    final Vendor[] vendors;
    final RoutingEngine engine;
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
        final RoutingEngine engine, final SwitchMetrics metrics, final SipTimers timers, final SipLimits limits,
        final NanoClock clock, final EpochClock epochClock, final SwitchHooks hooks, final int epoch,
        final String advertisedHost, final int loopCount)
    {
        this.directory = new CustomerDirectory(customerTrunks);
        final List<String> refusalReasons = new ArrayList<>(Admission.BUILT_IN_REFUSALS);
        hooks.admissionRefusals().forEach(refusal -> refusalReasons.add(refusal.reason()));
        for (final CustomerTrunk trunk : customerTrunks)
        {
            customers.put(trunk, new Customer(trunk, metrics, clock::nanoTime, refusalReasons));
        }
        this.vendors = new Vendor[vendorTrunks.size()];
        for (int i = 0; i < vendors.length; i++)
        {
            vendors[i] = new Vendor(vendorTrunks.get(i), i, loopCount, metrics, clock::nanoTime);
            vendorsByName.put(vendors[i].trunk.name(), vendors[i]);
        }
        this.engine = engine;
        this.metrics = metrics;
        this.timers = timers;
        this.limits = limits;
        this.clock = clock;
        this.epochClock = epochClock;
        this.hooks = hooks;
        this.epoch = epoch;
        this.advertisedHost = advertisedHost;
        this.loops = new CallLoop[loopCount];
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
