package io.softswitch.signaling.call;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.softswitch.signaling.call.EmbeddedCallLoop.CUSTOMER;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_1;
import static io.softswitch.signaling.call.EmbeddedCallLoop.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol rules found by hostile probes, on an embedded loop: what may acknowledge a 2xx (RFC
 * 3261 §13.2.2.4, §12.2.2), when a CANCEL may go to a vendor (§9.1), and {@code received} on
 * responses (§18.2.1).
 */
class CallProtocolTest
{
    private final ScriptedRouting routing = new ScriptedRouting("vendor-1");
    private EmbeddedCallLoop calls;

    @BeforeEach
    void start()
    {
        calls = new EmbeddedCallLoop(routing, 3_000);
    }

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    /** A call the vendor answered; the customer has the 2xx and has not acknowledged it yet. */
    private String answered()
    {
        calls.customerInvite();
        calls.vendorResponse(calls.sentTo(VENDOR_1, "INVITE").getFirst().text(), VENDOR_1, 200, "v-tag");
        final String ok = calls.sentTo(CUSTOMER, "SIP/2.0 200").getFirst().text();
        return header(ok, "To").substring(header(ok, "To").indexOf(";tag=") + 5);
    }

    private void ack(final String fromTag, final String toTag, final String cseq)
    {
        calls.receive("ACK sip:sw@192.0.2.1:5060 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-ack" + cseq.hashCode() + "\n" +
            "Max-Forwards: 70\n" +
            "From: <sip:alice@127.0.0.1>;tag=" + fromTag + "\n" +
            "To: <sip:442079460000@192.0.2.1>;tag=" + toTag + "\n" +
            "Call-ID: customer-call-1\n" +
            "CSeq: " + cseq + "\n" +
            "Content-Length: 0\n\n", CUSTOMER);
    }

    @Test
    void shouldNeverTakeARequestWithAnInviteCseqAsTheAck()
    {
        final String toTag = answered();

        ack("c-tag", toTag, "1 INVITE");

        assertThat(calls.sentTo(VENDOR_1, "ACK")).isEmpty();
        assertThat(calls.registry.get("softswitch.calls.rejected").tag("reason", "malformed").counter().count())
            .isEqualTo(1.0);
        // Still unacknowledged: the 2xx goes on being resent, and the call ends without its ACK.
        calls.advanceMs(32_100);
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 200").size()).isGreaterThan(1);
        assertThat(calls.sentTo(VENDOR_1, "BYE")).hasSize(1);
    }

    @Test
    void shouldNotConfirmTheCallWithAnAckOfAnotherCseqNumber()
    {
        final String toTag = answered();

        ack("c-tag", toTag, "7 ACK");

        assertThat(calls.sentTo(VENDOR_1, "ACK")).isEmpty();
        ack("c-tag", toTag, "1 ACK");
        assertThat(calls.sentTo(VENDOR_1, "ACK")).hasSize(1);
    }

    @Test
    void shouldNotConfirmTheCallWithAnAckOfAnotherFromTag()
    {
        final String toTag = answered();

        ack("someone-else", toTag, "1 ACK");

        assertThat(calls.sentTo(VENDOR_1, "ACK")).isEmpty();
        ack("c-tag", toTag, "1 ACK");
        assertThat(calls.sentTo(VENDOR_1, "ACK")).hasSize(1);
    }

    @Test
    void shouldCancelTheVendorOnlyOnceItHasSentAProvisionalResponse()
    {
        calls.customerInvite();
        final String invite = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();

        calls.customerRequest("CANCEL", "customer-call-1", "z9hG4bK-c1", null);

        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 487")).hasSize(1);
        assertThat(calls.sentTo(VENDOR_1, "CANCEL")).isEmpty();
        calls.vendorResponse(invite, VENDOR_1, 180, "v-tag");
        final String cancel = calls.sentTo(VENDOR_1, "CANCEL").getFirst().text();
        assertThat(header(cancel, "Call-ID")).isEqualTo(header(invite, "Call-ID"));
        assertThat(header(cancel, "CSeq")).isEqualTo("1 CANCEL");
        // The ringing is not relayed for a call the customer cancelled.
        assertThat(calls.sentTo(CUSTOMER, "SIP/2.0 180")).isEmpty();
    }

    private void inviteWithVia(final String via)
    {
        calls.receive("INVITE sip:442079460000@192.0.2.1 SIP/2.0\n" +
            "Via: " + via + "\n" +
            "Max-Forwards: 70\n" +
            "From: <sip:alice@127.0.0.1>;tag=c-tag\n" +
            "To: <sip:442079460000@192.0.2.1>\n" +
            "Call-ID: customer-call-1\n" +
            "CSeq: 1 INVITE\n" +
            "Contact: <sip:alice@127.0.0.1:5070>\n" +
            "Content-Length: 0\n\n", CUSTOMER);
    }

    @Test
    void shouldAddReceivedWhenTheViaHostIsNotTheSourceAddress()
    {
        inviteWithVia("SIP/2.0/UDP pbx.customer.example:5070;branch=z9hG4bK-nat");

        assertThat(header(calls.sentTo(CUSTOMER, "SIP/2.0 100").getFirst().text(), "Via"))
            .isEqualTo("SIP/2.0/UDP pbx.customer.example:5070;branch=z9hG4bK-nat;received=127.0.0.1");
    }

    @Test
    void shouldLeaveTheViaAloneWhenItsHostIsTheSourceAddress()
    {
        inviteWithVia("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-direct");

        assertThat(header(calls.sentTo(CUSTOMER, "SIP/2.0 100").getFirst().text(), "Via"))
            .isEqualTo("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-direct");
    }

    @Test
    void shouldFillRportAndReceivedWhenTheViaAsksForRport()
    {
        inviteWithVia("SIP/2.0/UDP 127.0.0.1:5999;rport;branch=z9hG4bK-rport");

        assertThat(header(calls.sentTo(CUSTOMER, "SIP/2.0 100").getFirst().text(), "Via"))
            .isEqualTo("SIP/2.0/UDP 127.0.0.1:5999;rport=5070;branch=z9hG4bK-rport;received=127.0.0.1");
    }
}
