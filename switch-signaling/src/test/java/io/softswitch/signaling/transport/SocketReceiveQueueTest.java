package io.softswitch.signaling.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The receive queue asked of the switch's own sockets ({@code SO_MEMINFO}) sees the datagrams no
 * loop has read yet, as the system's table does.
 */
@Timeout(30)
class SocketReceiveQueueTest
{
    @Test
    void shouldSeeDatagramsNoLoopHasReadYetAsTheSystemTableDoes() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "needs the native epoll transport");
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (DatagramSocket sender = new DatagramSocket())
        {
            final Channel channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .option(ChannelOption.AUTO_READ, false).handler(new ChannelInboundHandlerAdapter())
                .bind("127.0.0.1", 0).sync().channel();
            final int port = ((InetSocketAddress)channel.localAddress()).getPort();
            final LongSupplier queue = SocketReceiveQueue.of(List.of(channel), port);
            assertThat(queue).isInstanceOf(SocketReceiveQueue.class);
            assertThat(queue.getAsLong()).isZero();

            final byte[] datagram = new byte[500];
            for (int i = 0; i < 4; i++)
            {
                sender.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress("127.0.0.1", port)));
            }

            // The kernel counts each datagram with its overhead: at least the payload.
            assertThat(queue.getAsLong()).isGreaterThanOrEqualTo(4 * 500)
                .isEqualTo(new UdpReceiveQueue(port).bytesQueued());
            channel.close().sync();
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
