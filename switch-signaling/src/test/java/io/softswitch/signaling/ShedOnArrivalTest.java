package io.softswitch.signaling;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.signaling.call.EndReason;
import io.softswitch.signaling.call.LoadShedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shedding on UDP, on real sockets, where the loop that reads an INVITE judges it when it owns
 * it and hands it over otherwise: while the switch refuses every new call, a new INVITE is
 * answered 503 with Retry-After, counted and journaled once however often it is retransmitted,
 * and the BYE of a call in progress is relayed and answered as ever; a retransmission of an
 * INVITE admitted just before the shedding began is never refused (its call goes on).
 */
@Timeout(60)
class ShedOnArrivalTest
{
    /** Any receive queue above one byte is twice the mark: a single sample refuses everything. */
    private static final OverloadPolicy EVERYTHING = new OverloadPolicy(1, 0, 5_000, 60_000, 60_000, 100, 100, 1_000);

    @Test
    void shouldRefuseANewInviteOnArrivalOnceAndLeaveTheCallInProgressAlone() throws Exception
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final Queue<EndReason> ended = new ConcurrentLinkedQueue<>();
        try (TestCarrier customer = TestCarrier.udp("127.0.0.1");
            TestCarrier vendor = TestCarrier.udp("127.0.0.1");
            LcrEngine engine = TestRoutes.engine(List.of("customer-a"), "", List.of("vendor-1"));
            SipSwitch sipSwitch = SipSwitch.start(OneRouteSwitch.config(vendor.port(), OverloadPolicy.DEFAULT), engine,
                registry, SwitchHooks.none().withCallEndListener(call -> ended.add(call.endReason()))))
        {
            final int port = sipSwitch.udpPort();
            customer.send(customer.invite("442079460100", port, customer.nextCallId()), port);
            vendor.reply(vendor.response(vendor.receive("INVITE"), 200, "OK", "v1", null, TestCarrier.sdp("127.0.0.1")));
            final String ok = customer.receiveResponse("SIP/2.0 200", "INVITE");
            customer.send(customer.inDialog("ACK", ok, 1, port), port);
            vendor.receive("ACK");

            final LoadShedder refuseAll = new LoadShedder(EVERYTHING, () -> 2, () -> 0, () -> 0,
                System::currentTimeMillis);
            refuseAll.run();
            assertThat(refuseAll.refusePercent()).isEqualTo(100);
            sipSwitch.shedder(refuseAll);

            final String invite = customer.invite("442079460100", port, "refused-on-arrival@customer.example");
            customer.send(invite, port);
            final String refused = customer.receiveResponse("SIP/2.0 503", "INVITE");
            assertThat(TestCarrier.header(refused, "Retry-After", null)).isNotBlank();
            assertThat(TestCarrier.header(refused, "Call-ID", "i")).isEqualTo("refused-on-arrival@customer.example");
            // The 503 was lost: the client retransmits, and gets the same answer.
            customer.send(invite, port);
            assertThat(customer.receiveResponse("SIP/2.0 503", "INVITE")).contains("Retry-After");
            customer.send(ackOf(refused, port), port);

            customer.send(customer.inDialog("BYE", ok, 2, port), port);
            final String bye = vendor.receive("BYE");
            vendor.reply(vendor.response(bye, 200, "OK", null, null, null));
            customer.receiveResponse("SIP/2.0 200", "BYE");

            final long countedBy = System.nanoTime() + 10_000_000_000L;
            assertThat(vendor.drain(200)).noneMatch(m -> m.startsWith("INVITE"));
            assertThat(registry.get("softswitch.calls.refused").tag("trunk", "customer-a").tag("reason", "overload")
                .counter().count()).isEqualTo(1.0);
            while (ended.size() < 2 && System.nanoTime() - countedBy < 0)
            {
                Thread.sleep(5);
            }
            assertThat(ended).containsExactlyInAnyOrder(EndReason.OVERLOAD, EndReason.CUSTOMER_BYE);
        }
    }

    @Test
    void shouldNeverRefuseTheRetransmissionOfAnInviteAdmittedBeforeTheSheddingBegan() throws Exception
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestCarrier customer = TestCarrier.udp("127.0.0.1");
            TestCarrier vendor = TestCarrier.udp("127.0.0.1");
            LcrEngine engine = TestRoutes.engine(List.of("customer-a"), "", List.of("vendor-1"));
            SipSwitch sipSwitch = SipSwitch.start(OneRouteSwitch.config(vendor.port(), OverloadPolicy.DEFAULT), engine,
                registry))
        {
            final int port = sipSwitch.udpPort();
            final LoadShedder refuseAll = new LoadShedder(EVERYTHING, () -> 2, () -> 0, () -> 0,
                System::currentTimeMillis);
            refuseAll.run();
            for (int i = 0; i < 8; i++)
            {
                // Several Call-IDs, so that loops that read an INVITE they do not own are tried too.
                final String invite = customer.invite("442079460100", port, customer.nextCallId());
                customer.send(invite, port);
                final String sent = vendor.receive("INVITE");
                sipSwitch.shedder(refuseAll);
                customer.send(invite, port);
                vendor.reply(vendor.response(sent, 200, "OK", "v" + i, null, TestCarrier.sdp("127.0.0.1")));
                final String ok = answerAfterNo503(customer);
                customer.send(customer.inDialog("ACK", ok, 1, port), port);
                vendor.receive("ACK");
                sipSwitch.shedder(LoadShedder.NEVER);
            }

            assertThat(customer.drain(300)).noneMatch(m -> m.startsWith("SIP/2.0 503"));
            assertThat(vendor.drain(200)).noneMatch(m -> m.startsWith("INVITE"));
            assertThat(registry.find("softswitch.calls.refused").counters()).allMatch(c -> c.count() == 0);
        }
    }

    /** Every message up to the 200 to the INVITE, none of them a 503; returns the 200. */
    private static String answerAfterNo503(final TestCarrier customer) throws Exception
    {
        while (true)
        {
            final String message = customer.receive();
            assertThat(message).doesNotStartWith("SIP/2.0 503");
            if (message.startsWith("SIP/2.0 200") && TestCarrier.header(message, "CSeq", null).endsWith(" INVITE"))
            {
                return message;
            }
        }
    }

    /** The ACK of a non-2xx answer: the INVITE's branch, the answer's To. */
    private static String ackOf(final String answer, final int port)
    {
        return "ACK sip:442079460100@127.0.0.1:" + port + " SIP/2.0\n" +
            "Via: " + TestCarrier.header(answer, "Via", "v") + "\n" +
            "Max-Forwards: 70\n" +
            "From: " + TestCarrier.header(answer, "From", "f") + "\n" +
            "To: " + TestCarrier.header(answer, "To", "t") + "\n" +
            "Call-ID: " + TestCarrier.header(answer, "Call-ID", "i") + "\n" +
            "CSeq: 1 ACK\n" +
            "Content-Length: 0\n\n";
    }
}
