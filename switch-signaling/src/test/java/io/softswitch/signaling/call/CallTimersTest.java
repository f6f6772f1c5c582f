package io.softswitch.signaling.call;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.softswitch.signaling.call.EmbeddedCallLoop.CUSTOMER;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_1;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_2;
import static io.softswitch.signaling.call.EmbeddedCallLoop.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call's timers driven by a manual clock: one {@link CallLoop} on an embedded channel
 * ({@link EmbeddedCallLoop}), messages fed in as they would arrive over UDP, everything it sends
 * read back with its destination.
 */
class CallTimersTest
{
    private final ScriptedRouting routing = new ScriptedRouting("vendor-1", "vendor-2");
    private final List<String> samples = routing.samples;
    private EmbeddedCallLoop calls;

    private void start(final long provisionalTimeoutMs)
    {
        calls = new EmbeddedCallLoop(routing, provisionalTimeoutMs);
    }

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    @Test
    void shouldFailOverExactlyWhenTheProvisionalTimeoutExpiresAndCancelOnlyOnceTheVendorAnswersProvisionally()
    {
        start(3_000);
        calls.customerInvite();
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 100")).hasSize(1);
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();

        calls.advanceMs(2_980);
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).isEmpty();
        // Timer A: sent at 0, 0.5 and 1.5 s.
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(3);
        calls.advanceMs(40);
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).hasSize(1);
        // RFC 3261 §9.1: no CANCEL before a provisional response, which may still come.
        assertThat(calls.sentTo(VENDOR_1, "CANCEL")).isEmpty();

        calls.vendorResponse(invite, VENDOR_1, 100, "late");

        final String cancel = calls.sentTo(VENDOR_1, "CANCEL").getFirst().text();
        assertThat(header(cancel, "Via")).isEqualTo(header(invite, "Via"));
        assertThat(header(cancel, "CSeq")).isEqualTo("1 CANCEL");
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 4")).isEmpty();
    }

    @Test
    void shouldFailOverWhenTimerBExpiresBeforeAnyResponse()
    {
        start(600_000);
        calls.customerInvite();

        calls.advanceMs(31_990);
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).isEmpty();
        calls.advanceMs(20);

        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(7);
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).hasSize(1);
        assertThat(samples).containsExactly("vendor-1:408");
    }

    @Test
    void shouldAnswerCustomer408WhenTheLastVendorTimesOut()
    {
        start(1_000);
        calls.customerInvite();

        calls.advanceMs(2_100);

        // Neither vendor sent a provisional response: neither may be cancelled yet (RFC 3261 §9.1).
        assertThat(calls.sentTo(VENDOR_1, "CANCEL")).isEmpty();
        assertThat(calls.sentTo(VENDOR_2, "CANCEL")).isEmpty();
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 408")).hasSize(1);
        assertThat(samples).containsExactly("vendor-1:408", "vendor-2:408");
    }

    @Test
    void shouldCancelRingingAttemptAndAnswer408WhenTimerCExpires()
    {
        start(3_000);
        calls.customerInvite();
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        calls.vendorResponse(invite, VENDOR_1, 180, "ringing");
        calls.advanceMs(100_000);
        // A new provisional response restarts Timer C.
        calls.vendorResponse(invite, VENDOR_1, 183, "ringing");

        calls.advanceMs(180_900);
        assertThat(calls.sentTo(VENDOR_1, "CANCEL")).isEmpty();
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 408")).isEmpty();
        calls.advanceMs(200);

        assertThat(calls.sentTo(VENDOR_1, "CANCEL")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 408")).hasSize(1);
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).isEmpty();
    }

    @Test
    void shouldEndBothLegsWhenTheCustomerNeverAcknowledgesThe2xx()
    {
        start(3_000);
        calls.customerInvite();
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        calls.vendorResponse(invite, VENDOR_1, 200, "v-tag");
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 200")).hasSize(1);

        calls.advanceMs(31_900);
        // RFC 3261 §13.3.1.4: 2xx resent at 0.5, 1.5, 3.5, 7.5 s, then every 4 s until 64*T1.
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 200")).hasSize(11);
        assertThat(calls.sentTo(VENDOR_1, "BYE")).isEmpty();
        calls.advanceMs(200);

        assertThat(calls.sentTo(VENDOR_1, "ACK")).hasSize(1);
        final String vendorBye = calls.sentTo(VENDOR_1, "BYE").getFirst().text();
        assertThat(header(vendorBye, "To")).endsWith(";tag=v-tag");
        final String customerBye = calls.sentTo(CUSTOMER, "BYE").getFirst().text();
        assertThat(header(customerBye, "To")).isEqualTo("<sip:alice@127.0.0.1>;tag=c-tag");
        assertThat(customerBye).startsWith("BYE sip:alice@127.0.0.1:5070 SIP/2.0");
        assertThat(samples).containsExactly("vendor-1:200", "vendor-1:ended");
    }

    @Test
    void shouldFreeTheCallOnceItsTransactionsHaveEnded()
    {
        start(3_000);
        calls.customerInvite();
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        calls.vendorResponse(invite, VENDOR_1, 486, "busy");
        assertThat(calls.sentTo(VENDOR_1, "ACK")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 486")).hasSize(1);
        assertThat(calls.loop.callCount()).isEqualTo(1);

        calls.customerRequest("ACK", "customer-call-1", "z9hG4bK-c1", "x");
        calls.advanceMs(32_100);

        assertThat(calls.loop.callCount()).isZero();
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 486")).hasSize(1);
        // One sample per attempt: the retransmitted ACK and the call's end add none.
        assertThat(samples).containsExactly("vendor-1:486");
    }
}
