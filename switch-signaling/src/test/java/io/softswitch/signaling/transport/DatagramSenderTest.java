package io.softswitch.signaling.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A datagram sent straight from a pooled buffer to the kernel arrives whole, from the channel's
 * own port, at the address asked for; queued datagrams go out together, in order, when flushed;
 * what the native path cannot send is left to Netty.
 */
@Timeout(30)
class DatagramSenderTest
{
    @Test
    void shouldSendTheBufferFromTheChannelsOwnSocketToTheDestination() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "needs the native epoll transport");
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        final ByteBuf message = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            receiver.setSoTimeout(5_000);
            final Channel channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .option(ChannelOption.AUTO_READ, false).handler(new ChannelInboundHandlerAdapter())
                .bind("127.0.0.1", 0).sync().channel();
            message.writeBytes("xxOPTIONS sip:probe SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII)).skipBytes(2);
            final DatagramSender sender = new DatagramSender();

            final boolean sent = channel.eventLoop().submit(() -> sender.send(message,
                (InetSocketAddress)receiver.getLocalSocketAddress(), channel)).get(5, TimeUnit.SECONDS);

            assertThat(sent).isTrue();
            assertThat(sender.sent()).isEqualTo(1);
            final DatagramPacket packet = new DatagramPacket(new byte[128], 128);
            receiver.receive(packet);
            assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII))
                .isEqualTo("OPTIONS sip:probe SIP/2.0\r\n");
            assertThat(packet.getPort()).isEqualTo(((InetSocketAddress)channel.localAddress()).getPort());
            assertThat(message.readerIndex()).isEqualTo(2);
            channel.close().sync();
        }
        finally
        {
            message.release();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void shouldSendQueuedDatagramsInOrderWithOneSystemCallWhenFlushed() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "needs the native epoll transport");
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            final Channel channel = bind(group);
            final InetSocketAddress to = (InetSocketAddress)receiver.getLocalSocketAddress();
            final DatagramSender sender = new DatagramSender();

            final boolean queued = channel.eventLoop().submit(() ->
            {
                boolean all = true;
                for (int i = 0; i < 5; i++)
                {
                    // Released at once: the queue holds its own copy.
                    final ByteBuf message = PooledByteBufAllocator.DEFAULT.directBuffer(32)
                        .writeBytes(("message " + i).getBytes(StandardCharsets.US_ASCII));
                    all &= sender.queue(message, to, channel);
                    message.release();
                }
                return all;
            }).get(5, TimeUnit.SECONDS);

            assertThat(queued).isTrue();
            assertThat(sender.sent()).isZero();
            receiver.setSoTimeout(200);
            assertThatThrownBy(() -> receiver.receive(new DatagramPacket(new byte[64], 64)))
                .isInstanceOf(SocketTimeoutException.class);

            channel.eventLoop().submit(sender::flush).get(5, TimeUnit.SECONDS);

            assertThat(sender.sent()).isEqualTo(5);
            assertThat(sender.batches()).isEqualTo(1);
            receiver.setSoTimeout(5_000);
            for (int i = 0; i < 5; i++)
            {
                assertThat(receive(receiver)).isEqualTo("message " + i);
            }
            channel.close().sync();
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void shouldSendADatagramTooLongToQueueAfterThoseQueuedBeforeIt() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "needs the native epoll transport");
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        final ByteBuf small = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeBytes(new byte[] {'s'});
        final ByteBuf large = PooledByteBufAllocator.DEFAULT.directBuffer(6_000).writeZero(6_000);
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            receiver.setSoTimeout(5_000);
            final Channel channel = bind(group);
            final InetSocketAddress to = (InetSocketAddress)receiver.getLocalSocketAddress();
            final DatagramSender sender = new DatagramSender();

            final boolean taken = channel.eventLoop().submit(() -> sender.queue(small, to, channel) &&
                sender.queue(large, to, channel)).get(5, TimeUnit.SECONDS);

            assertThat(taken).isTrue();
            assertThat(sender.sent()).isEqualTo(2);
            final DatagramPacket first = new DatagramPacket(new byte[8_192], 8_192);
            receiver.receive(first);
            assertThat(first.getLength()).isEqualTo(1);
            final DatagramPacket second = new DatagramPacket(new byte[8_192], 8_192);
            receiver.receive(second);
            assertThat(second.getLength()).isEqualTo(6_000);
            channel.close().sync();
        }
        finally
        {
            small.release();
            large.release();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void shouldNotSendWhatWasQueuedWhenTheChannelClosedBeforeTheFlush() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "needs the native epoll transport");
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        final ByteBuf message = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeBytes(new byte[] {'q'});
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            final Channel channel = bind(group);
            final InetSocketAddress to = (InetSocketAddress)receiver.getLocalSocketAddress();
            final DatagramSender sender = new DatagramSender();

            final long sent = channel.eventLoop().submit(() ->
            {
                sender.queue(message, to, channel);
                channel.close();
                // Its descriptor number is free, and the next socket opened takes it: nothing
                // queued for the closed channel may leave through that one.
                try (DatagramSocket other = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
                {
                    sender.flush();
                }
                return sender.sent();
            }).get(5, TimeUnit.SECONDS);

            assertThat(sent).isZero();
            assertThat(sender.queue(message, to, channel)).isFalse();
            receiver.setSoTimeout(200);
            assertThatThrownBy(() -> receiver.receive(new DatagramPacket(new byte[64], 64)))
                .isInstanceOf(SocketTimeoutException.class);
        }
        finally
        {
            message.release();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void shouldLeaveToNettyWhatIsNotANativeSocket()
    {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final ByteBuf message = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeByte('x');
        try
        {
            assertThat(new DatagramSender().send(message, new InetSocketAddress("127.0.0.1", 5), channel)).isFalse();
            assertThat(new DatagramSender().queue(message, new InetSocketAddress("127.0.0.1", 5), channel)).isFalse();
        }
        finally
        {
            message.release();
            channel.finishAndReleaseAll();
        }
    }

    private static Channel bind(final MultiThreadIoEventLoopGroup group) throws InterruptedException
    {
        return new Bootstrap().group(group).channel(EpollDatagramChannel.class)
            .option(ChannelOption.AUTO_READ, false).handler(new ChannelInboundHandlerAdapter())
            .bind("127.0.0.1", 0).sync().channel();
    }

    private static String receive(final DatagramSocket receiver) throws IOException
    {
        final DatagramPacket packet = new DatagramPacket(new byte[128], 128);
        receiver.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }
}
