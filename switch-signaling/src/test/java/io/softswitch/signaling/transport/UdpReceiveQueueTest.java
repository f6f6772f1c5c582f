package io.softswitch.signaling.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the kernel's UDP receive queues from {@code /proc/net/udp}.
 */
class UdpReceiveQueueTest
{
    private static final String TABLE = """
           sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
          274: 0100007F:13C4 00000000:0000 07 00000000:00000400 00:00000000 00000000     0        0 321262 2 00000000c31b6b09 0
          275: 0100007F:13C4 00000000:0000 07 00000000:00000200 00:00000000 00000000     0        0 321263 2 00000000c31b6b0a 0
         1948: 0100007F:B454 00000000:0000 07 00000000:00009999 00:00000000 00000000     0        0 321255 2 0000000055fdbffb 0
        """;

    @Test
    void shouldSumTheReceiveQueuesOfEverySocketOfThePort()
    {
        assertThat(bytesQueued(TABLE, 0x13C4)).isEqualTo(0x400 + 0x200);
        assertThat(bytesQueued(TABLE, 0x13C5)).isEqualTo(0);
    }

    @Test
    void shouldSeeDatagramsNobodyHasReadYetOnThisMachine() throws IOException
    {
        try (DatagramSocket idle = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            DatagramSocket sender = new DatagramSocket())
        {
            final byte[] datagram = new byte[500];
            for (int i = 0; i < 4; i++)
            {
                sender.send(new DatagramPacket(datagram, datagram.length, idle.getLocalSocketAddress()));
            }

            // The kernel counts each datagram with its overhead: at least the payload.
            assertThat(new UdpReceiveQueue(idle.getLocalPort()).bytesQueued()).isGreaterThanOrEqualTo(4 * 500);
        }
    }

    private static long bytesQueued(final String table, final int port)
    {
        final byte[] text = table.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return UdpReceiveQueue.bytesQueued(text, text.length, port);
    }
}
