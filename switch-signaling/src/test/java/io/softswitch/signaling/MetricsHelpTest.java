package io.softswitch.signaling;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every meter the switch registers says what it counts: Prometheus shows the description as the
 * metric's HELP text, and a NOC engineer reads it there.
 */
class MetricsHelpTest
{
    @Test
    void shouldGiveEveryMeterOfARunningSwitchADescription()
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final CustomerTrunk customer = new CustomerTrunk("customer-a", List.of(AddressRange.parse("127.0.0.1/32")), "",
            NumberRules.NONE, 10, 10, FailoverPolicy.defaults());
        final VendorTrunk vendor = new VendorTrunk("vendor-1", "127.0.0.1", 9, Transport.UDP, 10, 10,
            ProbePolicy.DISABLED);
        try (LcrEngine engine = TestRoutes.engine(List.of("customer-a"), "", List.of("vendor-1"));
            SipSwitch sipSwitch = SipSwitch.start(new SwitchConfig(new SipListen("127.0.0.1", 0, 0, "127.0.0.1"),
                SipLimits.DEFAULT, SipTimers.RFC_3261, List.of(customer), List.of(vendor)), engine, registry))
        {
            assertThat(sipSwitch.udpPort()).isPositive();
            assertThat(registry.getMeters()).hasSizeGreaterThan(20);
            assertThat(registry.getMeters())
                .allSatisfy(meter -> assertThat(meter.getId().getDescription())
                    .as("description of %s", meter.getId()).isNotBlank());
            assertThat(registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName))
                .contains("softswitch.calls.ended", "softswitch.calls.refused", "softswitch.overload.shedding",
                    "softswitch.tcp.connections");
        }
    }
}
