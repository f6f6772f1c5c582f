package io.softswitch.e2e;

import io.softswitch.signaling.trunk.CallTimerPolicy;
import io.softswitch.signaling.trunk.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.customer;
import static io.softswitch.e2e.SwitchConfigs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No call lives for ever, end to end: a SIPp customer that never hangs up and never refreshes its
 * session is released by the switch, with BYE on both legs, at the customer trunk's maximum
 * duration or when its session expires (RFC 4028).
 */
@Tag("e2e")
@Timeout(90)
class CallLifetimeE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final int CALLS = 3;

    @RegisterExtension
    final LoopbackCarriers carriers = new LoopbackCarriers();

    @Test
    void shouldReleaseACallerThatNeverHangsUpAtTheMaximumDurationWithByeOnBothLegs()
    {
        final SippProcess vendor = carriers.start(SippProcess.uas("uas-answer.xml").calls(CALLS), "vendor");
        carriers.startSwitch(customer(LOOPBACK + "/32", 10, new CallTimerPolicy(2, 0, 1)),
            vendor("vendor-1", vendor.localPort(), Transport.UDP));
        final long startNs = System.nanoTime();

        final SippProcess caller = carriers.start(carriers.customer("uac-await-bye.xml", Transport.UDP)
            .set("se", "1800").calls(CALLS).callsPerSecond(10), "customer");

        caller.awaitSuccess(DEADLINE);
        vendor.awaitSuccess(DEADLINE);
        assertThat(caller.receivedRequests("BYE")).hasSize(CALLS);
        assertThat(vendor.receivedRequests("BYE")).hasSize(CALLS);
        // Not before the limit: a lower bound, never a speed.
        assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(carriers.endedCalls("max_duration")).isEqualTo(CALLS);
    }

    @Test
    void shouldEndTheCallWhenTheCustomerNeverRefreshesItsSessionWithByeOnBothLegs()
    {
        final SippProcess vendor = carriers.start(SippProcess.uas("uas-answer.xml").calls(CALLS), "vendor");
        carriers.startSwitch(customer(LOOPBACK + "/32", 10, new CallTimerPolicy(0, 0, 1)),
            vendor("vendor-1", vendor.localPort(), Transport.UDP));
        final long startNs = System.nanoTime();

        final SippProcess caller = carriers.start(carriers.customer("uac-await-bye.xml", Transport.UDP)
            .set("se", "6").calls(CALLS).callsPerSecond(10), "customer");

        caller.awaitSuccess(DEADLINE);
        vendor.awaitSuccess(DEADLINE);
        // The vendor has no session timers: the switch asked the customer to refresh instead.
        assertThat(caller.receivedMessages()).filteredOn(message -> message.startsWith("SIP/2.0 200"))
            .allMatch(message -> message.contains("Session-Expires: 6;refresher=uac"))
            .allMatch(message -> message.contains("Require: timer"));
        assertThat(caller.receivedRequests("BYE")).hasSize(CALLS);
        assertThat(vendor.receivedRequests("BYE")).hasSize(CALLS);
        // RFC 4028 §10: 6 - min(32, 6/3) = 4 s after the answer.
        assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(carriers.endedCalls("session_expired")).isEqualTo(CALLS);
    }
}
