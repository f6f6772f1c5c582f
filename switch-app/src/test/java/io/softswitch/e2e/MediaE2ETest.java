package io.softswitch.e2e;

import io.micrometer.core.instrument.Counter;
import io.softswitch.rtp.RelayConfig;
import io.softswitch.rtp.control.MediaControlClient;
import io.softswitch.rtp.control.MediaService;
import io.softswitch.signaling.SwitchHooks;
import io.softswitch.signaling.call.CallEndListener;
import io.softswitch.signaling.call.EndReason;
import io.softswitch.signaling.media.MediaPlane;
import io.softswitch.signaling.media.MediaPlane.TrunkMedia;
import io.softswitch.signaling.sdp.CodecPolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.customer;
import static io.softswitch.e2e.SwitchConfigs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Media anchored through the relay, end to end with SIPp on loopback: the customer's SIPp
 * announces its media on 127.0.0.3, the vendor's on 127.0.0.4, the relay listens on 127.0.0.1;
 * so an address in an SDP says whose it is.
 */
@Tag("e2e")
@Timeout(120)
class MediaE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final String CUSTOMER_MEDIA = "127.0.0.3";
    private static final String VENDOR_MEDIA = "127.0.0.4";
    private static final String RELAY_CONNECTION = "c=IN IP4 127.0.0.1";
    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    @RegisterExtension
    final LoopbackCarriers carriers = new LoopbackCarriers();

    private MediaService relay;
    private final List<MediaControlClient> clients = new CopyOnWriteArrayList<>();
    private int minPort;
    /** What the call end listener saw: end reason, then packets, lost and MOS x 100 of each leg. */
    private final List<Object[]> ended = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopRelay()
    {
        if (relay != null)
        {
            relay.close();
        }
    }

    private VendorTrunk startSwitch(final RelayConfig config, final TrunkMedia customerMedia, final SippProcess vendor)
    {
        return startSwitch(config, customerMedia, Map.of(), vendor);
    }

    private MediaControlClient track(final MediaControlClient client)
    {
        clients.add(client);
        return client;
    }

    private VendorTrunk startSwitch(final RelayConfig config, final TrunkMedia customerMedia,
        final Map<String, TrunkMedia> trunks, final SippProcess vendor)
    {
        relay = MediaService.launch(config, MediaService.IPC);
        final MediaPlane plane = new MediaPlane(loop -> track(relay.newLocalClient(1 + loop)), customerMedia, trunks);
        final VendorTrunk trunk = vendor("vendor-1", vendor.localPort(), Transport.UDP);
        final CallEndListener listener = call -> ended.add(new Object[] {call.endReason(), call.mediaPackets(0),
            call.mediaPackets(1), call.mediaLost(0), call.mediaMosX100(0), call.mediaMosX100(1)});
        carriers.startSwitch(SwitchHooks.none().withMedia(plane).withCallEndListener(listener),
            SwitchConfigs.inOrder(customer(LOOPBACK + "/32", 10),
            List.of(trunk)), customer(LOOPBACK + "/32", 10), trunk);
        awaitRelay();
        return trunk;
    }

    private RelayConfig config(final int pairs, final long mediaTimeoutMs, final long oneWayMs)
    {
        minPort = 40_000 + 2 * ThreadLocalRandom.current().nextInt(5_000);
        return RelayConfig.defaults().withPorts(minPort, minPort + 2 * pairs - 1)
            .withTimeouts(100, mediaTimeoutMs, Math.max(mediaTimeoutMs, 600_000), oneWayMs, 2_000)
            .withSizes(1, 64, 0);
    }

    /** The first call waits till every loop of the switch has heard the relay (HELLO, heartbeat). */
    private void awaitRelay()
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        try
        {
            Thread.sleep(300);
            while (!clients.stream().allMatch(MediaControlClient::isRelayAlive) && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        assertThat(clients).isNotEmpty().allMatch(MediaControlClient::isRelayAlive);
    }

    private double meter(final String name, final String trunk, final String tagKey, final String tagValue)
    {
        final Counter counter = carriers.registry().find(name).tag("trunk", trunk).tag(tagKey, tagValue).counter();
        return counter == null ? 0 : counter.count();
    }

    private static int audioPort(final String message)
    {
        final Matcher matcher = AUDIO_PORT.matcher(message);
        assertThat(matcher.find()).as("m=audio in %s", message).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String sdpOf(final List<String> messages, final String start)
    {
        return messages.stream().filter(message -> message.startsWith(start) && message.contains("m=audio"))
            .findFirst().orElseThrow(() -> new AssertionError("no " + start + " with SDP in " + messages));
    }

    /** The vendor's SIPp, announcing its media on {@link #VENDOR_MEDIA}. */
    private SippProcess startVendor(final SippProcess.Options uas)
    {
        return carriers.start(uas.mediaHost(VENDOR_MEDIA), "vendor");
    }

    /** A customer call over UDP whose SIPp announces its media on {@link #CUSTOMER_MEDIA}. */
    private SippProcess.Options customerCall(final String scenario)
    {
        return carriers.customer(scenario, Transport.UDP).mediaHost(CUSTOMER_MEDIA);
    }

    private double packets(final String trunk, final String direction)
    {
        return meter("softswitch.media.packets", trunk, "direction", direction);
    }

    /** The final report reaches the meters once the relay has let go of the call. */
    private void awaitFinalReport() throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (packets("customer-a", "to_trunk") == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(20);
        }
    }

    /** Each leg's SDP names the relay and nothing of the other carrier's media. */
    private static void assertOnlyRelayIn(final String towardsVendor, final String towardsCustomer)
    {
        assertThat(towardsVendor).doesNotContain(CUSTOMER_MEDIA).contains(RELAY_CONNECTION);
        assertThat(towardsCustomer).doesNotContain(VENDOR_MEDIA).contains(RELAY_CONNECTION);
    }

    /** Each leg is given a port pair of its own from the relay's range. */
    private void assertOwnRelayPorts(final String towardsVendor, final String towardsCustomer)
    {
        final int vendorFacing = audioPort(towardsVendor);
        assertThat(vendorFacing).isBetween(minPort, minPort + 31);
        assertThat(audioPort(towardsCustomer)).isBetween(minPort, minPort + 31).isNotEqualTo(vendorFacing);
    }

    /** The call completed on both SIPps, each hearing the switch's BYE. */
    private static void assertByeToBothSides(final SippProcess customer, final SippProcess vendor)
    {
        assertThat(customer.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(vendor.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(customer.receivedRequests("BYE")).hasSize(1);
        assertThat(vendor.receivedRequests("BYE")).hasSize(1);
    }

    /**
     * One call of 3 s: a vendor SIPp echoing RTP, the customer's SIPp playing the G.711 pcap, both
     * done.
     *
     * @return the customer's SIPp, then the vendor's.
     */
    private SippProcess[] echoedCall(final String uasScenario, final String uacScenario)
    {
        final SippProcess vendor = startVendor(SippProcess.uas(uasScenario).rtpEcho());
        startSwitch(config(16, 60_000, 0), TrunkMedia.ANCHOR, vendor);
        final SippProcess customer = carriers.start(customerCall(uacScenario).holdMs(3_000), "customer");
        assertThat(customer.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        vendor.awaitSuccess(DEADLINE);
        return new SippProcess[] {customer, vendor};
    }

    /**
     * The customer's audio and the vendor's echo crossed the relay (the final report's meters),
     * and the call's record carries both legs' packets as the relay last reported them (at most
     * 2 s old).
     */
    private void assertAudioBothWaysInMetersAndRecord() throws InterruptedException
    {
        awaitFinalReport();
        assertThat(packets("customer-a", "from_trunk")).as("RTP from the customer through the relay").isGreaterThan(50);
        assertThat(packets("customer-a", "to_trunk")).as("the vendor's echo back through the relay").isGreaterThan(50);
        assertThat(ended).singleElement().satisfies(record ->
        {
            assertThat(record[0]).isEqualTo(EndReason.CUSTOMER_BYE);
            assertThat((long)record[1]).as("packets from the customer").isGreaterThan(0);
            assertThat((long)record[2]).as("packets from the vendor").isGreaterThan(0);
        });
    }

    /** The loop hands the ended call to the listener after the last response went out: wait for it. */
    private void assertOneCallEndedBy(final EndReason reason)
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (ended.isEmpty() && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(20_000_000L);
        }
        assertThat(ended).singleElement().satisfies(record -> assertThat(record[0]).isEqualTo(reason));
    }

    @Test
    void shouldCarryAudioBothWaysThroughTheRelayWithOnlyItsAddressInEachSdp() throws Exception
    {
        final SippProcess[] sides = echoedCall("uas-answer.xml", "uac-pcap.xml");
        final SippProcess customer = sides[0];
        final SippProcess vendor = sides[1];

        final String invite = sdpOf(vendor.receivedMessages(), "INVITE");
        final String answer = sdpOf(customer.receivedMessages(), "SIP/2.0 200");
        assertOnlyRelayIn(invite, answer);
        assertOwnRelayPorts(invite, answer);

        assertAudioBothWaysInMetersAndRecord();
        assertThat(packets("vendor-1", "from_trunk")).isEqualTo(packets("customer-a", "to_trunk"));
        final Object[] record = ended.getFirst();
        assertThat((long)record[3]).as("lost on loopback").isZero();
        assertThat((int)record[4]).as("MOS x 100 of a clean G.711 stream").isBetween(430, 450);
        assertThat((int)record[5]).isBetween(430, 450);
    }

    @Test
    void shouldAnchorALateOfferMadeInTheVendorsAnswerAndAnsweredInTheCustomersAck() throws Exception
    {
        final SippProcess[] sides = echoedCall("uas-offer.xml", "uac-late-offer.xml");
        final SippProcess customer = sides[0];
        final SippProcess vendor = sides[1];

        assertThat(vendor.receivedRequests("INVITE")).singleElement()
            .satisfies(invite -> assertThat(invite).doesNotContain("m=audio"));
        final String offer = sdpOf(customer.receivedMessages(), "SIP/2.0 200");
        final String answer = sdpOf(vendor.receivedMessages(), "ACK");
        assertOnlyRelayIn(answer, offer);
        assertOwnRelayPorts(answer, offer);

        assertAudioBothWaysInMetersAndRecord();
    }

    @Test
    void shouldEndASilentCallByMediaTimeoutWithByeToBothSides()
    {
        assertCallEndedByTheRelay(config(16, 2_000, 0), "uac-bye-from-vendor.xml", EndReason.MEDIA_TIMEOUT,
            "media_timeout");
    }

    @Test
    void shouldEndACallWhoseVendorNeverSpeaksAsOneWayAudio()
    {
        assertCallEndedByTheRelay(config(16, 60_000, 2_000), "uac-pcap-await-bye.xml", EndReason.ONE_WAY_AUDIO,
            "one_way_audio");
    }

    /**
     * One short call from a customer trunk that bypasses, to a vendor trunk with the media setting
     * given, completed.
     *
     * @return the customer's SIPp, then the vendor's.
     */
    private SippProcess[] bypassingCustomersCall(final TrunkMedia vendorMedia)
    {
        final SippProcess vendor = startVendor(SippProcess.uas("uas-answer.xml"));
        startSwitch(config(16, 60_000, 0), TrunkMedia.BYPASS, Map.of("vendor-1", vendorMedia), vendor);
        final SippProcess customer = carriers.start(customerCall("uac-basic.xml").holdMs(200), "customer");
        assertThat(customer.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        return new SippProcess[] {customer, vendor};
    }

    /**
     * A call to a vendor that sends no RTP, with the customer's scenario given: the relay's event
     * ends it with BYE to both sides, counted on both trunks under the reason.
     */
    private void assertCallEndedByTheRelay(final RelayConfig config, final String uacScenario, final EndReason reason,
        final String reasonTag)
    {
        final SippProcess vendor = startVendor(SippProcess.uas("uas-answer.xml"));
        startSwitch(config, TrunkMedia.ANCHOR, vendor);
        final SippProcess customer = carriers.start(customerCall(uacScenario), "customer");

        assertByeToBothSides(customer, vendor);
        assertThat(meter("softswitch.media.ended", "customer-a", "reason", reasonTag)).isEqualTo(1);
        assertThat(meter("softswitch.media.ended", "vendor-1", "reason", reasonTag)).isEqualTo(1);
        assertOneCallEndedBy(reason);
    }

    @Test
    void shouldRelayNothingSprayedAtTheCallsPortsFromAnotherHost() throws Exception
    {
        final SippProcess vendor = startVendor(SippProcess.uas("uas-answer.xml").rtpEcho());
        startSwitch(config(16, 60_000, 0), TrunkMedia.ANCHOR, vendor);
        final SippProcess customer = carriers.start(customerCall("uac-pcap.xml").holdMs(4_000), "customer");

        vendor.awaitReceived("ACK", DEADLINE);
        final int vendorFacing = audioPort(sdpOf(vendor.receivedMessages(), "INVITE"));
        final int customerFacing = audioPort(sdpOf(customer.receivedMessages(), "SIP/2.0 200"));
        final int sprayed = 20;
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0)))
        {
            final byte[] rtp = new byte[172];
            rtp[0] = (byte)0x80;
            rtp[1] = 8;
            for (int i = 0; i < sprayed / 2; i++)
            {
                attacker.send(new DatagramPacket(rtp, rtp.length, InetAddress.getLoopbackAddress(), vendorFacing));
                attacker.send(new DatagramPacket(rtp, rtp.length, InetAddress.getLoopbackAddress(), customerFacing));
                Thread.sleep(20);
            }
        }
        assertThat(customer.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (meter0("softswitch.media.sprayed", "customer-a") + meter0("softswitch.media.sprayed", "vendor-1") < sprayed
            && System.nanoTime() < deadline)
        {
            Thread.sleep(20);
        }
        assertThat(meter0("softswitch.media.sprayed", "customer-a")).isEqualTo(sprayed / 2.0);
        assertThat(meter0("softswitch.media.sprayed", "vendor-1")).isEqualTo(sprayed / 2.0);
        // What crossed is the customer's recording and its echo, each way: the same count.
        assertThat(packets("customer-a", "to_trunk")).isEqualTo(packets("vendor-1", "from_trunk"));
    }

    private double meter0(final String name, final String trunk)
    {
        final Counter counter = carriers.registry().find(name).tag("trunk", trunk).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldAnswer488ToAnOfferWithOnlyACodecTheTrunkForbids()
    {
        final SippProcess vendor = startVendor(SippProcess.uas("uas-answer.xml"));
        startSwitch(config(16, 60_000, 0), new TrunkMedia(true, new CodecPolicy(List.of("PCMA", "G729"))), vendor);
        final SippProcess customer = carriers.start(customerCall("uac-488.xml"), "customer");

        assertThat(customer.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(vendor.receivedRequests("INVITE")).isEmpty();
        assertThat(meter("softswitch.media.refused", "customer-a", "reason", "codec_mismatch")).isEqualTo(1);
    }

    @Test
    void shouldAnswer488WhenTheVendorTrunkAllowsNoCodecOfTheOfferAndCountItOnBothTrunks()
    {
        final SippProcess vendor = startVendor(SippProcess.uas("uas-answer.xml"));
        startSwitch(config(16, 60_000, 0), TrunkMedia.ANCHOR,
            Map.of("vendor-1", new TrunkMedia(true, new CodecPolicy(List.of("PCMA", "G729")))), vendor);
        final SippProcess customer = carriers.start(customerCall("uac-488.xml"), "customer");

        assertThat(customer.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(vendor.receivedRequests("INVITE")).isEmpty();
        assertThat(meter("softswitch.media.refused", "vendor-1", "reason", "codec_mismatch")).isEqualTo(1);
        assertThat(meter("softswitch.media.refused", "customer-a", "reason", "codec_mismatch")).isEqualTo(1);
        assertOneCallEndedBy(EndReason.CODEC_MISMATCH);
    }

    @Test
    void shouldOfferTheCustomerOnlyCodecsTheVendorTrunkAllowsInALateOffer()
    {
        final SippProcess vendor = startVendor(SippProcess.uas("uas-offer.xml"));
        startSwitch(config(16, 60_000, 0), TrunkMedia.ANCHOR,
            Map.of("vendor-1", new TrunkMedia(true, new CodecPolicy(List.of("PCMA", "G729")))), vendor);
        final SippProcess customer = carriers.start(customerCall("uac-late-offer.xml").holdMs(200), "customer");

        assertThat(customer.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        final String offer = sdpOf(customer.receivedMessages(), "SIP/2.0 200");
        assertThat(offer).contains("RTP/AVP 8 101\r\n").doesNotContain("PCMU").contains(RELAY_CONNECTION);
    }

    @Test
    void shouldPassSdpUntouchedOnlyWhenBothTrunksBypass()
    {
        final SippProcess[] sides = bypassingCustomersCall(TrunkMedia.BYPASS);
        final SippProcess customer = sides[0];
        final SippProcess vendor = sides[1];

        assertThat(sdpOf(vendor.receivedMessages(), "INVITE")).contains("c=IN IP4 " + CUSTOMER_MEDIA);
        assertThat(sdpOf(customer.receivedMessages(), "SIP/2.0 200")).contains("c=IN IP4 " + VENDOR_MEDIA);
        assertThat(meter0("softswitch.media.anchored", "customer-a")).isZero();
    }

    @Test
    void shouldAnchorABypassingCustomersCallToAVendorTrunkThatAnchors()
    {
        final SippProcess[] sides = bypassingCustomersCall(TrunkMedia.ANCHOR);
        final SippProcess customer = sides[0];
        final SippProcess vendor = sides[1];

        final String invite = sdpOf(vendor.receivedMessages(), "INVITE");
        final String answer = sdpOf(customer.receivedMessages(), "SIP/2.0 200");
        assertOnlyRelayIn(invite, answer);
        assertThat(meter0("softswitch.media.anchored", "customer-a")).isEqualTo(1);
    }

    @Test
    void shouldRefuseWith503AfterTheLastPortPairAndServeAgainOnceTheCallEnded()
    {
        final SippProcess vendor = startVendor(SippProcess.uas("uas-answer.xml").calls(2));
        // Two pairs: one call (a pair per side).
        startSwitch(config(2, 60_000, 0), TrunkMedia.ANCHOR, vendor);
        final SippProcess first = carriers.start(customerCall("uac-basic.xml").holdMs(3_000), "first");
        vendor.awaitReceived("ACK", DEADLINE);

        final SippProcess refused = carriers.start(customerCall("uac-503.xml"), "refused");
        assertThat(refused.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(first.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(meter("softswitch.media.refused", "customer-a", "reason", "no_ports")).isEqualTo(1);

        // Past the 100 ms quarantine the range is whole again.
        awaitRelay();
        final SippProcess again = carriers.start(customerCall("uac-basic.xml").holdMs(200), "again");
        assertThat(again.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(vendor.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(2);
    }
}
