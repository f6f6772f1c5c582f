package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.metrics.TrunkMeters;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.TrunkLimiter;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A customer trunk at run time: its configuration, its limiter (shared by every loop), its meters,
 * and its counters of ended calls by {@link EndReason} and of refusals at admission by reason,
 * all resolved once so that the call path only increments.
 */
final class Customer
{
    final CustomerTrunk trunk;
    final TrunkLimiter limiter;
    final TrunkMeters meters;
    private final Counter[] ended = new Counter[EndReason.values().length];
    private final Counter[] refused;

    Customer(final CustomerTrunk trunk, final SwitchMetrics metrics, final LongSupplier nanoClock,
        final List<String> refusalReasons)
    {
        this.trunk = trunk;
        this.limiter = new TrunkLimiter(trunk.cpsLimit(), trunk.concurrentLimit(), nanoClock);
        this.meters = new TrunkMeters(metrics.registry(), "customer", trunk.name());
        Gauge.builder("softswitch.calls.active", limiter, TrunkLimiter::inProgress)
            .description("calls in progress on the trunk")
            .tag("side", "customer").tag("trunk", trunk.name()).register(metrics.registry());
        for (final EndReason reason : EndReason.values())
        {
            ended[reason.ordinal()] = Counter.builder("softswitch.calls.ended")
                .description("calls of the customer trunk that ended, by end reason")
                .tag("trunk", trunk.name()).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .register(metrics.registry());
        }
        refused = new Counter[refusalReasons.size()];
        for (int i = 0; i < refused.length; i++)
        {
            refused[i] = Counter.builder("softswitch.calls.refused")
                .description("new calls of the customer trunk refused at admission with 503, by reason")
                .tag("trunk", trunk.name()).tag("reason", refusalReasons.get(i))
                .register(metrics.registry());
        }
    }

    void ended(final EndReason reason)
    {
        ended[reason.ordinal()].increment();
    }

    void refused(final int reasonIndex)
    {
        refused[reasonIndex].increment();
    }
}
