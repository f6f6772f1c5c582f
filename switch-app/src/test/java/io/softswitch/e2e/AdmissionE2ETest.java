package io.softswitch.e2e;

import io.softswitch.signaling.trunk.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.customer;
import static io.softswitch.e2e.SwitchConfigs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets in, through the running switch over UDP and TCP: a caller outside every customer
 * trunk gets 403 and nothing reaches a vendor; a trunk over its concurrent-call limit gets 503
 * with Retry-After.
 */
@Tag("e2e")
@Timeout(90)
class AdmissionE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** A loopback address outside the customer trunk's source range. */
    private static final String STRANGER = "127.0.0.2";

    @RegisterExtension
    final LoopbackCarriers carriers = new LoopbackCarriers();

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldAnswer403AndRouteNothingWhenSourceIsInNoTrunk(final Transport transport) throws InterruptedException
    {
        final SippProcess vendor = carriers.vendor("uas-answer.xml", "vendor", transport);
        carriers.startSwitch(customer(LOOPBACK + "/32", 10), vendor("vendor-1", vendor.localPort(), transport));

        final SippProcess stranger = carriers.start(
            carriers.customer("uac-403.xml", transport).localHost(STRANGER), "stranger");

        stranger.awaitSuccess(DEADLINE);
        // Anything the switch wrongly forwarded would reach the vendor within this time.
        Thread.sleep(300);
        assertThat(stranger.receivedMessages()).anyMatch(message -> message.startsWith("SIP/2.0 403"));
        assertThat(vendor.isAlive()).isTrue();
        assertThat(vendor.receivedMessages()).isEmpty();
        // Counted once per call; at most once per INVITE the stranger (re)transmitted.
        final long invitesSent = stranger.sentMessages().stream()
            .filter(message -> message.startsWith("INVITE "))
            .count();
        assertThat(carriers.rejectedCalls("unknown_source")).isBetween(1.0, (double)invitesSent);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldAnswer503WithRetryAfterWhenTrunkIsOverConcurrentLimit(final Transport transport)
    {
        final SippProcess vendor = carriers.vendor("uas-answer.xml", "vendor", transport);
        carriers.startSwitch(customer(LOOPBACK + "/32", 1), vendor("vendor-1", vendor.localPort(), transport));
        final SippProcess first = carriers.start(
            carriers.customer("uac-basic.xml", transport).holdMs(3_000), "customer-first");
        first.awaitReceived("SIP/2.0 200", DEADLINE);

        final SippProcess second = carriers.start(carriers.customer("uac-503.xml", transport), "customer-second");

        second.awaitSuccess(DEADLINE);
        first.awaitSuccess(DEADLINE);
        vendor.awaitSuccess(DEADLINE);
        assertThat(second.receivedMessages()).anyMatch(message -> message.startsWith("SIP/2.0 503"));
        assertThat(vendor.receivedRequests("INVITE")).hasSize(1);
        assertThat(carriers.rejectedCalls("concurrent_limit")).isGreaterThanOrEqualTo(1.0);
    }
}
