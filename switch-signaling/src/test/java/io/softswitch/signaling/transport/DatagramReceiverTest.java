package io.softswitch.signaling.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The batched receive path on real sockets over loopback: datagrams arrive whole, in order and
 * many per system call; an oversize one is counted and dropped; IPv4 and IPv6 sources are named
 * right and one object per peer is reused; closing frees the port.
 */
@Timeout(30)
class DatagramReceiverTest
{
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private MultiThreadIoEventLoopGroup group;
    private Channel channel;
    private DatagramReceiver receiver;

    private record Received(String text, InetSocketAddress sender, Channel channel)
    {
    }

    @BeforeEach
    void startLoop()
    {
        assumeTrue(Epoll.isAvailable(), "needs the native epoll transport");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception
    {
        if (receiver != null)
        {
            channel.eventLoop().submit(receiver::close).sync();
        }
        if (channel != null)
        {
            channel.close().sync();
        }
        if (group != null)
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void shouldReadQueuedDatagramsInOrderManyPerSystemCall() throws Exception
    {
        bind("127.0.0.1", 2_048);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            for (int i = 0; i < 40; i++)
            {
                send(peer, "datagram " + i);
            }
            // All 40 wait in the socket before the receiver starts: one readiness, two batches.
            awaitQueueSettled();

            start();

            awaitUntil(() -> received.size() == 40);
            for (int i = 0; i < 40; i++)
            {
                assertThat(received.get(i).text()).isEqualTo("datagram " + i);
                assertThat(received.get(i).channel()).isSameAs(channel);
            }
            assertThat(onLoop(receiver::received)).isEqualTo(40);
            assertThat(onLoop(receiver::batches)).isEqualTo(2);
            assertThat(onLoop(receiver::truncated)).isZero();
        }
    }

    @Test
    void shouldCountAndDropADatagramLongerThanItsRoom() throws Exception
    {
        bind("127.0.0.1", 512);
        start();
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            send(peer, "x".repeat(513));
            send(peer, "y".repeat(512));

            awaitUntil(() -> received.size() == 1);
            assertThat(received.getFirst().text()).isEqualTo("y".repeat(512));
            assertThat(onLoop(receiver::truncated)).isEqualTo(1);
            assertThat(onLoop(receiver::received)).isEqualTo(2);
        }
    }

    @Test
    void shouldNameAnIpv4SourceAndReuseOneObjectPerPeer() throws Exception
    {
        bind("127.0.0.1", 2_048);
        start();
        try (DatagramSocket first = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            DatagramSocket second = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0)))
        {
            // the second peer last: the table is direct-mapped, and the two random ports may
            // share a slot (one run in 64), where the second peer would take the first's place
            send(first, "one");
            send(first, "two");
            send(first, "three");
            send(second, "four");

            awaitUntil(() -> received.size() == 4);
            final InetSocketAddress from = received.get(0).sender();
            assertThat(from.getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(from).isEqualTo(first.getLocalSocketAddress());
            assertThat(received.get(1).sender()).isSameAs(from);
            assertThat(received.get(2).sender()).isSameAs(from);
            assertThat(received.get(3).sender()).isEqualTo(second.getLocalSocketAddress());
            assertThat(onLoop(receiver::sourcesMade)).isEqualTo(2);
        }
    }

    @Test
    void shouldNameAnIpv6Source() throws Exception
    {
        final InetAddress loopback6 = InetAddress.getByName("::1");
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(loopback6, 0)))
        {
            assumeTrue(probe.isBound(), "needs IPv6 on loopback");
        }
        catch (final java.net.SocketException ex)
        {
            assumeTrue(false, "needs IPv6 on loopback: " + ex.getMessage());
        }
        bind("::1", 2_048);
        start();
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(loopback6, 0)))
        {
            send(peer, "OPTIONS sip:ipv6 SIP/2.0");
            send(peer, "again");

            awaitUntil(() -> received.size() == 2);
            final InetSocketAddress from = received.getFirst().sender();
            assertThat(from.getAddress()).isInstanceOf(Inet6Address.class);
            assertThat(from.getAddress().isLoopbackAddress()).isTrue();
            assertThat(from.getPort()).isEqualTo(peer.getLocalPort());
            assertThat(received.getFirst().text()).isEqualTo("OPTIONS sip:ipv6 SIP/2.0");
            assertThat(received.get(1).sender()).isSameAs(from);
        }
    }

    @Test
    void shouldKeepReadingAfterTheHandlerFailsOnADatagram() throws Exception
    {
        bind("127.0.0.1");
        receiver = DatagramReceiver.open(channel, (buffer, index, length, sender, via) ->
        {
            final String text = buffer.toString(index, length, StandardCharsets.US_ASCII);
            if (text.equals("bad"))
            {
                throw new IllegalStateException("handler failed");
            }
            received.add(new Received(text, sender, via));
        }, 32, 2_048, 64);
        receiver.start((IoEventLoop)channel.eventLoop());
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            send(peer, "bad");
            send(peer, "good");

            awaitUntil(() -> received.size() == 1);
            assertThat(received.getFirst().text()).isEqualTo("good");
            assertThat(onLoop(receiver::failures)).isEqualTo(1);
        }
    }

    @Test
    void shouldFreeThePortOnceTheReceiverAndChannelAreClosed() throws Exception
    {
        bind("127.0.0.1", 2_048);
        start();
        final int port = ((InetSocketAddress)channel.localAddress()).getPort();
        channel.eventLoop().submit(receiver::close).sync();
        receiver = null;
        channel.close().sync();
        channel = null;

        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", port)))
        {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void shouldLeaveToNettyWhatIsNotANativeSocket()
    {
        final EmbeddedChannel embedded = new EmbeddedChannel();
        try
        {
            assertThat(DatagramReceiver.open(embedded, (buffer, index, length, sender, via) ->
            {
            }, 32, 2_048, 64)).isNull();
        }
        finally
        {
            embedded.finishAndReleaseAll();
        }
    }

    private void bind(final String host, final int datagramBytes) throws InterruptedException
    {
        bind(host);
        receiver = DatagramReceiver.open(channel, (buffer, index, length, sender, via) ->
            received.add(new Received(buffer.toString(index, length, StandardCharsets.US_ASCII), sender, via)),
            32, datagramBytes, 64);
        assertThat(receiver).isNotNull();
    }

    private void bind(final String host) throws InterruptedException
    {
        channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
            .option(ChannelOption.AUTO_READ, false).handler(new ChannelInboundHandlerAdapter())
            .bind(host, 0).sync().channel();
    }

    private void start()
    {
        receiver.start((IoEventLoop)channel.eventLoop());
    }

    private void send(final DatagramSocket from, final String text) throws Exception
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(bytes, bytes.length, channel.localAddress()));
    }

    private static void awaitUntil(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadlineNs).as("waited 10 s").isNegative();
            Thread.sleep(10);
        }
    }

    private void awaitQueueSettled() throws InterruptedException
    {
        long before = -1;
        long now = queuedBytes();
        while (now == 0 || now != before)
        {
            Thread.sleep(50);
            before = now;
            now = queuedBytes();
        }
    }

    private long queuedBytes()
    {
        return SocketReceiveQueue.of(List.of(channel), ((InetSocketAddress)channel.localAddress()).getPort())
            .getAsLong();
    }

    private long onLoop(final java.util.function.LongSupplier count) throws Exception
    {
        return channel.eventLoop().submit(count::getAsLong).get(5, TimeUnit.SECONDS);
    }
}
