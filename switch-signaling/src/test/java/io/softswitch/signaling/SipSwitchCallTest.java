package io.softswitch.signaling;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.lcr.ExclusionReason;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.RouteSimulation;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static io.softswitch.signaling.TestCarrier.header;
import static io.softswitch.signaling.TestCarrier.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A started {@link SipSwitch} on loopback, driven by plain sockets playing the customer and the
 * vendors.
 */
@Timeout(30)
class SipSwitchCallTest
{
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private LcrEngine engine;

    @AfterEach
    void closeEverything() throws Exception
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            closeables.get(i).close();
        }
    }

    private TestCarrier udpCarrier(final String host) throws Exception
    {
        final TestCarrier carrier = TestCarrier.udp(host);
        closeables.add(carrier);
        return carrier;
    }

    private static VendorTrunk vendor(final String name, final TestCarrier carrier, final Transport transport)
    {
        return new VendorTrunk(name, "127.0.0.1", carrier.port(), transport, 100, 100, ProbePolicy.DISABLED);
    }

    private static FailoverPolicy failover(final long provisionalTimeoutMs)
    {
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        return new FailoverPolicy(defaults.rerouteOn(), defaults.stopOn(), provisionalTimeoutMs, 5);
    }

    private SipSwitch start(final List<VendorTrunk> vendors, final int concurrentLimit, final long provisionalMs)
    {
        final CustomerTrunk customer = new CustomerTrunk("customer-a", List.of(AddressRange.parse("127.0.0.1/32")), "",
            new NumberRules("", "00", "0", "44", ""), 1_000, concurrentLimit, failover(provisionalMs));
        final List<String> names = vendors.stream().map(VendorTrunk::name).toList();
        final SwitchConfig config = new SwitchConfig(new SipListen("127.0.0.1", 0, 0, "127.0.0.1"),
            SipLimits.DEFAULT, new SipTimers(100, 400, 500), List.of(customer), vendors);
        engine = TestRoutes.engine(List.of(customer.name()), "44", names);
        closeables.add(engine);
        final SipSwitch sipSwitch = SipSwitch.start(config, engine, registry);
        closeables.add(sipSwitch);
        return sipSwitch;
    }

    private double vendorUp(final String vendor)
    {
        return registry.get("softswitch.vendor.up").tag("trunk", vendor).gauge().value();
    }

    private void awaitVendorUp(final String vendor, final double expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 3_000_000_000L;
        while (vendorUp(vendor) != expected && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(10);
        }
        assertThat(vendorUp(vendor)).isEqualTo(expected);
    }

    /**
     * Waits until the engine's simulator gives the vendor the exclusion reason (null: tried); the
     * switch reports availability through the engine's ring, so the answer may lag the gauge.
     */
    private void awaitExclusion(final String vendor, final ExclusionReason expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 3_000_000_000L;
        ExclusionReason actual = exclusion(vendor);
        while (actual != expected && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(10);
            actual = exclusion(vendor);
        }
        assertThat(actual).as("exclusion of %s", vendor).isEqualTo(expected);
    }

    private ExclusionReason exclusion(final String vendor)
    {
        final RouteSimulation simulation = engine.simulate("customer-a", "442079460000", Instant.now()).join();
        return simulation.excluded().stream().filter(route -> route.vendor().equals(vendor))
            .map(RouteSimulation.VendorRoute::exclusion).findFirst().orElse(null);
    }

    private double counter(final String name, final String... tags)
    {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldCarryBasicCallEndToEndWithTopologyHidden() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        final String callId = customer.nextCallId();

        customer.send(customer.invite("02079460000", sipSwitch.udpPort(), callId), sipSwitch.udpPort());
        assertThat(status(customer.receive())).isEqualTo(100);

        final String invite = vendor.receive("INVITE");
        assertThat(invite).startsWith("INVITE sip:442079460000@127.0.0.1:" + vendor.port() + " SIP/2.0");
        assertThat(invite).doesNotContain(callId).doesNotContain("z9hG4bK-inv-")
            .doesNotContain("proxy.customer.example").doesNotContain(":" + customer.port());
        assertThat(header(invite, "To", "t")).contains("sip:442079460000@");
        assertThat(header(invite, "From", "f")).startsWith("\"Alice\" <sip:alice@127.0.0.1:" + sipSwitch.udpPort());
        assertThat(header(invite, "Max-Forwards", null)).isEqualTo("69");
        assertThat(invite).endsWith("m=audio 40000 RTP/AVP 0\r\n");

        vendor.reply(vendor.response(invite, 180, "Ringing", "vendor-tag", null, null));
        final String ringing = customer.receive("SIP/2.0 180");
        assertThat(header(ringing, "Call-ID", "i")).isEqualTo(callId);
        assertThat(ringing).doesNotContain("vendor-tag").doesNotContain(":" + vendor.port());

        vendor.reply(vendor.response(invite, 200, "OK", "vendor-tag", null, TestCarrier.sdp("127.0.0.1")));
        final String ok = customer.receive("SIP/2.0 200");
        assertThat(header(ok, "CSeq", null)).isEqualTo("1 INVITE");
        assertThat(header(ok, "Record-Route", null)).isEqualTo("<sip:proxy.customer.example;lr>");
        assertThat(ok).contains("m=audio 50000").doesNotContain(":" + vendor.port()).doesNotContain("vendor-tag");
        assertThat(header(ok, "To", "t")).contains(";tag=");

        customer.send(customer.inDialog("ACK", ok, 1, sipSwitch.udpPort()), sipSwitch.udpPort());
        final String ack = vendor.receive("ACK");
        assertThat(header(ack, "CSeq", null)).isEqualTo("1 ACK");
        assertThat(header(ack, "Call-ID", "i")).isEqualTo(header(invite, "Call-ID", "i"));
        assertThat(header(ack, "To", "t")).contains("tag=vendor-tag");

        customer.send(customer.inDialog("BYE", ok, 2, sipSwitch.udpPort()), sipSwitch.udpPort());
        assertThat(status(customer.receive("SIP/2.0"))).isEqualTo(200);
        final String bye = vendor.receive("BYE");
        assertThat(header(bye, "Call-ID", "i")).isEqualTo(header(invite, "Call-ID", "i"));
        vendor.reply(vendor.response(bye, 200, "OK", null, null, null));

        assertThat(counter("softswitch.calls.offered", "side", "customer", "trunk", "customer-a")).isEqualTo(1);
        assertThat(counter("softswitch.calls.answered", "side", "vendor", "trunk", "vendor-1")).isEqualTo(1);
    }

    @Test
    void shouldRelayByeFromVendorToCustomer() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        final String callId = customer.nextCallId();
        customer.send(customer.invite("442079460001", sipSwitch.udpPort(), callId), sipSwitch.udpPort());
        final String invite = vendor.receive("INVITE");
        vendor.reply(vendor.response(invite, 200, "OK", "vt", null, TestCarrier.sdp("127.0.0.1")));
        final String ok = customer.receive("SIP/2.0 200");
        customer.send(customer.inDialog("ACK", ok, 1, sipSwitch.udpPort()), sipSwitch.udpPort());
        vendor.receive("ACK");

        vendor.send(vendor.calleeRequest("BYE", invite, "vt", 1), sipSwitch.udpPort());
        assertThat(status(vendor.receive("SIP/2.0"))).isEqualTo(200);
        final String bye = customer.receive("BYE");
        assertThat(header(bye, "Call-ID", "i")).isEqualTo(callId);
        assertThat(header(bye, "To", "t")).contains("tag=" + TestCarrier.customerTag(callId));
        assertThat(bye).startsWith("BYE sip:alice@127.0.0.1:" + customer.port());
        assertThat(header(bye, "Route", null)).isEqualTo("<sip:proxy.customer.example;lr>");
        customer.reply(customer.response(bye, 200, "OK", null, null, null));
    }

    @Test
    void shouldFailOverFrom503ToSecondVendor() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier first = udpCarrier("127.0.0.1");
        final TestCarrier second = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", first, Transport.UDP),
            vendor("vendor-2", second, Transport.UDP)), 10, 2_000);
        customer.send(customer.invite("442079460002", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());

        final String firstInvite = first.receive("INVITE");
        first.reply(first.response(firstInvite, 503, "Service Unavailable", "f1", null, null));
        final String firstAck = first.receive("ACK");
        assertThat(header(firstAck, "CSeq", null)).isEqualTo("1 ACK");

        final String secondInvite = second.receive("INVITE");
        assertThat(header(secondInvite, "Call-ID", "i")).isNotEqualTo(header(firstInvite, "Call-ID", "i"));
        second.reply(second.response(secondInvite, 200, "OK", "s1", null, TestCarrier.sdp("127.0.0.1")));
        final String ok = customer.receive("SIP/2.0 200");
        assertThat(customer.drain(300)).noneMatch(message -> message.startsWith("SIP/2.0 503"));
        customer.send(customer.inDialog("ACK", ok, 1, sipSwitch.udpPort()), sipSwitch.udpPort());
        assertThat(second.receive("ACK")).isNotNull();
        assertThat(counter("softswitch.calls.failed", "side", "vendor", "trunk", "vendor-1")).isEqualTo(1);
        assertThat(counter("softswitch.calls.answered", "side", "customer", "trunk", "customer-a")).isEqualTo(1);
    }

    @Test
    void shouldRelayLastVendorFailureWhenHuntStops() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier first = udpCarrier("127.0.0.1");
        final TestCarrier second = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", first, Transport.UDP),
            vendor("vendor-2", second, Transport.UDP)), 10, 2_000);
        final String callId = customer.nextCallId();
        customer.send(customer.invite("442079460003", sipSwitch.udpPort(), callId), sipSwitch.udpPort());

        final String invite = first.receive("INVITE");
        first.reply(first.response(invite, 486, "Busy Here", "b1", null, null));
        final String busy = customer.receive("SIP/2.0 486");
        assertThat(header(busy, "Call-ID", "i")).isEqualTo(callId);
        customer.send("ACK sip:442079460003@127.0.0.1 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:" + customer.port() + ";branch=" + TestCarrier.inviteBranch(callId) + "\n" +
            "Max-Forwards: 70\nFrom: " + header(busy, "From", "f") + "\nTo: " + header(busy, "To", "t") + "\n" +
            "Call-ID: " + callId + "\nCSeq: 1 ACK\nContent-Length: 0\n\n", sipSwitch.udpPort());
        assertThat(second.drain(300)).isEmpty();
        customer.drain(50);
        assertThat(customer.drain(500)).noneMatch(message -> message.startsWith("SIP/2.0 486"));
    }

    @Test
    void shouldCancelVendorAttemptWhenCustomerCancels() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        final String callId = customer.nextCallId();
        customer.send(customer.invite("442079460004", sipSwitch.udpPort(), callId), sipSwitch.udpPort());
        final String invite = vendor.receive("INVITE");
        vendor.reply(vendor.response(invite, 180, "Ringing", "r1", null, null));
        final String ringing = customer.receive("SIP/2.0 180");

        customer.send("CANCEL sip:442079460004@127.0.0.1:" + sipSwitch.udpPort() + " SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:" + customer.port() + ";branch=" + TestCarrier.inviteBranch(callId) + "\n" +
            "Max-Forwards: 70\nFrom: " + header(ringing, "From", "f") + "\nTo: <sip:442079460004@127.0.0.1>\n" +
            "Call-ID: " + callId + "\nCSeq: 1 CANCEL\nContent-Length: 0\n\n", sipSwitch.udpPort());
        final List<String> answers = List.of(customer.receive("SIP/2.0"), customer.receive("SIP/2.0"));
        assertThat(answers).anyMatch(m -> m.startsWith("SIP/2.0 200") && m.contains("CANCEL"));
        assertThat(answers).anyMatch(m -> m.startsWith("SIP/2.0 487") && m.contains("INVITE"));

        final String cancel = vendor.receive("CANCEL");
        assertThat(header(cancel, "Call-ID", "i")).isEqualTo(header(invite, "Call-ID", "i"));
        assertThat(header(cancel, "Via", "v")).isEqualTo(header(invite, "Via", "v"));
        vendor.reply(vendor.response(cancel, 200, "OK", null, null, null));
        vendor.reply(vendor.response(invite, 487, "Request Terminated", "r1", null, null));
        assertThat(header(vendor.receive("ACK"), "CSeq", null)).isEqualTo("1 ACK");
    }

    @Test
    void shouldAnswer403ToUnknownSourceAndRouteNothing() throws Exception
    {
        final TestCarrier stranger = udpCarrier("127.0.0.2");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);

        stranger.send(stranger.invite("442079460005", sipSwitch.udpPort(), stranger.nextCallId()), sipSwitch.udpPort());

        assertThat(stranger.receive()).startsWith("SIP/2.0 403");
        assertThat(vendor.drain(300)).isEmpty();
        assertThat(counter("softswitch.calls.rejected", "reason", "unknown_source")).isEqualTo(1);
    }

    @Test
    void shouldAnswer503WithRetryAfterOverConcurrentLimit() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 1, 2_000);
        customer.send(customer.invite("442079460006", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        final String first = vendor.receive("INVITE");
        vendor.reply(vendor.response(first, 180, "Ringing", "x1", null, null));
        customer.receive("SIP/2.0 180");

        customer.send(customer.invite("442079460007", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());

        final String refused = customer.receive("SIP/2.0 503");
        assertThat(header(refused, "Retry-After", null)).isNotBlank();
        assertThat(vendor.drain(300)).noneMatch(message -> message.startsWith("INVITE"));
        assertThat(counter("softswitch.calls.rejected", "reason", "concurrent_limit")).isEqualTo(1);
    }

    @Test
    void shouldFailOverWhenVendorSendsNoProvisionalInTime() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier silent = udpCarrier("127.0.0.1");
        final TestCarrier second = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", silent, Transport.UDP),
            vendor("vendor-2", second, Transport.UDP)), 10, 300);
        customer.send(customer.invite("442079460008", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        final String invite = silent.receive("INVITE");
        final long sentNs = System.nanoTime();

        final String rerouted = second.receive("INVITE");
        final long waitedMs = (System.nanoTime() - sentNs) / 1_000_000;
        assertThat(waitedMs).isGreaterThanOrEqualTo(250);
        // Ringing at once, so that the second attempt's own provisional timeout does not run out.
        second.reply(second.response(rerouted, 180, "Ringing", "s2", null, null));
        // RFC 3261 §9.1: the CANCEL waits for a provisional response.
        assertThat(silent.drain(300)).noneMatch(message -> message.startsWith("CANCEL"));
        silent.reply(silent.response(invite, 100, "Trying", null, null, null));
        assertThat(silent.receive("CANCEL")).contains(header(invite, "Call-ID", "i"));
        second.reply(second.response(rerouted, 200, "OK", "s2", null, TestCarrier.sdp("127.0.0.1")));
        assertThat(customer.receive("SIP/2.0 200")).isNotNull();
    }

    @Test
    void shouldCarryCallOverTcpOnBothLegs() throws Exception
    {
        final TestCarrier vendor = TestCarrier.tcpListener("127.0.0.1");
        closeables.add(vendor);
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-tcp", vendor, Transport.TCP)), 10, 2_000);
        final TestCarrier customer = TestCarrier.tcpClient("127.0.0.1", sipSwitch.tcpPort());
        closeables.add(customer);
        final String callId = customer.nextCallId();

        customer.send(customer.invite("442079460009", sipSwitch.tcpPort(), callId), sipSwitch.tcpPort());
        assertThat(status(customer.receive())).isEqualTo(100);
        final String invite = vendor.receive("INVITE");
        assertThat(header(invite, "Via", "v")).startsWith("SIP/2.0/TCP");
        vendor.reply(vendor.response(invite, 200, "OK", "t1", null, TestCarrier.sdp("127.0.0.1")));
        final String ok = customer.receive("SIP/2.0 200");
        customer.send(customer.inDialog("ACK", ok, 1, sipSwitch.tcpPort()), sipSwitch.tcpPort());
        assertThat(vendor.receive("ACK")).isNotNull();
        customer.send(customer.inDialog("BYE", ok, 2, sipSwitch.tcpPort()), sipSwitch.tcpPort());
        assertThat(status(customer.receive("SIP/2.0"))).isEqualTo(200);
        final String bye = vendor.receive("BYE");
        vendor.reply(vendor.response(bye, 200, "OK", null, null, null));
    }

    @Test
    void shouldAnswerOptionsAndRefuseOtherMethodsOutsideACall() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        final String common = " sip:127.0.0.1:" + sipSwitch.udpPort() + " SIP/2.0\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:" + customer.port() + ";branch=z9hG4bK-o1\n" +
            "Max-Forwards: 70\nFrom: <sip:a@127.0.0.1>;tag=1\nTo: <sip:b@127.0.0.1>\nCall-ID: opt-1\n";

        customer.send("OPTIONS" + common + "CSeq: 1 OPTIONS\nContent-Length: 0\n\n", sipSwitch.udpPort());
        final String options = customer.receive();
        customer.send("REGISTER" + common + "CSeq: 2 REGISTER\nContent-Length: 0\n\n", sipSwitch.udpPort());
        final String register = customer.receive();
        customer.send("FOO" + common + "CSeq: 3 FOO\nContent-Length: 0\n\n", sipSwitch.udpPort());
        final String unknown = customer.receive();

        assertThat(status(options)).isEqualTo(200);
        assertThat(header(options, "Allow", null)).contains("INVITE");
        assertThat(status(register)).isEqualTo(405);
        assertThat(header(register, "Allow", null)).contains("INVITE");
        assertThat(status(unknown)).isEqualTo(501);
    }

    @Test
    void shouldAnswer483WhenMaxForwardsIsZero() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);

        customer.send(customer.invite("442079460010", sipSwitch.udpPort(), customer.nextCallId())
            .replace("Max-Forwards: 70", "Max-Forwards: 0"), sipSwitch.udpPort());

        assertThat(status(customer.receive())).isEqualTo(483);
        assertThat(vendor.drain(200)).isEmpty();
    }

    @Test
    void shouldAnswer404WhenNoRouteCoversTheNumber() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);

        customer.send(customer.invite("0033123456", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());

        assertThat(status(customer.receive("SIP/2.0 4"))).isEqualTo(404);
        assertThat(vendor.drain(200)).isEmpty();
    }

    @Test
    void shouldAnswer403AndOfferNothingWhenTheCustomerHasNoSellRate() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        // A snapshot swapped in live in which the vendor still buys 44 but the customer's deck is gone.
        engine.swap(TestRoutes.snapshot(List.of(), "44", List.of("vendor-1")));

        customer.send(customer.invite("442079460030", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());

        assertThat(status(customer.receive("SIP/2.0 4"))).isEqualTo(403);
        assertThat(vendor.drain(200)).isEmpty();
        assertThat(counter("softswitch.calls.rejected", "reason", "no_sell_rate")).isEqualTo(1);
    }

    @Test
    void shouldDetectLoopThroughOwnVia() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        customer.send(customer.invite("442079460011", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        final String invite = vendor.receive("INVITE");

        // The vendor sends our own INVITE straight back: our Via is in it.
        final String looped = invite.replaceFirst("(?m)^INVITE [^ ]+", "INVITE sip:442079460011@127.0.0.1")
            .replaceFirst("(?m)^Via:", "Via: SIP/2.0/UDP 127.0.0.1:" + vendor.port() + ";branch=z9hG4bK-loop\r\nVia:");
        vendor.send(looped, sipSwitch.udpPort());

        assertThat(status(vendor.receive("SIP/2.0 4"))).isEqualTo(482);
    }

    @Test
    void shouldSkipVendorThatStopsAnsweringProbesAndUseItAgainWhenItAnswers() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier probed = udpCarrier("127.0.0.1");
        final TestCarrier backup = udpCarrier("127.0.0.1");
        final VendorTrunk watched = new VendorTrunk("vendor-probed", "127.0.0.1", probed.port(), Transport.UDP, 100, 100,
            new ProbePolicy(true, 200, 2, 1));
        final SipSwitch sipSwitch = start(List.of(watched, vendor("vendor-backup", backup, Transport.UDP)), 10, 2_000);

        // Probes go unanswered: after two the vendor is down and calls go to the backup.
        assertThat(probed.receive("OPTIONS")).contains("Max-Forwards: 70");
        awaitVendorUp("vendor-probed", 0);
        awaitExclusion("vendor-probed", ExclusionReason.DOWN);
        customer.send(customer.invite("442079460012", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        assertThat(backup.receive("INVITE")).isNotNull();
        assertThat(probed.drain(150)).noneMatch(message -> message.startsWith("INVITE"));

        // It answers probes again: up again, and the next call is offered to it first.
        final long deadline = System.nanoTime() + 3_000_000_000L;
        while (vendorUp("vendor-probed") == 0 && System.nanoTime() - deadline < 0)
        {
            for (final String probe : probed.drain(50))
            {
                probed.reply(probed.response(probe, 200, "OK", "p1", null, null));
            }
        }
        assertThat(vendorUp("vendor-probed")).isEqualTo(1);
        awaitExclusion("vendor-probed", null);
        customer.send(customer.invite("442079460013", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        assertThat(probed.receive("INVITE")).contains("442079460013");
    }

    @Test
    void shouldTellTheEngineAVendorIsAtCapacityUntilItsCallEnds() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier small = udpCarrier("127.0.0.1");
        final TestCarrier backup = udpCarrier("127.0.0.1");
        final VendorTrunk oneCall = new VendorTrunk("vendor-small", "127.0.0.1", small.port(), Transport.UDP, 100, 1,
            ProbePolicy.DISABLED);
        final SipSwitch sipSwitch = start(List.of(oneCall, vendor("vendor-backup", backup, Transport.UDP)), 10, 2_000);
        customer.send(customer.invite("442079460020", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        final String invite = small.receive("INVITE");
        small.reply(small.response(invite, 200, "OK", "s20", null, TestCarrier.sdp("127.0.0.1")));
        final String ok = customer.receive("SIP/2.0 200");
        customer.send(customer.inDialog("ACK", ok, 1, sipSwitch.udpPort()), sipSwitch.udpPort());
        small.receive("ACK");

        // Its one channel is taken: the next call is refused by its limiter, goes to the backup,
        // and the engine learns it is full, so it stops offering it first.
        customer.send(customer.invite("442079460021", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        assertThat(backup.receive("INVITE")).contains("442079460021");
        awaitExclusion("vendor-small", ExclusionReason.AT_CAPACITY);

        customer.send(customer.inDialog("BYE", ok, 2, sipSwitch.udpPort()), sipSwitch.udpPort());
        small.reply(small.response(small.receive("BYE"), 200, "OK", null, null, null));
        awaitExclusion("vendor-small", null);
    }

    @Test
    void shouldRelayReInviteAndItsAckWithinTheCall() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        customer.send(customer.invite("442079460014", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        final String invite = vendor.receive("INVITE");
        vendor.reply(vendor.response(invite, 200, "OK", "v14", null, TestCarrier.sdp("127.0.0.1")));
        final String ok = customer.receive("SIP/2.0 200");
        customer.send(customer.inDialog("ACK", ok, 1, sipSwitch.udpPort()), sipSwitch.udpPort());
        vendor.receive("ACK");

        customer.send(customer.inDialog("INVITE", ok, 2, sipSwitch.udpPort()), sipSwitch.udpPort());
        final String reInvite = vendor.receive("INVITE");
        assertThat(header(reInvite, "Call-ID", "i")).isEqualTo(header(invite, "Call-ID", "i"));
        assertThat(header(reInvite, "CSeq", null)).isEqualTo("2 INVITE");
        assertThat(header(reInvite, "To", "t")).contains("tag=v14");
        vendor.reply(vendor.response(reInvite, 200, "OK", null, null, TestCarrier.sdp("127.0.0.1")));
        final String reOk = customer.receive("SIP/2.0 200");
        assertThat(header(reOk, "CSeq", null)).isEqualTo("2 INVITE");
        customer.send(customer.inDialog("ACK", ok, 2, sipSwitch.udpPort()), sipSwitch.udpPort());
        final String reAck = vendor.receive("ACK");
        assertThat(header(reAck, "CSeq", null)).isEqualTo("2 ACK");

        vendor.send(vendor.calleeRequest("UPDATE", invite, "v14", 1), sipSwitch.udpPort());
        final String update = customer.receive("UPDATE");
        customer.reply(customer.response(update, 200, "OK", null, null, null));
        assertThat(header(vendor.receive("SIP/2.0 200"), "CSeq", null)).isEqualTo("1 UPDATE");
    }

    @Test
    void shouldAcknowledgeRetransmitted2xxAgainAfterTheCustomerAck() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        customer.send(customer.invite("442079460015", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        final String invite = vendor.receive("INVITE");
        final String answer = vendor.response(invite, 200, "OK", "v15", null, TestCarrier.sdp("127.0.0.1"));
        vendor.reply(answer);
        final String ok = customer.receive("SIP/2.0 200");
        customer.send(customer.inDialog("ACK", ok, 1, sipSwitch.udpPort()), sipSwitch.udpPort());
        final String ack = vendor.receive("ACK");

        vendor.reply(answer);

        assertThat(vendor.receive("ACK")).isEqualTo(ack);
        assertThat(customer.drain(300)).noneMatch(message -> message.startsWith("SIP/2.0 200"));
    }

    @Test
    void shouldTreatRequestsWithCallIdOfACallButNotItsDialogAsOutsideIt() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", vendor, Transport.UDP)), 10, 2_000);
        final String callId = customer.nextCallId();
        customer.send(customer.invite("442079460016", sipSwitch.udpPort(), callId), sipSwitch.udpPort());
        final String invite = vendor.receive("INVITE");
        vendor.reply(vendor.response(invite, 200, "OK", "v16", null, TestCarrier.sdp("127.0.0.1")));
        final String ok = customer.receive("SIP/2.0 200");

        customer.send(customer.inDialog("BYE", ok, 2, sipSwitch.udpPort())
            .replaceFirst("(?m)^(To: .*;tag=)[0-9a-f]+", "$1not-our-tag"), sipSwitch.udpPort());
        final String strangerBye = customer.receive("SIP/2.0");
        customer.send(customer.inDialog("REGISTER", ok, 3, sipSwitch.udpPort())
            .replaceFirst("(?m)^(To: .*);tag=[0-9a-f]+", "$1"), sipSwitch.udpPort());
        final String register = customer.receive("SIP/2.0");

        assertThat(status(strangerBye)).isEqualTo(481);
        assertThat(status(register)).isEqualTo(405);
        assertThat(vendor.drain(200)).noneMatch(message -> message.startsWith("BYE"));
    }

    @Test
    void shouldAnswer503WhenEveryRoutedVendorIsAtItsLimit() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier vendor = udpCarrier("127.0.0.1");
        final VendorTrunk single = new VendorTrunk("vendor-single", "127.0.0.1", vendor.port(), Transport.UDP, 100, 1,
            ProbePolicy.DISABLED);
        final SipSwitch sipSwitch = start(List.of(single), 10, 2_000);
        customer.send(customer.invite("442079460017", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        final String first = vendor.receive("INVITE");
        vendor.reply(vendor.response(first, 180, "Ringing", "x17", null, null));
        customer.receive("SIP/2.0 180");

        customer.send(customer.invite("442079460018", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());

        final String refused = customer.receive("SIP/2.0 503");
        assertThat(header(refused, "Retry-After", null)).isNotBlank();
        assertThat(vendor.drain(200)).noneMatch(message -> message.contains("442079460018"));
        assertThat(counter("softswitch.calls.rejected", "reason", "no_vendor")).isEqualTo(1);
    }

    @Test
    void shouldStopHuntingAfterMaxAttempts() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final List<TestCarrier> carriers = new ArrayList<>();
        final List<VendorTrunk> vendors = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final TestCarrier carrier = udpCarrier("127.0.0.1");
            carriers.add(carrier);
            vendors.add(vendor("vendor-" + i, carrier, Transport.UDP));
        }
        final CustomerTrunk trunk = new CustomerTrunk("customer-a", List.of(AddressRange.parse("127.0.0.1/32")), "",
            NumberRules.NONE, 1_000, 10, new FailoverPolicy(codes(503), codes(), 2_000, 2));
        final LcrEngine engine =
            TestRoutes.engine(List.of(trunk.name()), "", vendors.stream().map(VendorTrunk::name).toList());
        closeables.add(engine);
        final SipSwitch sipSwitch = SipSwitch.start(new SwitchConfig(new SipListen("127.0.0.1", 0, -1, "127.0.0.1"),
            SipLimits.DEFAULT, new SipTimers(100, 400, 500), List.of(trunk), vendors), engine, registry);
        closeables.add(sipSwitch);
        customer.send(customer.invite("442079460019", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());

        for (int i = 0; i < 2; i++)
        {
            final String invite = carriers.get(i).receive("INVITE");
            carriers.get(i).reply(carriers.get(i).response(invite, 503, "Service Unavailable", "m" + i, null, null));
        }

        assertThat(status(customer.receive("SIP/2.0 5"))).isEqualTo(503);
        assertThat(carriers.get(2).drain(300)).isEmpty();
        assertThat(sipSwitch.tcpPort()).isEqualTo(-1);
    }

    @Test
    void shouldAcknowledgeAndHangUpLateAnswerFromAbandonedVendor() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier slow = udpCarrier("127.0.0.1");
        final TestCarrier second = udpCarrier("127.0.0.1");
        final SipSwitch sipSwitch = start(List.of(vendor("vendor-1", slow, Transport.UDP),
            vendor("vendor-2", second, Transport.UDP)), 10, 300);
        customer.send(customer.invite("442079460020", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());
        final String invite = slow.receive("INVITE");
        final String rerouted = second.receive("INVITE");

        slow.reply(slow.response(invite, 200, "OK", "late", null, TestCarrier.sdp("127.0.0.1")));

        assertThat(header(slow.receive("ACK"), "To", "t")).contains("tag=late");
        final String bye = slow.receive("BYE");
        assertThat(header(bye, "Call-ID", "i")).isEqualTo(header(invite, "Call-ID", "i"));
        slow.reply(slow.response(bye, 200, "OK", null, null, null));
        assertThat(customer.drain(200)).noneMatch(message -> message.startsWith("SIP/2.0 200"));
        second.reply(second.response(rerouted, 200, "OK", "on-time", null, TestCarrier.sdp("127.0.0.1")));
        assertThat(customer.receive("SIP/2.0 200")).isNotNull();
        assertThat(slow.drain(500)).noneMatch(message -> message.startsWith("BYE"));
    }

    @Test
    void shouldMarkTcpVendorDownWhenItRefusesConnectionsAndSkipIt() throws Exception
    {
        final TestCarrier customer = udpCarrier("127.0.0.1");
        final TestCarrier backup = udpCarrier("127.0.0.1");
        final int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            closedPort = probe.getLocalPort();
        }
        final VendorTrunk refusing = new VendorTrunk("vendor-refusing", "127.0.0.1", closedPort, Transport.TCP, 100, 100,
            new ProbePolicy(true, 200, 2, 1));
        final SipSwitch sipSwitch = start(List.of(refusing, vendor("vendor-backup", backup, Transport.UDP)), 10, 2_000);

        awaitVendorUp("vendor-refusing", 0);
        customer.send(customer.invite("442079460021", sipSwitch.udpPort(), customer.nextCallId()), sipSwitch.udpPort());

        assertThat(backup.receive("INVITE")).contains("442079460021");
    }

    static BitSet codes(final int... values)
    {
        final BitSet set = new BitSet(700);
        for (final int value : values)
        {
            set.set(value);
        }
        return set;
    }
}
