package io.softswitch.rtp;

import io.softswitch.rtp.internal.RelayThreadTiming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static io.softswitch.rtp.RelayLoopback.LOOPBACK;
import static io.softswitch.rtp.RelayLoopback.rtp;
import static io.softswitch.rtp.RelayLoopback.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relay threads asked for {@code SCHED_FIFO} and for coalesced turns: they run in the class the
 * process may grant, and relay every packet either way.
 */
@ParameterizedClass
@EnumSource(MediaIo.class)
class RelayThreadSchedulingTest
{
    @Parameter
    MediaIo io;

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;

    /** Whether this process may put a thread in SCHED_FIFO 10, asked by a thread that then ends. */
    private static boolean fifoAllowed() throws InterruptedException
    {
        final AtomicInteger errno = new AtomicInteger(-1);
        final Thread probe = new Thread(() -> errno.set(RelayThreadTiming.requestFifo(10)), "fifo-probe");
        probe.start();
        probe.join();
        return errno.get() == 0;
    }

    @Test
    void shouldRunRelayThreadsInTheClassGrantedAndRelayEveryPacketWithCoalescedTurns() throws Exception
    {
        IoUringSupport.assumeAvailable(io);
        final int expectedPolicy = fifoAllowed() ? SCHED_FIFO : SCHED_OTHER;
        final RelayConfig config = RelayLoopback.config(8, 100, 60_000, 600_000, 0, 2_000)
            .withScheduling(10, 500).withIo(io);
        try (MediaRelay relay = MediaRelay.launch(config);
            DatagramSocket a = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket b = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final long startedBy = System.nanoTime() + 5_000_000_000L;
            while (relay.relayThreadPolicy(0) < 0 && System.nanoTime() < startedBy)
            {
                Thread.sleep(1);
            }
            assertThat(relay.relayThreadPolicy(0)).isEqualTo(expectedPolicy);
            assertThat(relay.relayThreadIo(0)).isEqualTo(io);

            b.setSoTimeout(3_000);
            final DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            final AnchorRequest offer = anchorRelaying(relay, a, b, in);
            b.setSoTimeout(3_000);
            final int packets = 100;
            // Sent back to back, so that packets arrive while the relay thread waits out its interval.
            for (int seq = 0; seq < packets; seq++)
            {
                send(a, rtp(1000 + seq, (1000 + seq) * 160L, 0xB), offer.localPort(0));
            }
            int received = 0;
            try
            {
                while (received < packets)
                {
                    b.receive(in);
                    // Count the burst only (SSRC 0xB): a late probe is not one of its packets.
                    if (in.getData()[11] == 0xB)
                    {
                        received++;
                    }
                }
            }
            catch (final SocketTimeoutException ex)
            {
                // counted below
            }
            assertThat(received).isEqualTo(packets);
        }
    }

    /**
     * A phone's packets come 20 ms apart, far beyond the interval: each must go on when it
     * arrives, not wait for others to fill a batch or for the turn's 10 ms timeout. The median
     * over 21 packets is judged, with a bound twenty times the wake-up it should take, so that a
     * busy machine's odd late wake-up does not decide it.
     */
    @Test
    void shouldRelayALonePacketWhenItArrivesWithTheDefaultCoalescing() throws Exception
    {
        IoUringSupport.assumeAvailable(io);
        final RelayConfig config = RelayLoopback.config(8, 100, 60_000, 600_000, 0, 2_000).withIo(io);
        assertThat(config.coalesceUs()).as("coalescing is on by default").isPositive();
        try (MediaRelay relay = MediaRelay.launch(config);
            DatagramSocket a = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket b = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            final AnchorRequest offer = anchorRelaying(relay, a, b, in);
            b.setSoTimeout(1_000);
            final long[] relayNs = new long[21];
            for (int seq = 0; seq < relayNs.length; seq++)
            {
                // 20 to 26 ms apart: never in step with the turn's 10 ms timeout.
                Thread.sleep(20 + seq % 7);
                final long sentNs = System.nanoTime();
                send(a, rtp(100 + seq, (100 + seq) * 160L, 0xD), offer.localPort(0));
                do
                {
                    b.receive(in);
                }
                while (in.getData()[11] != 0xD);
                relayNs[seq] = System.nanoTime() - sentNs;
            }
            Arrays.sort(relayNs);
            assertThat(relayNs[relayNs.length / 2]).as("median ns from send to relayed, of %s",
                Arrays.toString(relayNs)).isLessThan(2_000_000L);
        }
    }

    @Test
    void shouldWaitOutTheIntervalAfterATurnThatDidWorkAndNotAfterAnIdleOne()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final long intervalNs = 3_000_000L;
            final RelayThreadTiming timing = new RelayThreadTiming(arena, intervalNs);

            final long busyTurnNs = System.nanoTime();
            timing.afterTurn(busyTurnNs, 5);
            assertThat(System.nanoTime() - busyTurnNs).as("the next turn waits for the interval")
                .isGreaterThanOrEqualTo(intervalNs);

            final long beforeNs = System.nanoTime();
            timing.afterTurn(beforeNs + 60_000_000_000L, 0);
            assertThat(System.nanoTime() - beforeNs).as("an idle turn sleeps nothing, even a minute before its deadline")
                .isLessThan(30_000_000_000L);
        }
    }

    /**
     * Anchors one stream between {@code a} and {@code b} and waits until the relay thread relays
     * from {@code a}'s side.
     *
     * @return the offer, whose local port is where {@code a} sends.
     */
    private static AnchorRequest anchorRelaying(final MediaRelay relay, final DatagramSocket a, final DatagramSocket b,
        final DatagramPacket in) throws Exception
    {
        final AnchorRequest offer = new AnchorRequest().stream(1, 0, 0).media(LOOPBACK, a.getLocalPort(), 0, false);
        assertThat(relay.anchor(offer)).isEqualTo(AnchorStatus.OK);
        assertThat(relay.anchor(new AnchorRequest().stream(1, 0, 1).media(LOOPBACK, b.getLocalPort(), 0, false)))
            .isEqualTo(AnchorStatus.OK);
        assertThat(awaitRelaying(a, b, offer.localPort(0), in)).as("a probe relayed").isTrue();
        return offer;
    }

    /**
     * Sends probes (SSRC 0xC) until one is relayed, at most 50. The relay thread applies anchors on
     * its own turn (after up to one coalescing interval) and packets before that have nowhere to
     * go: a probe relayed shows the stream knows both sides.
     *
     * @return whether a probe was relayed.
     */
    private static boolean awaitRelaying(final DatagramSocket a, final DatagramSocket b, final int port,
        final DatagramPacket in) throws Exception
    {
        b.setSoTimeout(100);
        for (int probe = 0; probe < 50; probe++)
        {
            send(a, rtp(probe, probe * 160L, 0xC), port);
            try
            {
                b.receive(in);
                return true;
            }
            catch (final SocketTimeoutException ex)
            {
                // not yet: the next probe
            }
        }
        return false;
    }
}
