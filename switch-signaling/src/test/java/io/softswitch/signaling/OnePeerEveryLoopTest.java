package io.softswitch.signaling;

import io.micrometer.core.instrument.FunctionCounter;
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
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One busy peer uses every core: all calls come from one customer address and port, and go to
 * one vendor, yet every signaling loop handles a share of their messages, because the loop that
 * reads the peer's socket hands each datagram, unparsed, to the loop that owns its call.
 */
@Timeout(60)
class OnePeerEveryLoopTest
{
    private static final int CALLS = 60;

    @Test
    void shouldHandleOnePeersCallsOnEveryLoop() throws Exception
    {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two event loops");
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestCarrier customer = TestCarrier.udp("127.0.0.1");
            TestCarrier vendor = TestCarrier.udp("127.0.0.1");
            LcrEngine engine = TestRoutes.engine(List.of("customer-a"), "", List.of("vendor-1"));
            SipSwitch sipSwitch = SipSwitch.start(new SwitchConfig(new SipListen("127.0.0.1", 0, -1, "127.0.0.1"),
                SipLimits.DEFAULT, SipTimers.RFC_3261,
                List.of(new CustomerTrunk("customer-a", List.of(AddressRange.parse("127.0.0.1/32")), "",
                    NumberRules.NONE, 10_000, 10_000, FailoverPolicy.defaults())),
                List.of(new VendorTrunk("vendor-1", "127.0.0.1", vendor.port(), Transport.UDP, 10_000, 10_000,
                    ProbePolicy.DISABLED))), engine, registry))
        {
            final int port = sipSwitch.udpPort();
            for (int i = 0; i < CALLS; i++)
            {
                customer.send(customer.invite("442079460100", port, customer.nextCallId()), port);
                final String invite = vendor.receive("INVITE");
                vendor.reply(vendor.response(invite, 200, "OK", "a" + i, null, TestCarrier.sdp("127.0.0.1")));
                final String ok = customer.receiveResponse("SIP/2.0 200", "INVITE");
                customer.send(customer.inDialog("ACK", ok, 1, port), port);
                vendor.receive("ACK");
                customer.send(customer.inDialog("BYE", ok, 2, port), port);
                customer.receiveResponse("SIP/2.0 200", "BYE");
                vendor.reply(vendor.response(vendor.receive("BYE"), 200, "OK", null, null, null));
            }

            // The vendor's 200 to the last BYE is handled after the customer has its answer: wait
            // for the loops to count it rather than read the counters while it is in flight.
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Double> perLoop = messagesPerLoop(registry);
            while (sum(perLoop) < CALLS * 5 && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(10);
                perLoop = messagesPerLoop(registry);
            }
            final List<Double> counted = perLoop;
            assertThat(counted).hasSizeGreaterThanOrEqualTo(2);
            final double total = sum(counted);
            // Five messages reach the switch per call (INVITE, 200, ACK, BYE, 200), each handled
            // once, spread by Call-ID over the loops rather than all on the loop that reads them.
            assertThat(total).isGreaterThanOrEqualTo(CALLS * 5);
            assertThat(counted).allSatisfy(count -> assertThat(count).isGreaterThan(total / counted.size() / 4));
        }
    }

    private static List<Double> messagesPerLoop(final SimpleMeterRegistry registry)
    {
        return registry.find("softswitch.loop.messages").functionCounters().stream()
            .map(FunctionCounter::count).toList();
    }

    private static double sum(final List<Double> counts)
    {
        return counts.stream().mapToDouble(Double::doubleValue).sum();
    }
}
