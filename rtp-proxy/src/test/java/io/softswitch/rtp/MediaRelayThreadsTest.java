package io.softswitch.rtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static io.softswitch.rtp.RelayLoopback.LOOPBACK;
import static io.softswitch.rtp.RelayLoopback.rtp;
import static io.softswitch.rtp.RelayLoopback.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay with its own threads, as it runs in the switch: a burst through two relay threads,
 * counted at both ends and in the final reports. The first packets are sent the moment the
 * anchors return, while the relay threads may be inside a coalescing wait: an anchor written
 * during the wait must be applied before the datagrams that came with it, or they are dropped as
 * undeliverable (with io_uring's minimum-wait window that dropped a call's first packet in about
 * 1 of 13 runs on a loaded machine).
 */
@ParameterizedClass
@EnumSource(MediaIo.class)
class MediaRelayThreadsTest
{
    @Parameter
    MediaIo io;

    @Test
    void shouldRelayEveryPacketOfABurstOnTwoThreadsAndReportThemWhenDeleted() throws Exception
    {
        IoUringSupport.assumeAvailable(io);
        final RelayConfig config = RelayLoopback.config(16, 100, 60_000, 600_000, 0, 2_000).withSizes(2, 16, 1 << 20).withIo(io);
        final List<StreamReport> finals = new ArrayList<>();
        final long[] finalPackets = new long[4];
        try (MediaRelay relay = MediaRelay.launch(config);
            DatagramSocket a = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket b = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            assertThat(relay.relayThreadIo(0)).isEqualTo(io);
            assertThat(relay.relayThreadIo(1)).isEqualTo(io);
            b.setSoTimeout(3_000);
            final AnchorRequest[] offers = new AnchorRequest[2];
            for (int call = 0; call < 2; call++)
            {
                offers[call] = new AnchorRequest().stream(call, 0, 0).media(LOOPBACK, a.getLocalPort(), 0, false);
                assertThat(relay.anchor(offers[call])).isEqualTo(AnchorStatus.OK);
                assertThat(relay.anchor(new AnchorRequest().stream(call, 0, 1).media(LOOPBACK, b.getLocalPort(), 0, false)))
                    .isEqualTo(AnchorStatus.OK);
            }
            final int packets = 200;
            final DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            int received = 0;
            for (int seq = 0; seq < packets; seq++)
            {
                send(a, rtp(seq / 2, seq / 2 * 160L, 0xA), offers[seq % 2].localPort(0));
                try
                {
                    b.receive(in);
                    received++;
                }
                catch (final SocketTimeoutException ex)
                {
                    break;
                }
            }
            assertThat(received).isEqualTo(packets);
            relay.delete(0);
            relay.delete(1);
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (finals.size() < 2 && System.nanoTime() < deadline)
            {
                relay.poll(new MediaListener()
                {
                    @Override
                    public void onMediaEvent(final long callRef, final int mediaIndex, final int type, final int side)
                    {
                    }

                    @Override
                    public void onStreamReport(final StreamReport report)
                    {
                        finals.add(report);
                        finalPackets[(int)report.callRef() * 2] = report.packets(0);
                        finalPackets[(int)report.callRef() * 2 + 1] = report.lost(0);
                    }
                });
                Thread.sleep(1);
            }
            assertThat(finals).hasSize(2);
            assertThat(finalPackets).containsExactly(100, 0, 100, 0);
            assertThat(relay.portPairsInUse()).isZero();
        }
    }
}
