package io.softswitch.app.cdr;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.signaling.OverloadPolicy;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing's view of the event loops' pressure, read from the overload gauges the switch
 * registers: none before they exist, and pressure from any signal past a quarter of its mark.
 */
class LoopPressureTest
{
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, Double> signals = new ConcurrentHashMap<>();
    private final LoopPressure pressure = new LoopPressure(registry, OverloadPolicy.DEFAULT);

    private void registerSignals()
    {
        for (final String name : new String[] {"softswitch.overload.refused.percent",
            "softswitch.udp.receive.queue.bytes", "softswitch.udp.receive.delay.seconds",
            "softswitch.loop.lag.seconds", "softswitch.loop.pending.tasks"})
        {
            signals.put(name, 0.0);
            Gauge.builder(name, signals, s -> s.get(name)).description("test signal").register(registry);
        }
    }

    @Test
    void shouldReportNoPressureBeforeTheSwitchRegisteredItsSignals()
    {
        assertThat(pressure.underPressure()).isFalse();
        registerSignals();
        signals.put("softswitch.overload.refused.percent", 10.0);
        assertThat(pressure.underPressure()).isTrue();
    }

    @Test
    void shouldReportPressureFromEachSignalPastAQuarterOfItsMark()
    {
        registerSignals();
        assertThat(pressure.underPressure()).isFalse();
        final OverloadPolicy policy = OverloadPolicy.DEFAULT;
        assertPressureAt("softswitch.overload.refused.percent", 0, 1);
        assertPressureAt("softswitch.udp.receive.delay.seconds", 0, 0.001);
        assertPressureAt("softswitch.udp.receive.queue.bytes", policy.lowQueuedBytes() / 4.0,
            policy.lowQueuedBytes() / 4.0 + 1);
        assertPressureAt("softswitch.loop.lag.seconds", policy.highLagMs() / 4000.0, policy.highLagMs() / 4000.0 + 0.001);
        assertPressureAt("softswitch.loop.pending.tasks", policy.highPendingTasks() / 4.0,
            policy.highPendingTasks() / 4.0 + 1);
    }

    private void assertPressureAt(final String signal, final double calm, final double pressed)
    {
        signals.put(signal, calm);
        assertThat(pressure.underPressure()).as("%s at %s", signal, calm).isFalse();
        signals.put(signal, pressed);
        assertThat(pressure.underPressure()).as("%s at %s", signal, pressed).isTrue();
        signals.put(signal, 0.0);
    }
}
