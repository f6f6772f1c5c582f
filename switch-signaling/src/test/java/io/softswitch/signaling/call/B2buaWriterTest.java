package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.codec.SipParseResult;
import io.softswitch.signaling.codec.SipParser;
import io.softswitch.signaling.trunk.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the B2BUA writes toward each carrier, and above all what it does not copy across.
 */
class B2buaWriterTest
{
    private static final String CUSTOMER_INVITE = """
        INVITE sip:00442079460000@switch.example.net SIP/2.0\r
        Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bKcustomer1;rport\r
        Via: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKinternal2\r
        Record-Route: <sip:sbc.customer.example;lr>\r
        Route: <sip:hidden.customer.example;lr>\r
        Max-Forwards: 20\r
        From: "Alice" <sip:+15550001111@pbx.customer.example>;tag=cust-from-tag\r
        To: "Bob" <sip:00442079460000@switch.example.net>\r
        Call-ID: customer-call-id@pbx.customer.example\r
        CSeq: 314 INVITE\r
        Contact: <sip:alice@203.0.113.77:5062>\r
        P-Asserted-Identity: <sip:+15550001111@customer.example>\r
        Supported: 100rel, timer\r
        Supported: replaces\r
        X-Customer-Secret: topology\r
        Content-Type: application/sdp\r
        Content-Length: 10\r
        \r
        v=0\r
        o=x\r
        """;

    private final SipParser parser = new SipParser(SipLimits.DEFAULT);
    private final SipMessage message = new SipMessage(SipLimits.DEFAULT);
    private final B2buaWriter writer = new B2buaWriter("192.0.2.10", 5060, 5061, 0xabcdef01, 1);
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseBuffers()
    {
        buffers.forEach(ByteBuf::release);
    }

    private SipMessage parse(final String text)
    {
        final ByteBuf buffer = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        buffers.add(buffer);
        assertThat(parser.parse(buffer, 0, buffer.readableBytes(), message)).isEqualTo(SipParseResult.MESSAGE);
        return message;
    }

    private ByteBuf out()
    {
        final ByteBuf buffer = Unpooled.buffer();
        buffers.add(buffer);
        return buffer;
    }

    @Test
    void shouldCopyNoCustomerTopologyIntoVendorInvite()
    {
        final ByteBuf out = out();
        writer.vendorInvite(out, parse(CUSTOMER_INVITE), Transport.UDP, "203.0.113.50:5060".getBytes(StandardCharsets.US_ASCII),
            "442079460000", new CallId().set(1, 2, 3, 0, 0xabcdef01), 0x1234, new SentInvite());
        final String invite = out.toString(StandardCharsets.UTF_8);

        assertThat(invite).doesNotContain("198.51.100.7").doesNotContain("10.9.9.9").doesNotContain("z9hG4bKcustomer1")
            .doesNotContain("sbc.customer.example").doesNotContain("hidden.customer.example")
            .doesNotContain("customer-call-id").doesNotContain("203.0.113.77").doesNotContain("cust-from-tag")
            .doesNotContain("pbx.customer.example").doesNotContain("X-Customer-Secret").doesNotContain("100rel");
        assertThat(invite).startsWith("INVITE sip:442079460000@203.0.113.50:5060 SIP/2.0\r\n");
        assertThat(invite).contains("\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKswabcdef0101")
            .contains("\r\nMax-Forwards: 19\r\n")
            .contains("\r\nFrom: \"Alice\" <sip:+15550001111@192.0.2.10:5060>;tag=0000000000001234\r\n")
            .contains("\r\nTo: \"Bob\" <sip:442079460000@203.0.113.50:5060>\r\n")
            .contains("\r\nCall-ID: sw010000000200000003")
            .contains("\r\nCSeq: 1 INVITE\r\n")
            .contains("\r\nContact: <sip:sw@192.0.2.10:5060>\r\n")
            .contains("\r\nP-Asserted-Identity: <sip:+15550001111@customer.example>\r\n")
            .contains("\r\nSupported: replaces\r\n")
            .endsWith("Content-Type: application/sdp\r\nContent-Length: 10\r\n\r\nv=0\r\no=x\r\n");
        assertThat(parse(invite).viaCount()).isEqualTo(1);
    }

    @Test
    void shouldRepeatRequestUriViaFromToCallIdAndCseqOfOurInviteInItsCancel()
    {
        final ByteBuf invite = out();
        final SentInvite sent = new SentInvite();
        writer.vendorInvite(invite, parse(CUSTOMER_INVITE), Transport.UDP,
            "203.0.113.50:5060".getBytes(StandardCharsets.US_ASCII), "442079460000",
            new CallId().set(1, 2, 3, 0, 0xabcdef01), 0x1234, sent);
        final String inviteText = invite.toString(StandardCharsets.UTF_8);
        final ByteBuf out = out();

        writer.ackOrCancel(out, invite, sent, SipMethod.CANCEL, null);

        final String cancel = out.toString(StandardCharsets.UTF_8);
        assertThat(cancel).startsWith("CANCEL sip:442079460000@203.0.113.50:5060 SIP/2.0\r\n")
            .contains("\r\n" + line(inviteText, "Via: ") + "\r\n")
            .contains("\r\n" + line(inviteText, "From: ") + "\r\n")
            .contains("\r\nTo: \"Bob\" <sip:442079460000@203.0.113.50:5060>\r\n")
            .contains("\r\n" + line(inviteText, "Call-ID: ") + "\r\n")
            .contains("\r\nCSeq: 1 CANCEL\r\n")
            .endsWith("Content-Length: 0\r\n\r\n");
    }

    private static String line(final String message, final String start)
    {
        final int at = message.indexOf("\r\n" + start) + 2;
        return message.substring(at, message.indexOf("\r\n", at));
    }

    @Test
    void shouldFillReceivedAndRportIntoTopViaOfResponse()
    {
        final ByteBuf out = out();
        new ResponseWriter(writer, new AddressText(), () -> LoadShedder.NEVER, () -> 0L).simpleResponse(out, parse(CUSTOMER_INVITE),
            new InetSocketAddress("198.51.100.8", 40000), 403,
            0xfeed, null);
        final String response = out.toString(StandardCharsets.UTF_8);

        assertThat(response).startsWith("SIP/2.0 403 Forbidden\r\n" +
            "Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bKcustomer1;rport=40000;received=198.51.100.8\r\n" +
            "Via: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKinternal2\r\n" +
            "Record-Route: <sip:sbc.customer.example;lr>\r\n");
        assertThat(response).contains("\r\nTo: \"Bob\" <sip:00442079460000@switch.example.net>;tag=000000000000feed\r\n")
            .contains("\r\nCall-ID: customer-call-id@pbx.customer.example\r\n")
            .contains("\r\nCSeq: 314 INVITE\r\n")
            .doesNotContain("Route: <sip:hidden").doesNotContain("Contact:")
            .endsWith("Content-Length: 0\r\n\r\n");
    }

    @Test
    void shouldAddressRequestToCustomerThroughItsContactAndRecordRoute()
    {
        final ByteBuf out = out();
        final SipMessage invite = parse(CUSTOMER_INVITE);
        writer.dialogRequest(out, SipMethod.BYE, new Dialog().formAsCallee(invite.buffer(), invite, 0, 0xbeef), 1,
            Transport.UDP, null);
        final String bye = out.toString(StandardCharsets.UTF_8);

        assertThat(bye).startsWith("BYE sip:alice@203.0.113.77:5062 SIP/2.0\r\n")
            .contains("\r\nRoute: <sip:sbc.customer.example;lr>\r\n")
            .contains("\r\nFrom: \"Bob\" <sip:00442079460000@switch.example.net>;tag=000000000000beef\r\n")
            .contains("\r\nTo: \"Alice\" <sip:+15550001111@pbx.customer.example>;tag=cust-from-tag\r\n")
            .contains("\r\nCall-ID: customer-call-id@pbx.customer.example\r\n")
            .contains("\r\nCSeq: 1 BYE\r\n");
    }

    @Test
    void shouldReverseVendorRecordRouteIntoRouteSetAsCaller()
    {
        final String answer = """
            SIP/2.0 200 OK\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKswabc\r
            Record-Route: <sip:p1.vendor.example;lr>, <sip:p2.vendor.example;lr>\r
            Record-Route: <sip:p3.vendor.example;lr>\r
            From: <sip:a@192.0.2.10>;tag=ours\r
            To: <sip:442079460000@203.0.113.50>;tag=theirs\r
            Call-ID: sw-call\r
            CSeq: 1 INVITE\r
            Contact: <sip:b@203.0.113.51:5070;transport=udp>\r
            Content-Length: 0\r
            \r
            """;
        final ByteBuf out = out();
        final SipMessage response = parse(answer);
        writer.dialogRequest(out, SipMethod.ACK, new Dialog().formAsCaller(response.buffer(), response, 0, 1), 1,
            Transport.UDP, null);
        final String ack = out.toString(StandardCharsets.UTF_8);

        assertThat(ack).startsWith("ACK sip:b@203.0.113.51:5070;transport=udp SIP/2.0\r\n")
            .contains("Route: <sip:p3.vendor.example;lr>\r\nRoute: <sip:p2.vendor.example;lr>\r\n" +
                "Route: <sip:p1.vendor.example;lr>\r\n")
            .contains("\r\nFrom: <sip:a@192.0.2.10>;tag=ours\r\n")
            .contains("\r\nTo: <sip:442079460000@203.0.113.50>;tag=theirs\r\n")
            .contains("\r\nCSeq: 1 ACK\r\n");
    }
}
