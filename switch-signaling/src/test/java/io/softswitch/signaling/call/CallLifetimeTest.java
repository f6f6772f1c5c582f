package io.softswitch.signaling.call;

import io.softswitch.signaling.SwitchHooks;
import io.softswitch.signaling.trunk.CallTimerPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.softswitch.signaling.call.EmbeddedCallLoop.CUSTOMER;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_1;
import static io.softswitch.signaling.call.EmbeddedCallLoop.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No call lives for ever: the customer trunk's maximum duration and session timers (RFC 4028),
 * driven by a manual clock on an embedded loop.
 */
class CallLifetimeTest
{
    private static final String TIMER_OFFER = "Supported: timer\nSession-Expires: 90;refresher=uac\nMin-SE: 90\n";

    private final List<EndReason> ended = new ArrayList<>();
    private EmbeddedCallLoop calls;
    private String toTag;

    private void start(final CallTimerPolicy policy)
    {
        calls = new EmbeddedCallLoop(new ScriptedRouting("vendor-1"), 3_000,
            SwitchHooks.none().withCallEndListener(call -> ended.add(call.endReason())), policy);
    }

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    /** A call answered by vendor-1 with the given headers in its 2xx, and acknowledged. */
    private String answer(final String inviteHeaders, final String answerHeaders)
    {
        calls.customerRequest("INVITE", "customer-call-1", "z9hG4bK-c1", null, inviteHeaders);
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        calls.vendorResponse(invite, VENDOR_1, 200, "v-tag", answerHeaders);
        final String ok = calls.sentTo(CUSTOMER, "SIP/2.0 200").getFirst().text();
        toTag = header(ok, "To").substring(header(ok, "To").indexOf(";tag=") + 5);
        calls.customerRequest("ACK", "customer-call-1", "z9hG4bK-ack", toTag);
        return ok;
    }

    @Test
    void shouldEndAnAnsweredCallWithByeOnBothLegsAtTheTrunksMaximumDuration()
    {
        start(new CallTimerPolicy(60, 1800, 90));
        answer("", "");

        calls.advanceMs(59_900);
        assertThat(calls.sentTo(VENDOR_1, "BYE")).isEmpty();
        assertThat(calls.sentTo(CUSTOMER, "BYE")).isEmpty();
        calls.advanceMs(200);

        assertThat(calls.sentTo(VENDOR_1, "BYE")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "BYE")).hasSize(1);
        assertThat(ended).containsExactly(EndReason.MAX_DURATION);
        final String vendorBye = calls.sentTo(VENDOR_1, "BYE").getFirst().text();
        calls.answer(vendorBye, VENDOR_1, 200, "");
        calls.answer(calls.sentTo(CUSTOMER, "BYE").getFirst().text(), CUSTOMER, 200, "");
        calls.advanceMs(40_000);
        assertThat(calls.loop.callCount()).isZero();
    }

    @Test
    void shouldRelaySessionExpiresAndEndTheCallWhenTheRefresherNeverRefreshes()
    {
        start(CallTimerPolicy.DEFAULTS);
        final String ok = answer(TIMER_OFFER, "Require: timer\nSession-Expires: 90;refresher=uac\n");
        assertThat(header(calls.sentTo(VENDOR_1, "INVITE").getFirst().text(), "Session-Expires"))
            .isEqualTo("90;refresher=uac");
        assertThat(header(calls.sentTo(VENDOR_1, "INVITE").getFirst().text(), "Min-SE")).isEqualTo("90");
        assertThat(header(ok, "Session-Expires")).isEqualTo("90;refresher=uac");

        // RFC 4028 §10: the session ends min(32, 90/3) = 30 s before it would expire.
        calls.advanceMs(59_900);
        assertThat(calls.sentTo(VENDOR_1, "BYE")).isEmpty();
        calls.advanceMs(200);

        assertThat(calls.sentTo(VENDOR_1, "BYE")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "BYE")).hasSize(1);
        assertThat(ended).containsExactly(EndReason.SESSION_EXPIRED);
    }

    @Test
    void shouldKeepTheCallWhileItsRefresherRefreshes()
    {
        start(CallTimerPolicy.DEFAULTS);
        answer(TIMER_OFFER, "Require: timer\nSession-Expires: 90;refresher=uac\n");
        calls.advanceMs(50_000);

        refreshFromCustomer(2);
        calls.advanceMs(50_000);
        assertThat(calls.sentTo(VENDOR_1, "BYE")).isEmpty();
        assertThat(ended).isEmpty();

        calls.advanceMs(10_100);
        assertThat(calls.sentTo(VENDOR_1, "BYE")).hasSize(1);
        assertThat(ended).containsExactly(EndReason.SESSION_EXPIRED);
    }

    private void refreshFromCustomer(final int cseq)
    {
        calls.receive("UPDATE sip:sw@192.0.2.1:5060 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-upd" + cseq + "\n" +
            "Max-Forwards: 70\n" +
            "From: <sip:alice@127.0.0.1>;tag=c-tag\n" +
            "To: <sip:442079460000@192.0.2.1>;tag=" + toTag + "\n" +
            "Call-ID: customer-call-1\n" +
            "CSeq: " + cseq + " UPDATE\n" +
            "Contact: <sip:alice@127.0.0.1:5070>\n" +
            "Session-Expires: 90;refresher=uac\n" +
            "Content-Length: 0\n\n", CUSTOMER);
        final List<EmbeddedCallLoop.Sent> updates = calls.sentTo(VENDOR_1, "UPDATE");
        calls.answer(updates.getLast().text(), VENDOR_1, 200, "Session-Expires: 90;refresher=uac\n");
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 200").getLast().text()).contains("CSeq: " + cseq + " UPDATE");
    }

    @Test
    void shouldStandInForAVendorWithoutSessionTimersSoThatTheCustomerRefreshes()
    {
        start(CallTimerPolicy.DEFAULTS);

        final String ok = answer("Supported: timer\nSession-Expires: 120\n", "");

        assertThat(header(ok, "Session-Expires")).isEqualTo("120;refresher=uac");
        assertThat(header(ok, "Require")).isEqualTo("timer");
        calls.advanceMs(79_000);
        refreshFromCustomerWithoutTimerAnswer();
        assertThat(header(calls.sentTo(CUSTOMER, "SIP/2.0 200").getLast().text(), "Session-Expires"))
            .isEqualTo("120;refresher=uac");
        // Refreshed at 79 s: it ends 120 - 32 = 88 s later unless refreshed again.
        calls.advanceMs(87_900);
        assertThat(ended).isEmpty();
        calls.advanceMs(200);
        assertThat(ended).containsExactly(EndReason.SESSION_EXPIRED);
    }

    private void refreshFromCustomerWithoutTimerAnswer()
    {
        calls.receive("UPDATE sip:sw@192.0.2.1:5060 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-upd\n" +
            "Max-Forwards: 70\n" +
            "From: <sip:alice@127.0.0.1>;tag=c-tag\n" +
            "To: <sip:442079460000@192.0.2.1>;tag=" + toTag + "\n" +
            "Call-ID: customer-call-1\n" +
            "CSeq: 2 UPDATE\n" +
            "Contact: <sip:alice@127.0.0.1:5070>\n" +
            "Content-Length: 0\n\n", CUSTOMER);
        calls.answer(calls.sentTo(VENDOR_1, "UPDATE").getLast().text(), VENDOR_1, 200, "");
    }

    @Test
    void shouldRefreshBothLegsItselfAndEndTheCallWhenOneNoLongerKnowsTheDialog()
    {
        start(new CallTimerPolicy(0, 120, 90));
        answer("", "");

        calls.advanceMs(59_900);
        assertThat(calls.sentTo(VENDOR_1, "UPDATE")).isEmpty();
        calls.advanceMs(200);
        final String vendorUpdate = calls.sentTo(VENDOR_1, "UPDATE").getFirst().text();
        final String customerUpdate = calls.sentTo(CUSTOMER, "UPDATE").getFirst().text();
        assertThat(header(vendorUpdate, "To")).endsWith(";tag=v-tag");
        assertThat(header(vendorUpdate, "Contact")).startsWith("<sip:sw@");
        assertThat(customerUpdate).startsWith("UPDATE sip:alice@127.0.0.1:5070 SIP/2.0");
        calls.answer(vendorUpdate, VENDOR_1, 200, "");
        assertThat(ended).isEmpty();

        calls.answer(customerUpdate, CUSTOMER, 481, "");

        assertThat(ended).containsExactly(EndReason.SESSION_EXPIRED);
        assertThat(calls.sentTo(VENDOR_1, "BYE")).hasSize(1);
        assertThat(calls.sentTo(CUSTOMER, "BYE")).hasSize(1);
    }

    @Test
    void shouldKeepRefreshingWhileBothLegsAnswerAndEndWhenARefreshTimesOut()
    {
        start(new CallTimerPolicy(0, 120, 90));
        answer("", "");
        calls.advanceMs(60_100);
        calls.answer(calls.sentTo(VENDOR_1, "UPDATE").getLast().text(), VENDOR_1, 200, "");
        // A far end without UPDATE support is alive all the same.
        calls.answer(calls.sentTo(CUSTOMER, "UPDATE").getLast().text(), CUSTOMER, 405, "");
        calls.advanceMs(60_000);
        assertThat(calls.sentTo(VENDOR_1, "UPDATE")).hasSize(2);
        assertThat(ended).isEmpty();
        calls.answer(calls.sentTo(CUSTOMER, "UPDATE").getLast().text(), CUSTOMER, 200, "");

        // Timer F (64*T1) ends the vendor's refresh that nobody answers.
        calls.advanceMs(32_100);

        assertThat(ended).containsExactly(EndReason.SESSION_EXPIRED);
        assertThat(calls.sentTo(CUSTOMER, "BYE")).hasSize(1);
    }
}
