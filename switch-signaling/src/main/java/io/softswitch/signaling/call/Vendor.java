package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Gauge;
import io.softswitch.lcr.RoutingEngine;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.metrics.TrunkMeters;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.TrunkLimiter;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * A vendor trunk at run time: its configuration, limiter, meters, whether probing finds it up,
 * and, per loop, the peer to send to (for TCP, that loop's connection).
 *
 * <p>Whether the vendor is at its concurrent-call limit is told to the LCR engine, so that it
 * stops offering the vendor first; the limiter is shared by every loop, so that report is
 * serialized on the vendor (a rare path: only when the limit is hit and when a call ends on a
 * vendor reported full).
 */
final class Vendor
{
    final VendorTrunk trunk;
    final int index;
    final InetSocketAddress address;
    final byte[] hostPort;
    final TrunkLimiter limiter;
    final TrunkMeters meters;
    final SipPeer[] peers;
    volatile boolean up = true;
    int consecutiveFailures;
    int consecutiveSuccesses;
    boolean probeOutstanding;
    private volatile boolean reportedFull;

    Vendor(final VendorTrunk trunk, final int index, final int loopCount, final SwitchMetrics metrics,
        final LongSupplier nanoClock)
    {
        this.trunk = trunk;
        this.index = index;
        this.address = new InetSocketAddress(InetAddress.ofLiteral(trunk.host()), trunk.port());
        final String host = trunk.host().indexOf(':') >= 0 ? "[" + trunk.host() + "]" : trunk.host();
        this.hostPort = B2buaWriter.ascii(host + ":" + trunk.port());
        this.limiter = new TrunkLimiter(trunk.cpsLimit(), trunk.concurrentLimit(), nanoClock);
        this.meters = new TrunkMeters(metrics.registry(), "vendor", trunk.name());
        this.peers = new SipPeer[loopCount];
        Gauge.builder("softswitch.calls.active", limiter, TrunkLimiter::inProgress)
            .tag("side", "vendor").tag("trunk", trunk.name()).register(metrics.registry());
        Gauge.builder("softswitch.vendor.up", this, vendor -> vendor.up ? 1 : 0)
            .tag("trunk", trunk.name()).register(metrics.registry());
    }

    /**
     * Tells the engine whether the vendor is at its concurrent-call limit, if that changed; called
     * when an admission was refused for concurrency and after a release while reported full.
     *
     * @param engine the engine to tell.
     */
    void reportCapacity(final RoutingEngine engine)
    {
        synchronized (this)
        {
            // Re-read after each report: a release on another loop between the read and the report
            // would otherwise leave the vendor reported full with a free slot, and never offered again.
            boolean full = limiter.inProgress() >= limiter.concurrentLimit();
            while (full != reportedFull)
            {
                reportedFull = full;
                engine.setVendorAtCapacity(trunk.name(), full);
                full = limiter.inProgress() >= limiter.concurrentLimit();
            }
        }
    }

    /**
     * Whether the engine was last told the vendor is full.
     *
     * @return true when reported at capacity.
     */
    boolean reportedFull()
    {
        return reportedFull;
    }
}
