package io.softswitch.signaling.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.softswitch.signaling.trunk.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Datagrams a loop transmits during one task go out together after the loop's iteration, with
 * no flush asked for, in the order they were transmitted.
 */
@Timeout(30)
class LoopTransportTest
{
    @Test
    void shouldSendWhatATaskTransmittedInOneBatchAfterTheLoopsIteration() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "needs the native epoll transport");
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            receiver.setSoTimeout(5_000);
            final Channel channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .option(ChannelOption.AUTO_READ, false).handler(new ChannelInboundHandlerAdapter())
                .bind("127.0.0.1", 0).sync().channel();
            final SipPeer peer = new SipPeer(Transport.UDP, (InetSocketAddress)receiver.getLocalSocketAddress(), channel);
            final LoopTransport transport = new LoopTransport(channel.eventLoop());

            final long sentInTask = channel.eventLoop().submit(() ->
            {
                for (int i = 0; i < 3; i++)
                {
                    final ByteBuf message = PooledByteBufAllocator.DEFAULT.directBuffer(32)
                        .writeBytes(("datagram " + i).getBytes(StandardCharsets.US_ASCII));
                    transport.transmit(message, peer);
                    message.release();
                }
                return transport.datagramsSentDirectly();
            }).get(5, TimeUnit.SECONDS);

            assertThat(sentInTask).isZero();
            for (int i = 0; i < 3; i++)
            {
                final DatagramPacket packet = new DatagramPacket(new byte[64], 64);
                receiver.receive(packet);
                assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII))
                    .isEqualTo("datagram " + i);
            }
            final long batches = channel.eventLoop().submit(transport::datagramBatches).get(5, TimeUnit.SECONDS);
            assertThat(batches).isEqualTo(1);
            channel.close().sync();
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
