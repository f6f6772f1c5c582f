package io.softswitch.signaling;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.signaling.call.CallLoop;
import io.softswitch.signaling.call.LoadShedder;
import io.softswitch.signaling.call.SwitchContext;
import io.softswitch.signaling.codec.SipDatagramDecoder;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.codec.SipMessageHandler;
import io.softswitch.signaling.codec.SipStreamDecoder;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.transport.CoalescingSelectStrategy;
import io.softswitch.signaling.transport.ConnectWaitHandler;
import io.softswitch.signaling.transport.DatagramReceiver;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;
import io.softswitch.signaling.transport.TcpConnectionGuard;
import io.softswitch.signaling.transport.TcpConnectionTable;
import io.softswitch.signaling.transport.SocketReceiveQueue;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * A running signaling switch: SIP over UDP and TCP on Netty's native epoll transport (NIO when
 * epoll is unavailable), one {@link CallLoop} per event loop owning its calls, and vendor
 * probing.
 *
 * <p>UDP: one socket per event loop, all bound to the same port with {@code SO_REUSEPORT}, so the
 * kernel spreads datagrams over the loops; each loop reads its socket in batches through its own
 * {@link DatagramReceiver} (Netty's channel reads only where epoll is missing) and hands a
 * datagram of another loop's call to that loop. TCP: one listening socket whose connections are spread
 * over the loops, and one connection per loop to each TCP vendor.
 */
public final class SipSwitch implements AutoCloseable
{
    private static final int DATAGRAM_BYTES = 16_384;
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    /** Datagrams read per recvmmsg call at most. */
    private static final int RECEIVE_BATCH = 32;
    /** Source addresses each loop keeps as reusable objects. */
    private static final int RECEIVE_SOURCES = 1_024;

    private final MultiThreadIoEventLoopGroup group;
    private final List<Channel> channels;
    private final CallLoop[] loops;
    private final DatagramReceiver[] receivers;
    private final SwitchContext context;
    private final int udpPort;
    private final int tcpPort;
    private final ScheduledExecutorService overloadMonitor;

    private SipSwitch(final MultiThreadIoEventLoopGroup group, final List<Channel> channels, final CallLoop[] loops,
        final DatagramReceiver[] receivers, final SwitchContext context, final int udpPort, final int tcpPort,
        final ScheduledExecutorService overloadMonitor)
    {
        this.receivers = receivers;
        this.overloadMonitor = overloadMonitor;
        this.group = group;
        this.channels = channels;
        this.loops = loops;
        this.context = context;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
    }

    /**
     * Binds the SIP ports and starts carrying calls, routed by an LCR engine.
     *
     * <p>The switch asks the engine for every call's vendors and reports back each vendor
     * attempt's outcome, each answered call's duration, OPTIONS up/down and vendor capacity. It
     * does not own the engine: whoever started it closes it, after closing the switch.
     *
     * @param config   the switch's configuration.
     * @param engine   the route source and quality sink; its vendor names are the trunk names.
     * @param registry where meters are registered.
     * @return the running switch.
     */
    public static SipSwitch start(final SwitchConfig config, final LcrEngine engine, final MeterRegistry registry)
    {
        return start(config, engine, registry, SwitchHooks.none());
    }

    /**
     * Binds the SIP ports and starts carrying calls, with hooks from the composition: a listener
     * told of every ended call, and reasons to refuse new calls.
     *
     * @param config   the switch's configuration.
     * @param engine   the route source and quality sink; its vendor names are the trunk names.
     * @param registry where meters are registered.
     * @param hooks    the call end listener and admission refusals.
     * @return the running switch.
     */
    public static SipSwitch start(final SwitchConfig config, final LcrEngine engine, final MeterRegistry registry,
        final SwitchHooks hooks)
    {
        final boolean epoll = Epoll.isAvailable();
        final int loopCount = epoll ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
        final IoHandlerFactory ioHandler = epoll ?
            CoalescingSelectStrategy.epollLoops(config.wakeCoalescingNs()) : NioIoHandler.newFactory();
        final MultiThreadIoEventLoopGroup group =
            new MultiThreadIoEventLoopGroup(loopCount, new DefaultThreadFactory("sip-loop"), ioHandler);
        final List<Channel> channels = new ArrayList<>();
        try
        {
            return bind(config, engine, registry, hooks, epoll, group, channels);
        }
        catch (final RuntimeException ex)
        {
            channels.forEach(Channel::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw ex;
        }
    }

    private static SipSwitch bind(final SwitchConfig config, final LcrEngine engine, final MeterRegistry registry,
        final SwitchHooks hooks, final boolean epoll, final MultiThreadIoEventLoopGroup group, final List<Channel> channels)
    {
        final SipListen listen = config.listen();
        final EventLoop[] eventLoops = new EventLoop[group.executorCount()];
        final Map<EventExecutor, Integer> loopIndex = new IdentityHashMap<>();
        int next = 0;
        for (final EventExecutor executor : group)
        {
            eventLoops[next] = (EventLoop)executor;
            loopIndex.put(executor, next);
            next++;
        }
        final String advertised = listen.advertisedHost() == null || listen.advertisedHost().isEmpty() ?
            listen.host() : listen.advertisedHost();
        final SwitchContext context = new SwitchContext(config.customers(), config.vendors(),
            engine, new SwitchMetrics(registry), config.timers(), config.limits(),
            new SystemNanoClock(), SystemEpochClock.INSTANCE, hooks, new SecureRandom().nextInt(), advertised,
            eventLoops.length);

        final Channel[] udp = new Channel[eventLoops.length];
        int udpPort = listen.udpPort();
        if (udpPort >= 0)
        {
            for (int i = 0; i < eventLoops.length; i++)
            {
                final Bootstrap bootstrap = new Bootstrap().group(eventLoops[i])
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                    .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BYTES))
                    .handler(new ChannelInitializer<>()
                    {
                        @Override
                        protected void initChannel(final Channel channel)
                        {
                        }
                    });
                if (epoll)
                {
                    bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
                }
                udp[i] = bootstrap.bind(listen.host(), udpPort).syncUninterruptibly().channel();
                channels.add(udp[i]);
                udpPort = ((InetSocketAddress)udp[i].localAddress()).getPort();
            }
        }

        final CallLoop[] loops = new CallLoop[eventLoops.length];
        final TcpConnectionTable connections = new TcpConnectionTable(config.tcp(), context::isKnownSource, registry);
        Channel server = null;
        int tcpPort = listen.tcpPort();
        if (tcpPort >= 0)
        {
            final Class<? extends ServerChannel> serverClass =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
            server = new ServerBootstrap().group(group).channel(serverClass)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                // One read never takes more than a whole message may hold.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 1_024,
                    Math.max(1_024, maxMessageBytes(config.limits()))))
                .childHandler(new ChannelInitializer<>()
                {
                    @Override
                    protected void initChannel(final Channel channel)
                    {
                        final CallLoop owner = loops[loopIndex.get(channel.eventLoop())];
                        final SipStreamDecoder decoder = new SipStreamDecoder(config.limits(), owner);
                        channel.pipeline().addLast(new TcpConnectionGuard(connections, decoder), decoder);
                    }
                })
                .bind(listen.host(), tcpPort).syncUninterruptibly().channel();
            channels.add(server);
            tcpPort = ((InetSocketAddress)server.localAddress()).getPort();
        }
        context.boundPorts(udpPort, tcpPort);
        final Class<? extends Channel> socketClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        context.connector((loop, address, handler) -> connect(loop, address, handler, socketClass, config));

        for (int i = 0; i < eventLoops.length; i++)
        {
            loops[i] = new CallLoop(context, i, eventLoops[i], PooledByteBufAllocator.DEFAULT, udp[i]);
            context.install(loops[i]);
            FunctionCounter.builder("softswitch.loop.messages", loops[i], CallLoop::messagesHandled)
                .description("SIP messages handled by each signaling event loop, after hand-over to the call's loop")
                .tag("loop", Integer.toString(i)).register(registry);
        }
        final DatagramReceiver[] receivers = new DatagramReceiver[eventLoops.length];
        for (int i = 0; i < eventLoops.length; i++)
        {
            if (udp[i] != null)
            {
                receivers[i] = receive(udp[i], new SipDatagramDecoder(config.limits(), loops[i]), eventLoops[i]);
            }
            loops[i].start();
        }
        registerReceiveMeters(registry, receivers);
        if (server != null)
        {
            server.config().setAutoRead(true);
        }
        // Overload is judged off the loops, by a thread of its own that only reads queue sizes.
        final LongSupplier receiveQueue = udpPort >= 0 ? SocketReceiveQueue.of(List.of(udp), udpPort) : () -> 0;
        final LoadShedder shedder = new LoadShedder(config.overload(), receiveQueue, () -> busiestTaskQueue(eventLoops),
            new LagSampler(loops), System::currentTimeMillis)
            .watch(loops).register(registry);
        context.shedder(shedder);
        final ScheduledExecutorService monitor =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("sip-overload", true));
        final long intervalMs = config.overload().sampleIntervalMs();
        monitor.scheduleAtFixedRate(shedder, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        return new SipSwitch(group, channels, loops, receivers, context, udpPort, tcpPort, monitor);
    }

    /**
     * Starts reading a loop's UDP socket: through the switch's own batched receive path on the
     * native transport, through Netty's channel reads otherwise.
     *
     * @return the receiver, or null when Netty reads.
     */
    private static DatagramReceiver receive(final Channel udp, final SipDatagramDecoder decoder, final EventLoop loop)
    {
        final DatagramReceiver receiver = loop instanceof final IoEventLoop ioLoop && ioLoop.isCompatible(
            DatagramReceiver.class) ? DatagramReceiver.open(udp, decoder::decode, RECEIVE_BATCH, DATAGRAM_BYTES,
            RECEIVE_SOURCES) : null;
        if (receiver != null)
        {
            receiver.start((IoEventLoop)loop);
            return receiver;
        }
        udp.pipeline().addLast(decoder);
        udp.config().setAutoRead(true);
        return null;
    }

    private static void registerReceiveMeters(final MeterRegistry registry, final DatagramReceiver[] receivers)
    {
        FunctionCounter.builder("softswitch.udp.datagrams.truncated", receivers,
                r -> sum(r, DatagramReceiver::truncated))
            .description("UDP datagrams longer than the receive room (" + DATAGRAM_BYTES + " bytes), dropped unread")
            .register(registry);
        FunctionCounter.builder("softswitch.udp.receive.batches", receivers, r -> sum(r, DatagramReceiver::batches))
            .description("recvmmsg system calls that returned datagrams, over all signaling loops")
            .register(registry);
        FunctionCounter.builder("softswitch.udp.datagrams.received", receivers,
                r -> sum(r, DatagramReceiver::received))
            .description("UDP datagrams read by the signaling loops' batched receive path")
            .register(registry);
    }

    private static double sum(final DatagramReceiver[] receivers, final ToLongFunction<DatagramReceiver> count)
    {
        long total = 0;
        for (final DatagramReceiver receiver : receivers)
        {
            total += receiver == null ? 0 : count.applyAsLong(receiver);
        }
        return total;
    }

    private static int busiestTaskQueue(final EventLoop[] eventLoops)
    {
        int busiest = 0;
        for (final EventLoop loop : eventLoops)
        {
            if (loop instanceof final SingleThreadEventExecutor executor)
            {
                busiest = Math.max(busiest, executor.pendingTasks());
            }
        }
        return busiest;
    }

    /**
     * The worst wait of a handed-over message over the loops, each loop's window counted once:
     * a window already seen reads as no wait. Runs on the shedder's thread, which owns it.
     */
    private static final class LagSampler implements LongSupplier
    {
        private final CallLoop[] loops;
        private final long[] seen;

        LagSampler(final CallLoop[] loops)
        {
            this.loops = loops;
            this.seen = new long[loops.length];
        }

        @Override
        public long getAsLong()
        {
            long worst = 0;
            for (int i = 0; i < loops.length; i++)
            {
                final long window = loops[i].lagWindow();
                final long lagNs = loops[i].lagNs();
                if (window != seen[i])
                {
                    seen[i] = window;
                    worst = Math.max(worst, lagNs);
                }
            }
            return worst;
        }
    }

    private static int maxMessageBytes(final SipLimits limits)
    {
        return limits.maxStartLineBytes() + limits.maxHeaderBytes() + limits.maxBodyBytes() + 4;
    }

    private static Channel connect(final EventLoop loop, final InetSocketAddress address,
        final SipMessageHandler handler, final Class<? extends Channel> socketClass, final SwitchConfig config)
    {
        return new Bootstrap().group(loop).channel(socketClass)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3_000)
            .handler(new ChannelInitializer<>()
            {
                @Override
                protected void initChannel(final Channel channel)
                {
                    channel.pipeline().addLast(new ConnectWaitHandler(), new SipStreamDecoder(config.limits(), handler));
                }
            })
            .connect(address).channel();
    }

    /**
     * Replaces the customer and vendor trunks without a restart (the admin API's provisioning):
     * new calls are admitted and sent by the new set; calls in progress finish on the trunks they
     * started with. The caller validates the set as the configuration file is validated.
     *
     * @param customers the customer trunks from now on.
     * @param vendors   the vendor trunks from now on.
     * @throws IllegalArgumentException when two customer trunks share a source and tech prefix.
     */
    public void replaceTrunks(final List<CustomerTrunk> customers, final List<VendorTrunk> vendors)
    {
        context.replaceTrunks(customers, vendors);
    }

    /**
     * The UDP port bound.
     *
     * @return the port, or -1 when UDP is off.
     */
    public int udpPort()
    {
        return udpPort;
    }

    /**
     * The TCP port bound.
     *
     * @return the port, or -1 when TCP is off.
     */
    public int tcpPort()
    {
        return tcpPort;
    }

    /**
     * Puts another shedder in charge of the share of new calls refused, for tests that set it.
     *
     * @param shedder the shedder the loops read from now on.
     */
    void shedder(final LoadShedder shedder)
    {
        context.shedder(shedder);
    }

    /**
     * The signaling event loops, for tests that make them fall behind.
     *
     * @return the loops.
     */
    List<EventLoop> eventLoops()
    {
        final List<EventLoop> eventLoops = new ArrayList<>(loops.length);
        for (final CallLoop loop : loops)
        {
            eventLoops.add(loop.eventLoop());
        }
        return eventLoops;
    }

    /**
     * Stops taking traffic, drops every call without signalling, and releases every port and
     * thread.
     */
    @Override
    public void close()
    {
        overloadMonitor.shutdownNow();
        for (int i = 0; i < receivers.length; i++)
        {
            if (receivers[i] != null)
            {
                // Its duplicate descriptor would keep the port bound after the channel closes.
                loops[i].eventLoop().submit(receivers[i]::close).syncUninterruptibly();
            }
        }
        for (final Channel channel : channels)
        {
            channel.close().syncUninterruptibly();
        }
        for (final CallLoop loop : loops)
        {
            loop.eventLoop().submit(loop::shutdown).syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
