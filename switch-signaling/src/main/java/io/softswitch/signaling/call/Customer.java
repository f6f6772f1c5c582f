package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Gauge;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.metrics.TrunkMeters;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.TrunkLimiter;

import java.util.function.LongSupplier;

/**
 * A customer trunk at run time: its configuration, its limiter (shared by every loop) and its
 * meters.
 */
final class Customer
{
    final CustomerTrunk trunk;
    final TrunkLimiter limiter;
    final TrunkMeters meters;

    Customer(final CustomerTrunk trunk, final SwitchMetrics metrics, final LongSupplier nanoClock)
    {
        this.trunk = trunk;
        this.limiter = new TrunkLimiter(trunk.cpsLimit(), trunk.concurrentLimit(), nanoClock);
        this.meters = new TrunkMeters(metrics.registry(), "customer", trunk.name());
        Gauge.builder("softswitch.calls.active", limiter, TrunkLimiter::inProgress)
            .tag("side", "customer").tag("trunk", trunk.name()).register(metrics.registry());
    }
}
