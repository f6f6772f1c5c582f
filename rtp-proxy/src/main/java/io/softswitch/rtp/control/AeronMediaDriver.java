package io.softswitch.rtp.control;

import io.aeron.Aeron;
import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.SendChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import io.aeron.driver.media.UdpChannelTransport;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;

/**
 * An embedded Aeron media driver and a client of it, sized for control messages: one shared
 * driver thread that parks when idle (the machine's cores belong to SIP and RTP), small terms,
 * its own directory under {@code /dev/shm} removed on close.
 *
 * <p>{@link #launchHosted} runs neither a driver thread nor a client conductor thread: their duty
 * cycles run on a thread of the owner's ({@link #hostedOn}), the relay's {@code media-conductor}.
 * Three threads that each woke a few hundred times a second when idle become one, and that one
 * sleeps on the driver's UDP sockets ({@link #idleStrategy}).
 */
public final class AeronMediaDriver implements AutoCloseable
{
    private static final int TERM_LENGTH = 1 << 20;
    /**
     * Longest park of an idle driver or client thread: a control message waits at most this long
     * to be picked up, and an idle switch wakes these threads a few hundred times a second, not
     * tens of thousands.
     */
    private static final long MAX_PARK_NS = 5_000_000L;
    /**
     * How often the driver's conductor checks its timers (client liveness, lingering resources).
     * Aeron's default, 1 ms, counts as work every millisecond, so an idle host's back-off never
     * parks longer than that; control traffic needs none of that precision.
     */
    private static final long TIMER_INTERVAL_NS = 10_000_000L;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final Selector sockets;

    private AeronMediaDriver(final MediaDriver driver, final Aeron aeron, final Selector sockets)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.sockets = sockets;
    }

    private static MediaDriver.Context driverContext(final String name)
    {
        final String parent = new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        final String dir = parent + "/softswitch-" + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return new MediaDriver.Context()
            .aeronDirectoryName(dir)
            // Name resolution of a UDP endpoint is rare here: the driver's conductor does it, and no
            // executor thread polls at idle.
            .asyncExecutorEnabled(false)
            .timerIntervalNs(TIMER_INTERVAL_NS)
            .ipcTermBufferLength(TERM_LENGTH)
            .publicationTermBufferLength(TERM_LENGTH)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
    }

    /**
     * Starts a driver and connects a client whose duty cycles run on the caller's thread (see
     * {@link #hostedOn}). A client call that waits for the driver (adding a publication) runs the
     * driver's duty cycle itself meanwhile, under the client's lock.
     *
     * @param name what the directory is named after.
     * @return the driver, without threads of its own.
     */
    public static AeronMediaDriver launchHosted(final String name)
    {
        final Selector sockets = openSelector();
        final MediaDriver driver;
        try
        {
            driver = MediaDriver.launchEmbedded(driverContext(name)
                .threadingMode(ThreadingMode.INVOKER)
                .receiveChannelEndpointSupplier((channel, dispatcher, status, context) ->
                    new WatchedReceiveEndpoint(channel, dispatcher, status, context, sockets))
                .sendChannelEndpointSupplier((channel, status, context) ->
                    new WatchedSendEndpoint(channel, status, context, sockets)));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(sockets);
            throw ex;
        }
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .useConductorAgentInvoker(true)
                .driverAgentInvoker(driver.sharedAgentInvoker()));
            return new AeronMediaDriver(driver, aeron, sockets);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(driver, sockets);
            throw ex;
        }
    }

    /**
     * The idle strategy of the thread that hosts a driver started by {@link #launchHosted}: it
     * sleeps until one of the driver's UDP sockets has a datagram, backing off to
     * {@code maxParkMs} without one.
     *
     * @param maxParkMs the longest sleep: what a command over IPC, which wakes no socket, may wait.
     * @return the strategy, for one thread.
     */
    public IdleStrategy idleStrategy(final long maxParkMs)
    {
        if (sockets == null)
        {
            throw new IllegalStateException("not launched hosted");
        }
        return new DriverSocketIdleStrategy(sockets, maxParkMs);
    }

    /**
     * An agent that runs the driver's duty cycle, then {@code owner}'s, then the client's, for a
     * driver started by {@link #launchHosted}, and reports the owner's work alone (what should
     * keep its host from backing off). The driver's cycle runs only under the client's lock, which
     * a client call waiting for the driver holds while it runs that cycle itself: one thread at a
     * time in the driver.
     *
     * @param owner the agent of the thread that hosts them.
     * @return the agent to run, named as {@code owner}.
     */
    public Agent hostedOn(final Agent owner)
    {
        final AgentInvoker driverDuty = driver.sharedAgentInvoker();
        final AgentInvoker clientDuty = aeron.conductorAgentInvoker();
        if (driverDuty == null || clientDuty == null)
        {
            throw new IllegalStateException("not launched hosted");
        }
        final Lock clientLock = aeron.context().clientLock();
        return new Agent()
        {
            @Override
            public int doWork() throws Exception
            {
                // The driver first: a command it just took off the wire is in the log when the owner
                // polls. Only the owner's work counts: the driver's and the client's timers and
                // heartbeats are housekeeping, and counting them kept the host's back-off from ever
                // reaching its longest park.
                if (clientLock.tryLock())
                {
                    try
                    {
                        driverDuty.invoke();
                    }
                    finally
                    {
                        clientLock.unlock();
                    }
                }
                final int work = owner.doWork();
                clientDuty.invoke();
                return work;
            }

            @Override
            public void onClose()
            {
                owner.onClose();
            }

            @Override
            public String roleName()
            {
                return owner.roleName();
            }
        };
    }

    /**
     * Starts a driver and connects a client.
     *
     * @param name what the directory is named after ({@code softswitch-media-NAME-random}).
     * @return the running driver.
     */
    public static AeronMediaDriver launch(final String name)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(driverContext(name)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(1, 1, 1_000, MAX_PARK_NS)));
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .idleStrategy(new BackoffIdleStrategy(1, 1, 1_000, MAX_PARK_NS)));
            return new AeronMediaDriver(driver, aeron, null);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /** @return the client. */
    public Aeron aeron()
    {
        return aeron;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver, sockets);
    }

    private static Selector openSelector()
    {
        try
        {
            return Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void watch(final UdpChannelTransport transport, final Selector sockets)
    {
        final DatagramChannel channel = transport.receiveDatagramChannel();
        try
        {
            channel.register(sockets, SelectionKey.OP_READ);
        }
        catch (final ClosedChannelException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** A receive endpoint whose socket wakes the hosting thread. */
    private static final class WatchedReceiveEndpoint extends ReceiveChannelEndpoint
    {
        private final Selector sockets;

        WatchedReceiveEndpoint(final UdpChannel channel,
            final DataPacketDispatcher dispatcher,
            final AtomicCounter status, final MediaDriver.Context context,
            final Selector sockets)
        {
            super(channel, dispatcher, status, context);
            this.sockets = sockets;
        }

        @Override
        public void openDatagramChannel(final AtomicCounter status)
        {
            super.openDatagramChannel(status);
            watch(this, sockets);
        }
    }

    /** A send endpoint whose socket (status messages, NAKs) wakes the hosting thread. */
    private static final class WatchedSendEndpoint extends SendChannelEndpoint
    {
        private final Selector sockets;

        WatchedSendEndpoint(final UdpChannel channel,
            final AtomicCounter status, final MediaDriver.Context context,
            final Selector sockets)
        {
            super(channel, status, context);
            this.sockets = sockets;
        }

        @Override
        public void openDatagramChannel(final AtomicCounter status)
        {
            super.openDatagramChannel(status);
            watch(this, sockets);
        }
    }
}
