package io.softswitch.rtp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static io.softswitch.rtp.RelayLoopback.rtp;
import static io.softswitch.rtp.RelayLoopback.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay with real UDP on loopback: relay threads' duty cycles run on the test thread, on a
 * manual clock. Each test opens one relay and two endpoints, a (side 0, the offerer) and b.
 */
@ParameterizedClass
@EnumSource(MediaIo.class)
class MediaRelayTest
{
    @Parameter
    MediaIo io;

    private static final long CALL = 42;

    private RelayLoopback loop;
    private DatagramSocket a;
    private DatagramSocket b;

    private void open(final RelayLoopback relayLoop) throws IOException
    {
        this.loop = relayLoop;
        this.a = relayLoop.endpoint();
        this.b = relayLoop.endpoint();
    }

    @AfterEach
    void close()
    {
        if (loop != null)
        {
            loop.close();
        }
    }

    @Test
    void shouldRelayRtpBothWaysThroughTheAnchoredPortsOnly() throws Exception
    {
        open(RelayLoopback.standard(io));
        final AnchorRequest offer = loop.side(CALL, 0, a, false);
        assertThat(loop.relay.anchor(offer)).isEqualTo(AnchorStatus.OK);
        final int towardsA = offer.localPort(0);
        final int towardsB = offer.localPort(1);
        assertThat(towardsA).isEven().isNotEqualTo(towardsB);
        assertThat(towardsB).isEven();
        assertThat(loop.relay.anchor(loop.side(CALL, 1, b, false))).isEqualTo(AnchorStatus.OK);

        send(a, rtp(1, 160, 0xA), towardsA);
        final DatagramPacket atB = loop.await(b);
        assertThat(atB).isNotNull();
        assertThat(atB.getLength()).isEqualTo(172);
        assertThat(atB.getPort()).isEqualTo(towardsB);
        assertThat(atB.getData()[3]).isEqualTo((byte)1);

        send(b, rtp(7, 320, 0xB), towardsB);
        final DatagramPacket atA = loop.await(a);
        assertThat(atA).isNotNull();
        assertThat(atA.getPort()).isEqualTo(towardsA);

        assertThat(loop.relay.delete(CALL)).isTrue();
        loop.cycle();
        assertThat(loop.reports).hasSize(1);
        final long[] report = loop.reports.getFirst();
        assertThat(new long[] {report[1], report[2], report[3]}).as("kind, packets each way")
            .containsExactly(StreamReport.KIND_FINAL, 1, 1);
    }

    @Test
    void shouldRelayNothingSprayedFromAnotherHostAndCountIt() throws Exception
    {
        open(RelayLoopback.standard(io));
        final DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        final AnchorRequest offer = loop.anchorCall(CALL, a, b);
        try (attacker)
        {
            // Before either side sent anything (RTP Bleed) and after (RTP Inject): nothing passes.
            send(attacker, rtp(1, 0, 0xBAD), offer.localPort(0));
            send(attacker, rtp(1, 0, 0xBAD), offer.localPort(1));
            assertThat(loop.receivesNothing(a)).isTrue();
            assertThat(loop.receivesNothing(b)).isTrue();
            assertThat(loop.relayed(a, rtp(1, 160, 0xA), offer.localPort(0), b)).isTrue();
            assertThat(loop.relayedNothing(attacker, rtp(2, 0, 0xBAD), offer.localPort(0), b)).isTrue();
        }
        loop.relay.query(CALL, 0, 77);
        loop.cycle();
        final long[] report = loop.reports.getFirst();
        assertThat(new long[] {report[1], report[2], report[4], report[5]}).as("kind, relayed, sprayed each way")
            .containsExactly(StreamReport.KIND_QUERY, 1, 2, 1);
    }

    @Test
    void shouldPreferTheAnnouncedSourceOverOneLearntFirstThenHoldToIt() throws Exception
    {
        open(RelayLoopback.standard(io));
        final DatagramSocket natted = loop.endpoint();
        final AnchorRequest offer = loop.anchorCall(CALL, a, b);

        // a is the announced source. Same host, other port: learnt for now, and B's packets go back to it (symmetric RTP).
        assertThat(loop.relayed(natted, rtp(1, 160, 0xA), offer.localPort(0), b)).isTrue();
        assertThat(loop.relayed(b, rtp(1, 160, 0xB), offer.localPort(1), natted)).isTrue();

        // The announced source (a) shows up within the learning window: it wins, for good.
        assertThat(loop.relayed(a, rtp(2, 320, 0xA), offer.localPort(0), b)).isTrue();
        assertThat(loop.relayedNothing(natted, rtp(3, 480, 0xA), offer.localPort(0), b)).isTrue();
        assertThat(loop.relayed(b, rtp(2, 320, 0xB), offer.localPort(1), a)).isTrue();
    }

    @Test
    void shouldHoldToTheLearntSourceOnceTheLearningWindowIsOver() throws Exception
    {
        open(RelayLoopback.standard(io));
        final DatagramSocket natted = loop.endpoint();
        final AnchorRequest offer = loop.anchorCall(CALL, a, b);
        assertThat(loop.relayed(natted, rtp(1, 160, 0xA), offer.localPort(0), b)).isTrue();
        loop.advanceMs(2_001);
        assertThat(loop.relayed(natted, rtp(2, 320, 0xA), offer.localPort(0), b)).isTrue();
        assertThat(loop.relayedNothing(a, rtp(3, 480, 0xA), offer.localPort(0), b)).isTrue();
    }

    @Test
    void shouldLearnAgainOnlyWhenSignallingMovesTheSide() throws Exception
    {
        open(new RelayLoopback(RelayLoopback.config(8, 4_000, 60_000, 600_000, 0, 0).withIo(io)));
        final DatagramSocket movedB = loop.endpoint();
        final AnchorRequest offer = loop.anchorCall(CALL, a, b);
        assertThat(loop.relayed(b, rtp(1, 160, 0xB), offer.localPort(1), a)).isTrue();
        assertThat(loop.relayedNothing(movedB, rtp(2, 320, 0xB), offer.localPort(1), a)).isTrue();

        // The same answer again changes nothing; a re-INVITE to the new port does.
        loop.relay.anchor(loop.side(CALL, 1, b, false));
        assertThat(loop.relayedNothing(movedB, rtp(3, 480, 0xB), offer.localPort(1), a)).isTrue();
        loop.relay.anchor(loop.side(CALL, 1, movedB, false));
        assertThat(loop.relayed(a, rtp(1, 160, 0xA), offer.localPort(0), movedB)).isTrue();
        assertThat(loop.relayed(movedB, rtp(4, 640, 0xB), offer.localPort(1), a)).isTrue();
    }

    @Test
    void shouldRelayRtcpBetweenOddPortsAndTakeTheReceiverReports() throws Exception
    {
        open(RelayLoopback.standard(io));
        final DatagramSocket aRtcp = new DatagramSocket(new InetSocketAddress(RelayLoopback.LOOPBACK, 0));
        final DatagramSocket bRtcp = new DatagramSocket(new InetSocketAddress(RelayLoopback.LOOPBACK, 0));
        bRtcp.setSoTimeout(2);
        try (aRtcp; bRtcp)
        {
            final AnchorRequest offer = new AnchorRequest().stream(CALL, 0, 0)
                .media(RelayLoopback.LOOPBACK, a.getLocalPort(), aRtcp.getLocalPort(), false);
            loop.relay.anchor(offer);
            loop.relay.anchor(new AnchorRequest().stream(CALL, 0, 1)
                .media(RelayLoopback.LOOPBACK, b.getLocalPort(), bRtcp.getLocalPort(), false));
            send(aRtcp, RelayLoopback.receiverReport(64, 160), offer.localPort(0) + 1);
            final DatagramPacket atB = loop.await(bRtcp);
            assertThat(atB).isNotNull();
            assertThat(atB.getPort()).isEqualTo(offer.localPort(1) + 1);
            assertThat(loop.receivesNothing(b)).isTrue();
            loop.relay.delete(CALL);
            loop.cycle();
            // A reports on what it receives: the direction from side 1 to side 0.
            assertThat(loop.reports.getFirst()[8]).isEqualTo(64);
            assertThat(loop.reports.getFirst()[9]).isEqualTo(-1);
        }
    }

    @Test
    void shouldSendRtcpFromAMuxedSideToTheOddPortOfAnUnmuxedSide() throws Exception
    {
        open(RelayLoopback.standard(io));
        final DatagramSocket bRtcp = new DatagramSocket(new InetSocketAddress(RelayLoopback.LOOPBACK, 0));
        bRtcp.setSoTimeout(2);
        try (bRtcp)
        {
            final AnchorRequest offer = loop.side(CALL, 0, a, true);
            loop.relay.anchor(offer);
            loop.relay.anchor(new AnchorRequest().stream(CALL, 0, 1)
                .media(RelayLoopback.LOOPBACK, b.getLocalPort(), bRtcp.getLocalPort(), false));
            assertThat(loop.relayed(a, RelayLoopback.receiverReport(0, 0), offer.localPort(0), bRtcp)).isTrue();
            assertThat(loop.relayed(a, rtp(1, 160, 0xA), offer.localPort(0), b)).isTrue();
            // And B's RTCP reaches A on A's one port.
            send(bRtcp, RelayLoopback.receiverReport(0, 0), offer.localPort(1) + 1);
            final DatagramPacket atA = loop.await(a);
            assertThat(atA).isNotNull();
            assertThat(atA.getData()[1] & 0xFF).isEqualTo(201);
        }
    }

    @Test
    void shouldRelayT38DatagramsThatAreNotRtpAsTheyAre() throws Exception
    {
        open(RelayLoopback.standard(io));
        final AnchorRequest offer = loop.side(CALL, 0, a, false).codec(MediaDirection.SENDRECV, AnchorRequest.NOT_RTP, 8000);
        loop.relay.anchor(offer);
        loop.relay.anchor(loop.side(CALL, 1, b, false).codec(MediaDirection.SENDRECV, AnchorRequest.NOT_RTP, 8000));
        // A UDPTL packet: sequence number then an IFP, no RTP version bits.
        final byte[] udptl = {0x00, 0x01, 0x05, 0x06, 0x00, 0x00, 0x00};
        send(a, udptl, offer.localPort(0));
        final DatagramPacket atB = loop.await(b);
        assertThat(atB).isNotNull();
        assertThat(atB.getLength()).isEqualTo(udptl.length);
        assertThat(atB.getData()[2]).isEqualTo((byte)0x05);
    }

    @Test
    void shouldRaiseMediaTimeoutOnceWhenNeitherSideSendsAfterTheAnswer() throws Exception
    {
        open(RelayLoopback.standard(io));
        loop.relay.anchor(loop.side(CALL, 0, a, false));
        loop.cycleAfterMs(120_000);
        assertThat(loop.events).as("no answer yet: not armed").isEmpty();
        loop.relay.anchor(loop.side(CALL, 1, b, false));
        loop.cycle();
        loop.cycleAfterMs(59_000);
        assertThat(loop.events).isEmpty();
        loop.cycleAfterMs(1_000);
        assertThat(loop.events).hasSize(1);
        assertThat(loop.events.getFirst()).containsExactly(CALL, 0, MediaEventType.MEDIA_TIMEOUT, -1);
        loop.cycleAfterMs(60_000);
        assertThat(loop.events).hasSize(1);
    }

    @Test
    void shouldWaitForTheLongerHoldTimeoutWhileOnHold() throws Exception
    {
        open(RelayLoopback.standard(io));
        loop.anchorCall(CALL, a, b);
        loop.relay.anchor(loop.side(CALL, 0, a, false).codec(MediaDirection.SENDONLY, 0, 8000));
        loop.cycle();
        loop.cycleAfterMs(300_000);
        assertThat(loop.events).isEmpty();
        loop.cycleAfterMs(300_000);
        assertThat(loop.events).hasSize(1);
        assertThat(loop.events.getFirst()[2]).isEqualTo(MediaEventType.MEDIA_TIMEOUT);
    }

    @Test
    void shouldRaiseOneWayAudioNamingTheSilentSide() throws Exception
    {
        open(new RelayLoopback(RelayLoopback.config(8, 4_000, 60_000, 600_000, 10_000, 2_000).withIo(io)));
        final AnchorRequest offer = loop.anchorCall(CALL, a, b);
        for (int i = 0; i < 19; i++)
        {
            assertThat(loop.relayed(a, rtp(i, i * 160L, 0xA), offer.localPort(0), b)).isTrue();
            loop.relay.poll(loop);
            assertThat(loop.events).as("at %d ms", i * 500).isEmpty();
            loop.advanceMs(500);
        }
        send(a, rtp(20, 20 * 160L, 0xA), offer.localPort(0));
        loop.cycleAfterMs(600);
        assertThat(loop.events).hasSize(1);
        assertThat(loop.events.getFirst()).containsExactly(CALL, 0, MediaEventType.ONE_WAY_AUDIO, 1);
    }

    @Test
    void shouldRefuseWith503AfterTheLastPairAndBeWholeAfterTheQuarantine() throws Exception
    {
        open(new RelayLoopback(RelayLoopback.config(4, 4_000, 60_000, 600_000, 0, 2_000).withIo(io)));
        assertThat(loop.relay.portPairs()).isEqualTo(4);
        assertThat(loop.relay.anchor(loop.side(1, 0, a, false))).isEqualTo(AnchorStatus.OK);
        assertThat(loop.relay.anchor(loop.side(2, 0, a, false))).isEqualTo(AnchorStatus.OK);
        final AnchorRequest third = loop.side(3, 0, a, false);
        assertThat(loop.relay.anchor(third)).isEqualTo(AnchorStatus.NO_PORTS);
        assertThat(AnchorStatus.sipStatus(third.status())).isEqualTo(503);
        assertThat(loop.relay.portPairsInUse()).isEqualTo(4);
        assertThat(loop.relay.refusedNoPorts()).isEqualTo(1);
        assertThat(loop.relay.calls()).isEqualTo(2);

        loop.relay.delete(1);
        loop.relay.delete(2);
        loop.cycle();
        assertThat(loop.relay.portPairsInUse()).isZero();
        assertThat(loop.relay.portPairsAvailable()).isZero();
        loop.advanceMs(4_000);
        assertThat(loop.relay.portPairsAvailable()).isEqualTo(4);
        assertThat(loop.relay.anchor(loop.side(4, 0, a, false))).isEqualTo(AnchorStatus.OK);
    }

    @Test
    void shouldAnswer488ToAnOfferOfAnotherAddressFamily() throws Exception
    {
        open(new RelayLoopback(RelayLoopback.config(4, 4_000, 60_000, 600_000, 0, 2_000).withIo(io)));
        final AnchorRequest offer = new AnchorRequest().stream(CALL, 0, 0)
            .media(InetAddress.getByName("2001:db8::1"), 4000, 0, false);
        assertThat(loop.relay.anchor(offer)).isEqualTo(AnchorStatus.NOT_ANCHORABLE);
        assertThat(AnchorStatus.sipStatus(offer.status())).isEqualTo(488);
        assertThat(loop.relay.portPairsInUse()).isZero();
    }
}
