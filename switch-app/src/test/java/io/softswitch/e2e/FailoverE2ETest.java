package io.softswitch.e2e;

import io.softswitch.signaling.trunk.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.LocalDateTime;

import static io.softswitch.e2e.LoopbackCarriers.assertTopologyHidden;
import static io.softswitch.e2e.LoopbackCarriers.isResponse;
import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.PROVISIONAL_TIMEOUT_MS;
import static io.softswitch.e2e.SwitchConfigs.customer;
import static io.softswitch.e2e.SwitchConfigs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hunt over vendors through the running switch, over UDP and TCP: a vendor that fails with a
 * code the policy reroutes on, and a vendor that never answers, are both left for the next one,
 * and the customer sees one call with one answer.
 */
@Tag("e2e")
@Timeout(90)
class FailoverE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    final LoopbackCarriers carriers = new LoopbackCarriers();

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldTrySecondVendorWhenFirstAnswers503(final Transport transport)
    {
        final SippProcess busy = carriers.vendor("uas-503.xml", "vendor-busy", transport);
        final SippProcess answering = carriers.vendor("uas-answer.xml", "vendor-answering", transport);
        carriers.startSwitch(customer(LOOPBACK + "/32", 10),
            vendor("vendor-1", busy.localPort(), transport),
            vendor("vendor-2", answering.localPort(), transport));

        final SippProcess customer = carriers.start(
            carriers.customer("uac-basic.xml", transport).holdMs(100), "customer");

        customer.awaitSuccess(DEADLINE);
        busy.awaitSuccess(DEADLINE);
        answering.awaitSuccess(DEADLINE);
        assertThat(busy.receivedRequests("INVITE")).hasSize(1);
        assertThat(busy.receivedRequests("ACK")).hasSize(1);
        assertThat(answering.statistics().incomingCalls()).isEqualTo(1);
        assertThat(customer.receivedMessages()).noneMatch(message -> message.startsWith("SIP/2.0 503"));
        assertThat(customer.receivedMessages())
            .filteredOn(message -> isResponse(message, 200, "INVITE"))
            .hasSize(1);
        assertTopologyHidden(customer, answering);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldTrySecondVendorWhenFirstSendsNoProvisionalInTime(final Transport transport)
    {
        final SippProcess silent = carriers.vendor("uas-silent.xml", "vendor-silent", transport);
        final SippProcess answering = carriers.vendor("uas-answer.xml", "vendor-answering", transport);
        carriers.startSwitch(customer(LOOPBACK + "/32", 10),
            vendor("vendor-1", silent.localPort(), transport),
            vendor("vendor-2", answering.localPort(), transport));

        final SippProcess customer = carriers.start(
            carriers.customer("uac-basic.xml", transport).holdMs(100), "customer");

        customer.awaitSuccess(DEADLINE);
        answering.awaitSuccess(DEADLINE);
        final LocalDateTime silentInvite = silent.receivedRequestTimes("INVITE").getFirst();
        final LocalDateTime answeringInvite = answering.receivedRequestTimes("INVITE").getFirst();
        final Duration hunt = Duration.between(silentInvite, answeringInvite);
        assertThat(hunt)
            .isGreaterThanOrEqualTo(Duration.ofMillis(PROVISIONAL_TIMEOUT_MS - 20))
            .isLessThan(Duration.ofMillis(PROVISIONAL_TIMEOUT_MS + 1_500));
        assertThat(answering.statistics().incomingCalls()).isEqualTo(1);
        assertThat(customer.receivedMessages())
            .filteredOn(message -> isResponse(message, 200, "INVITE"))
            .hasSize(1);
        assertTopologyHidden(customer, answering);
    }
}
