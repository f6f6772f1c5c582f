package io.softswitch.signaling.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message written to a TCP connection that is still connecting is held, and released when the
 * connection never comes up: neither a refused connection nor one closed while pending (the
 * switch stopping) leaves it allocated.
 */
@Timeout(60)
class ConnectWaitHandlerTest
{
    @Test
    void shouldReleaseAHeldMessageAsSoonAsTheConnectionIsClosedWhileComingUp() throws Exception
    {
        final boolean epoll = Epoll.isAvailable();
        final MultiThreadIoEventLoopGroup group =
            new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        final List<Socket> filling = new ArrayList<>();
        // A listener that never accepts, its backlog filled: the next connection attempt's SYN is
        // dropped, so the connection stays pending (the switch stopping while a vendor is down).
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final InetSocketAddress address = (InetSocketAddress)listener.getLocalSocketAddress();
            fillBacklog(address, filling);
            final ByteBuf invite = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeZero(64);
            final Channel channel = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<>()
                {
                    @Override
                    protected void initChannel(final Channel ch)
                    {
                        ch.pipeline().addLast(new ConnectWaitHandler());
                    }
                })
                .connect(address).channel();
            channel.eventLoop().submit(() -> channel.writeAndFlush(invite)).get(5, TimeUnit.SECONDS);
            assertThat(channel.isActive()).isFalse();
            assertThat(invite.refCnt()).isEqualTo(1);

            // Read in the closing task itself: not only once the pipeline is torn down, in a later
            // task that a stopping loop may never run.
            final int afterClose = channel.eventLoop().submit(() ->
            {
                channel.close();
                return invite.refCnt();
            }).get(5, TimeUnit.SECONDS);

            assertThat(afterClose).isZero();
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            for (final Socket socket : filling)
            {
                socket.close();
            }
        }
    }

    @Test
    void shouldReleaseAHeldMessageWhenTheConnectionIsRefused() throws Exception
    {
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try
        {
            final InetSocketAddress nobody;
            try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
            {
                nobody = (InetSocketAddress)closed.getLocalSocketAddress();
            }
            final ByteBuf invite = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeZero(64);
            final Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>()
                {
                    @Override
                    protected void initChannel(final Channel ch)
                    {
                        ch.pipeline().addLast(new ConnectWaitHandler());
                    }
                })
                .connect(nobody).channel();
            channel.eventLoop().submit(() -> channel.writeAndFlush(invite)).get(5, TimeUnit.SECONDS);

            channel.closeFuture().await(10, TimeUnit.SECONDS);
            for (int i = 0; i < 100 && invite.refCnt() > 0; i++)
            {
                Thread.sleep(50);
            }

            assertThat(invite.refCnt()).isZero();
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void fillBacklog(final InetSocketAddress address, final List<Socket> filling) throws IOException
    {
        for (int i = 0; i < 4; i++)
        {
            final Socket socket = new Socket();
            try
            {
                socket.connect(address, 200);
                filling.add(socket);
            }
            catch (final IOException ex)
            {
                socket.close();
                return;
            }
        }
    }
}
