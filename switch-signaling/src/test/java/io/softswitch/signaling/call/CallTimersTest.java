package io.softswitch.signaling.call;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.softswitch.lcr.RouteListener;
import io.softswitch.lcr.RoutingEngine;
import io.softswitch.lcr.SingleThreadRouter;
import io.softswitch.signaling.TestRoutes;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call's timers driven by a manual clock: one {@link CallLoop} on an embedded channel, messages
 * fed in as they would arrive over UDP, everything it sends read back with its destination.
 */
class CallTimersTest
{
    private static final long MS = 1_000_000L;
    private static final InetSocketAddress CUSTOMER = new InetSocketAddress("127.0.0.1", 5070);
    private static final InetSocketAddress VENDOR_1 = new InetSocketAddress("127.0.0.2", 5060);
    private static final InetSocketAddress VENDOR_2 = new InetSocketAddress("127.0.0.3", 5060);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Sent> sent = new ArrayList<>();
    private final List<String> samples = new ArrayList<>();
    private long nowNs = 1_000 * MS;
    private CallLoop loop;

    /**
     * Answers on the caller's thread (the embedded loop has no thread of its own) and records the
     * quality samples the call reports, as {@code vendor:code}.
     */
    private final class RecordingEngine implements RoutingEngine
    {
        private final SingleThreadRouter router = new SingleThreadRouter(
            TestRoutes.snapshot(List.of("customer"), "", List.of("vendor-1", "vendor-2")), System::currentTimeMillis);

        @Override
        public void route(final String customerTrunk, final CharSequence e164Number, final RouteListener listener)
        {
            router.route(customerTrunk, e164Number, listener);
        }

        @Override
        public boolean onAttempt(final String vendor, final CharSequence e164Number, final int sipCode, final long pddMs)
        {
            samples.add(vendor + ":" + sipCode);
            return true;
        }

        @Override
        public boolean onCallEnded(final String vendor, final CharSequence e164Number, final long durationMs)
        {
            samples.add(vendor + ":ended");
            return true;
        }

        @Override
        public void setVendorDown(final String vendor, final boolean down)
        {
        }

        @Override
        public void setVendorAtCapacity(final String vendor, final boolean atCapacity)
        {
        }
    }

    private record Sent(InetSocketAddress to, String text)
    {
        String firstLine()
        {
            return text.substring(0, text.indexOf('\r'));
        }
    }

    private void start(final long provisionalTimeoutMs)
    {
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        final CustomerTrunk customer = new CustomerTrunk("customer", List.of(AddressRange.parse("127.0.0.1/32")), "",
            NumberRules.NONE, 100, 100, new FailoverPolicy(defaults.rerouteOn(), defaults.stopOn(), provisionalTimeoutMs, 5));
        final List<VendorTrunk> vendors = List.of(
            new VendorTrunk("vendor-1", "127.0.0.2", 5060, Transport.UDP, 100, 100, ProbePolicy.DISABLED),
            new VendorTrunk("vendor-2", "127.0.0.3", 5060, Transport.UDP, 100, 100, ProbePolicy.DISABLED));
        final SwitchContext context = new SwitchContext(List.of(customer), vendors,
            new RecordingEngine(),
            new SwitchMetrics(new SimpleMeterRegistry()), SipTimers.RFC_3261, SipLimits.DEFAULT, () -> nowNs, 0x5eed,
            "192.0.2.1", 1);
        context.boundPorts(5060, -1);
        loop = new CallLoop(context, 0, channel.eventLoop(), PooledByteBufAllocator.DEFAULT, channel);
        context.install(loop);
    }

    @AfterEach
    void releaseEverything()
    {
        loop.shutdown();
        collect();
        channel.finishAndReleaseAll();
    }

    private void receive(final String text, final InetSocketAddress from)
    {
        final ByteBuf bytes = Unpooled.copiedBuffer(text.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        try
        {
            loop.onHandover(bytes, from, channel, Transport.UDP);
        }
        finally
        {
            bytes.release();
        }
        collect();
    }

    private void advanceMs(final long ms)
    {
        final long target = nowNs + ms * MS;
        while (nowNs < target)
        {
            nowNs += 4 * MS;
            loop.onTick();
        }
        collect();
    }

    private void collect()
    {
        Object message;
        while ((message = channel.readOutbound()) != null)
        {
            final DatagramPacket packet = (DatagramPacket)message;
            sent.add(new Sent(packet.recipient(), packet.content().toString(StandardCharsets.UTF_8)));
            packet.release();
        }
    }

    private List<Sent> sentTo(final InetSocketAddress to, final String firstLinePrefix)
    {
        return sent.stream().filter(s -> s.to().equals(to) && s.firstLine().startsWith(firstLinePrefix)).toList();
    }

    private static String header(final String message, final String name)
    {
        final Matcher matcher = Pattern.compile("(?m)^" + name + ": ([^\r\n]*)").matcher(message);
        assertThat(matcher.find()).as("header %s in %s", name, message).isTrue();
        return matcher.group(1);
    }

    private void customerInvite()
    {
        receive("""
            INVITE sip:442079460000@192.0.2.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-c1
            Max-Forwards: 70
            From: <sip:alice@127.0.0.1>;tag=c-tag
            To: <sip:442079460000@192.0.2.1>
            Call-ID: customer-call-1
            CSeq: 1 INVITE
            Contact: <sip:alice@127.0.0.1:5070>
            Content-Length: 0

            """, CUSTOMER);
    }

    private void vendorResponse(final String invite, final InetSocketAddress vendor, final int code, final String tag)
    {
        receive("SIP/2.0 " + code + " Whatever\n" +
            "Via: " + header(invite, "Via") + "\n" +
            "From: " + header(invite, "From") + "\n" +
            "To: " + header(invite, "To") + ";tag=" + tag + "\n" +
            "Call-ID: " + header(invite, "Call-ID") + "\n" +
            "CSeq: 1 INVITE\n" +
            "Contact: <sip:callee@" + vendor.getHostString() + ":5060>\n" +
            "Content-Length: 0\n\n", vendor);
    }

    @Test
    void shouldCancelAndFailOverExactlyWhenTheProvisionalTimeoutExpires()
    {
        start(3_000);
        customerInvite();
        assertThat(sentTo(CUSTOMER, "SIP/2.0 100")).hasSize(1);
        final String invite = sentTo(VENDOR_1, "INVITE").getFirst().text();

        advanceMs(2_980);
        assertThat(sentTo(VENDOR_2, "INVITE")).isEmpty();
        // Timer A: sent at 0, 0.5 and 1.5 s.
        assertThat(sentTo(VENDOR_1, "INVITE")).hasSize(3);
        advanceMs(40);

        final String cancel = sentTo(VENDOR_1, "CANCEL").getFirst().text();
        assertThat(header(cancel, "Via")).isEqualTo(header(invite, "Via"));
        assertThat(header(cancel, "CSeq")).isEqualTo("1 CANCEL");
        assertThat(sentTo(VENDOR_2, "INVITE")).hasSize(1);
        assertThat(sentTo(CUSTOMER, "SIP/2.0 4")).isEmpty();
    }

    @Test
    void shouldFailOverWhenTimerBExpiresBeforeAnyResponse()
    {
        start(600_000);
        customerInvite();

        advanceMs(31_990);
        assertThat(sentTo(VENDOR_2, "INVITE")).isEmpty();
        advanceMs(20);

        assertThat(sentTo(VENDOR_1, "INVITE")).hasSize(7);
        assertThat(sentTo(VENDOR_2, "INVITE")).hasSize(1);
        assertThat(samples).containsExactly("vendor-1:408");
    }

    @Test
    void shouldAnswerCustomer408WhenTheLastVendorTimesOut()
    {
        start(1_000);
        customerInvite();

        advanceMs(2_100);

        assertThat(sentTo(VENDOR_1, "CANCEL")).isNotEmpty();
        assertThat(sentTo(VENDOR_2, "CANCEL")).isNotEmpty();
        assertThat(sentTo(CUSTOMER, "SIP/2.0 408")).hasSize(1);
        assertThat(samples).containsExactly("vendor-1:408", "vendor-2:408");
    }

    @Test
    void shouldCancelRingingAttemptAndAnswer408WhenTimerCExpires()
    {
        start(3_000);
        customerInvite();
        final String invite = sentTo(VENDOR_1, "INVITE").getFirst().text();
        vendorResponse(invite, VENDOR_1, 180, "ringing");
        advanceMs(100_000);
        // A new provisional response restarts Timer C.
        vendorResponse(invite, VENDOR_1, 183, "ringing");

        advanceMs(180_900);
        assertThat(sentTo(VENDOR_1, "CANCEL")).isEmpty();
        assertThat(sentTo(CUSTOMER, "SIP/2.0 408")).isEmpty();
        advanceMs(200);

        assertThat(sentTo(VENDOR_1, "CANCEL")).hasSize(1);
        assertThat(sentTo(CUSTOMER, "SIP/2.0 408")).hasSize(1);
        assertThat(sentTo(VENDOR_2, "INVITE")).isEmpty();
    }

    @Test
    void shouldEndBothLegsWhenTheCustomerNeverAcknowledgesThe2xx()
    {
        start(3_000);
        customerInvite();
        final String invite = sentTo(VENDOR_1, "INVITE").getFirst().text();
        vendorResponse(invite, VENDOR_1, 200, "v-tag");
        assertThat(sentTo(CUSTOMER, "SIP/2.0 200")).hasSize(1);

        advanceMs(31_900);
        // RFC 3261 §13.3.1.4: 2xx resent at 0.5, 1.5, 3.5, 7.5 s, then every 4 s until 64*T1.
        assertThat(sentTo(CUSTOMER, "SIP/2.0 200")).hasSize(11);
        assertThat(sentTo(VENDOR_1, "BYE")).isEmpty();
        advanceMs(200);

        assertThat(sentTo(VENDOR_1, "ACK")).hasSize(1);
        final String vendorBye = sentTo(VENDOR_1, "BYE").getFirst().text();
        assertThat(header(vendorBye, "To")).endsWith(";tag=v-tag");
        final String customerBye = sentTo(CUSTOMER, "BYE").getFirst().text();
        assertThat(header(customerBye, "To")).isEqualTo("<sip:alice@127.0.0.1>;tag=c-tag");
        assertThat(customerBye).startsWith("BYE sip:alice@127.0.0.1:5070 SIP/2.0");
        assertThat(samples).containsExactly("vendor-1:200", "vendor-1:ended");
    }

    @Test
    void shouldFreeTheCallOnceItsTransactionsHaveEnded()
    {
        start(3_000);
        customerInvite();
        final String invite = sentTo(VENDOR_1, "INVITE").getFirst().text();
        vendorResponse(invite, VENDOR_1, 486, "busy");
        assertThat(sentTo(VENDOR_1, "ACK")).hasSize(1);
        assertThat(sentTo(CUSTOMER, "SIP/2.0 486")).hasSize(1);
        assertThat(loop.callCount()).isEqualTo(1);

        receive("""
            ACK sip:442079460000@192.0.2.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-c1
            Max-Forwards: 70
            From: <sip:alice@127.0.0.1>;tag=c-tag
            To: <sip:442079460000@192.0.2.1>;tag=x
            Call-ID: customer-call-1
            CSeq: 1 ACK
            Content-Length: 0

            """, CUSTOMER);
        advanceMs(32_100);

        assertThat(loop.callCount()).isZero();
        assertThat(sentTo(CUSTOMER, "SIP/2.0 486")).hasSize(1);
        // One sample per attempt: the retransmitted ACK and the call's end add none.
        assertThat(samples).containsExactly("vendor-1:486");
    }
}
