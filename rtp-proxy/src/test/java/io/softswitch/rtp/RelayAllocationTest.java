package io.softswitch.rtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;

import static io.softswitch.rtp.RelayLoopback.rtp;
import static io.softswitch.rtp.RelayLoopback.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's packet path allocates nothing once compiled (13,000 rounds of warm-up take it past
 * C2): bytes allocated by the thread are counted around the
 * relay's duty cycles only (the test's own sockets allocate, outside the count).
 */
@ParameterizedClass
@EnumSource(MediaIo.class)
class RelayAllocationTest
{
    @Parameter
    MediaIo io;

    @Test
    void shouldAllocateNothingPerRelayedPacketOnceWarm() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        try (RelayLoopback loop = new RelayLoopback(RelayLoopback.config(8, 4_000, 60_000, 600_000, 0, 0).withIo(io)))
        {
            final DatagramSocket a = loop.endpoint();
            final DatagramSocket b = loop.endpoint();
            final AnchorRequest offer = loop.side(1, 0, a, false);
            loop.relay.anchor(offer);
            loop.relay.anchor(loop.side(1, 1, b, false));
            loop.relay.runWorkerCycle(0, 0);
            final byte[][] packets = new byte[16][];
            final DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            long measuredBytes = 0;
            long relayed = 0;
            int seq = 0;
            for (int round = 0; round < 15_000; round++)
            {
                for (int i = 0; i < packets.length; i++)
                {
                    packets[i] = rtp(seq, seq * 160L, 0xA);
                    seq++;
                }
                for (final byte[] packet : packets)
                {
                    send(a, packet, offer.localPort(0));
                }
                final long before = threads.getThreadAllocatedBytes(thread);
                int work = 0;
                for (int spin = 0; spin < 1_000 && work < packets.length; spin++)
                {
                    work += loop.relay.runWorkerCycle(0, 1);
                }
                // io_uring submits a turn's sends with the next turn's one system call: take that turn too.
                work += loop.relay.runWorkerCycle(0, 0);
                final long after = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < work; i++)
                {
                    b.receive(in);
                }
                if (round >= 13_000)
                {
                    measuredBytes += after - before;
                    relayed += work;
                }
            }
            assertThat(relayed).isGreaterThanOrEqualTo(32_000);
            // The smallest object is 16 bytes: one per packet would be 512,000 here. A bound below one
            // byte per packet leaves room for the JIT's rare one-off work in the window, nothing else.
            assertThat(measuredBytes).as("bytes allocated for %d relayed packets", relayed).isLessThan(relayed / 8);
        }
    }
}
