package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Gauge;
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

    Vendor(final VendorTrunk trunk, final int index, final int loopCount, final SwitchMetrics metrics,
        final LongSupplier nanoClock)
    {
        this.trunk = trunk;
        this.index = index;
        this.address = new InetSocketAddress(InetAddress.ofLiteral(trunk.host()), trunk.port());
        final String host = trunk.host().indexOf(':') >= 0 ? "[" + trunk.host() + "]" : trunk.host();
        this.hostPort = SipText.ascii(host + ":" + trunk.port());
        this.limiter = new TrunkLimiter(trunk.cpsLimit(), trunk.concurrentLimit(), nanoClock);
        this.meters = new TrunkMeters(metrics.registry(), "vendor", trunk.name());
        this.peers = new SipPeer[loopCount];
        Gauge.builder("softswitch.calls.active", limiter, TrunkLimiter::inProgress)
            .tag("side", "vendor").tag("trunk", trunk.name()).register(metrics.registry());
        Gauge.builder("softswitch.vendor.up", this, vendor -> vendor.up ? 1 : 0)
            .tag("trunk", trunk.name()).register(metrics.registry());
    }
}
