package io.softswitch.e2e;

import io.softswitch.signaling.trunk.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static io.softswitch.e2e.LoopbackCarriers.assertTopologyHidden;
import static io.softswitch.e2e.LoopbackCarriers.isResponse;
import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.customer;
import static io.softswitch.e2e.SwitchConfigs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls carried through the running switch from a SIPp customer to a SIPp vendor, over UDP and
 * TCP: the basic call, a CANCEL while ringing, a BYE from the vendor's side; each with topology
 * hiding checked on what both carriers received.
 */
@Tag("e2e")
@Timeout(90)
class CallFlowE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    final LoopbackCarriers carriers = new LoopbackCarriers();

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldCarryBasicCallFromCustomerToVendor(final Transport transport)
    {
        final SippProcess vendor = carriers.vendor("uas-answer.xml", "vendor", transport);
        carriers.startSwitch(customer(LOOPBACK + "/32", 10), vendor("vendor-1", vendor.localPort(), transport));

        final SippProcess customer = carriers.start(
            carriers.customer("uac-basic.xml", transport).holdMs(200), "customer");

        final SippStatistics caller = customer.awaitSuccess(DEADLINE);
        final SippStatistics callee = vendor.awaitSuccess(DEADLINE);
        assertThat(caller.successfulCalls()).isEqualTo(1);
        assertThat(callee.incomingCalls()).isEqualTo(1);
        assertThat(vendor.receivedRequests("ACK")).isNotEmpty();
        assertThat(vendor.receivedRequests("BYE")).isNotEmpty();
        assertThat(customer.receivedMessages()).anyMatch(message -> message.startsWith("SIP/2.0 180"));
        assertTopologyHidden(customer, vendor);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldCarryManyOverlappingCallsEachToItsEnd(final Transport transport)
    {
        final int calls = 40;
        final SippProcess vendor = carriers.start(
            SippProcess.uas("uas-answer.xml").transport(transport).calls(calls), "vendor");
        carriers.startSwitch(customer(LOOPBACK + "/32", calls), vendor("vendor-1", vendor.localPort(), transport));

        final SippProcess customer = carriers.start(
            carriers.customer("uac-basic.xml", transport).calls(calls).callsPerSecond(40).holdMs(300), "customer");

        final SippStatistics caller = customer.awaitSuccess(DEADLINE);
        final SippStatistics callee = vendor.awaitSuccess(DEADLINE);
        assertThat(caller.successfulCalls()).isEqualTo(calls);
        assertThat(callee.incomingCalls()).isEqualTo(calls);
        assertThat(callee.successfulCalls()).isEqualTo(calls);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldCancelVendorAttemptWhenCustomerCancelsDuringRinging(final Transport transport)
    {
        final SippProcess vendor = carriers.vendor("uas-ring-cancelled.xml", "vendor", transport);
        carriers.startSwitch(customer(LOOPBACK + "/32", 10), vendor("vendor-1", vendor.localPort(), transport));

        final SippProcess customer = carriers.start(carriers.customer("uac-cancel.xml", transport), "customer");

        customer.awaitSuccess(DEADLINE);
        vendor.awaitSuccess(DEADLINE);
        assertThat(vendor.receivedRequests("CANCEL")).isNotEmpty();
        assertThat(customer.receivedMessages()).anyMatch(message -> message.startsWith("SIP/2.0 487"));
        assertThat(customer.receivedMessages()).noneMatch(message -> isResponse(message, 200, "INVITE"));
        assertTopologyHidden(customer, vendor);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldRelayByeFromVendorSideToCustomer(final Transport transport)
    {
        final SippProcess vendor = carriers.start(
            SippProcess.uas("uas-bye.xml").transport(transport).holdMs(200), "vendor");
        carriers.startSwitch(customer(LOOPBACK + "/32", 10), vendor("vendor-1", vendor.localPort(), transport));

        final SippProcess customer = carriers.start(
            carriers.customer("uac-bye-from-vendor.xml", transport), "customer");

        customer.awaitSuccess(DEADLINE);
        vendor.awaitSuccess(DEADLINE);
        assertThat(customer.receivedRequests("BYE")).hasSize(1);
        assertThat(vendor.receivedMessages()).anyMatch(message -> isResponse(message, 200, "BYE"));
        assertTopologyHidden(customer, vendor);
    }
}
