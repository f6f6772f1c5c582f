package io.softswitch.signaling.call;

import io.softswitch.signaling.OverloadPolicy;
import io.softswitch.signaling.SwitchHooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static io.softswitch.signaling.call.EmbeddedCallLoop.CUSTOMER;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_1;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_2;
import static io.softswitch.signaling.call.EmbeddedCallLoop.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7339 overload control on both sides of the switch, on an embedded loop: as a server, the
 * share it sheds is advertised in the top Via of its responses to clients that asked with
 * {@code oc}; as a client, it asks its vendors with {@code oc} and offers a vendor that answered
 * with {@code oc=N} that share fewer new calls for the validity it gave, counted.
 */
class OverloadControlTest
{
    private static final long SEQ_EPOCH_MS = 1_764_540_000_123L;

    private final AtomicLong queuedBytes = new AtomicLong();
    private final LoadShedder shedder = new LoadShedder(new OverloadPolicy(1_000, 100, 50, 40, 40, 20, 10, 10),
        queuedBytes::get, () -> 0, () -> 0, () -> SEQ_EPOCH_MS);
    private EmbeddedCallLoop calls;

    @BeforeEach
    void start()
    {
        calls = new EmbeddedCallLoop(new ScriptedRouting("vendor-1", "vendor-2"), 3_000, SwitchHooks.none());
        calls.loop.context.shedder(shedder);
    }

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    @Test
    void shouldAdvertiseTheShedShareInTheTopViaOfAClientThatAskedWithOc()
    {
        queuedBytes.set(5_000);
        for (int i = 0; i < 6; i++)
        {
            shedder.run();
        }

        calls.customerRequest("INVITE", "customer-call-1", "z9hG4bK-c1;oc;oc-algo=\"loss\"", null);

        final String refused = calls.sentTo(CUSTOMER, "SIP/2.0 503").getFirst().text();
        assertThat(header(refused, "Via")).isEqualTo("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-c1" +
            ";oc=100;oc-algo=\"loss\";oc-validity=500;oc-seq=1764540000.123");
        assertThat(header(refused, "Retry-After")).isNotBlank();
    }

    @Test
    void shouldLeaveTheViaOfAClientWithoutOcAloneAndAdvertiseNothingWhenNotShedding()
    {
        queuedBytes.set(5_000);
        for (int i = 0; i < 6; i++)
        {
            shedder.run();
        }
        calls.customerRequest("INVITE", "customer-call-1", "z9hG4bK-c1", null);
        assertThat(header(calls.sentTo(CUSTOMER, "SIP/2.0 503").getFirst().text(), "Via"))
            .isEqualTo("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-c1");

        final LoadShedder calm = new LoadShedder(OverloadPolicy.DEFAULT, () -> 0, () -> 0, () -> 0, () -> 0L);
        calls.loop.context.shedder(calm);
        calls.customerRequest("INVITE", "customer-call-2", "z9hG4bK-c2;oc", null);
        assertThat(header(calls.sentTo(CUSTOMER, "SIP/2.0 100").getFirst().text(), "Via"))
            .isEqualTo("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-c2;oc");
    }

    @Test
    void shouldAskVendorsForOverloadControlInOurVia()
    {
        calls.customerInvite();

        assertThat(header(calls.sentTo(VENDOR_1, "INVITE").getFirst().text(), "Via")).endsWith(";rport;oc");
    }

    @Test
    void shouldOfferAVendorThatAskedForFewerCallsThatShareFewerUntilItsValidityEnds()
    {
        calls.customerRequest("INVITE", "customer-call-0", "z9hG4bK-c0", null);
        final String first = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        vendorResponseWithOc(first, 180, "oc=50;oc-algo=\"loss\";oc-validity=1000;oc-seq=1764540000.5");

        for (int i = 1; i <= 4; i++)
        {
            calls.customerRequest("INVITE", "customer-call-" + i, "z9hG4bK-c" + i, null);
        }

        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(1 + 2);
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).hasSize(2);
        assertThat(calls.registry.get("softswitch.vendor.overload.throttled").tag("trunk", "vendor-1").counter()
            .count()).isEqualTo(2.0);

        calls.advanceMs(1_100);
        for (int i = 5; i <= 8; i++)
        {
            calls.customerRequest("INVITE", "customer-call-" + i, "z9hG4bK-c" + i, null);
        }
        assertThat(callsOfferedTo(VENDOR_1)).isEqualTo(3 + 4);
    }

    @Test
    void shouldIgnoreAnOlderOcSeqAndStopThrottlingOnOcZero()
    {
        calls.customerRequest("INVITE", "customer-call-0", "z9hG4bK-c0", null);
        final String first = calls.sentTo(VENDOR_1, "INVITE").getFirst().text();
        vendorResponseWithOc(first, 100, "oc=100;oc-validity=60000;oc-seq=200.000");
        vendorResponseWithOc(first, 180, "oc=0;oc-validity=60000;oc-seq=100.000");

        calls.customerRequest("INVITE", "customer-call-1", "z9hG4bK-c1", null);
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(1);
        assertThat(calls.sentTo(VENDOR_2, "INVITE")).hasSize(1);

        vendorResponseWithOc(first, 180, "oc=0;oc-validity=60000;oc-seq=300.000");
        calls.customerRequest("INVITE", "customer-call-2", "z9hG4bK-c2", null);
        assertThat(calls.sentTo(VENDOR_1, "INVITE")).hasSize(2);
    }

    /** New calls offered to a vendor: distinct Call-IDs, retransmissions not counted. */
    private long callsOfferedTo(final java.net.InetSocketAddress vendor)
    {
        return calls.sentTo(vendor, "INVITE").stream().map(sent -> header(sent.text(), "Call-ID")).distinct().count();
    }

    private void vendorResponseWithOc(final String invite, final int code, final String ocParams)
    {
        final String via = header(invite, "Via").replace(";oc", ";" + ocParams);
        calls.receive("SIP/2.0 " + code + " Whatever\n" +
            "Via: " + via + "\n" +
            "From: " + header(invite, "From") + "\n" +
            "To: " + header(invite, "To") + ";tag=v-tag\n" +
            "Call-ID: " + header(invite, "Call-ID") + "\n" +
            "CSeq: 1 INVITE\n" +
            "Contact: <sip:callee@127.0.0.2:5060>\n" +
            "Content-Length: 0\n\n", VENDOR_1);
    }
}
