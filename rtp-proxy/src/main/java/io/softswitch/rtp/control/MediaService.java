package io.softswitch.rtp.control;

import io.softswitch.rtp.MediaRelay;
import io.softswitch.rtp.RelayConfig;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;

/**
 * A relay with its control server: the relay threads, an embedded Aeron driver, and the
 * {@code media-conductor} thread that serves the control protocol and runs the driver's and the
 * Aeron client's duty cycles. In the switch's process it
 * listens on IPC (the default); on a media node on UDP.
 */
public final class MediaService implements AutoCloseable
{
    /** The in-process command channel. */
    public static final String IPC = "aeron:ipc";
    /** Commands over IPC wake nothing: the conductor looks for them at least this often. */
    private static final long IPC_MAX_PARK_MS = 5;
    /**
     * Over UDP a command wakes the conductor; without one it wakes only for Aeron's timers
     * (heartbeats every 100 ms, status messages every 200 ms) and the relay's reports.
     */
    private static final long UDP_MAX_PARK_MS = 50;

    private final AeronMediaDriver driver;
    private final MediaRelay relay;
    private final MediaControlServer server;
    private final AgentRunner runner;
    private final String commandChannel;

    private MediaService(final AeronMediaDriver driver, final MediaRelay relay, final MediaControlServer server,
        final AgentRunner runner, final String commandChannel)
    {
        this.driver = driver;
        this.relay = relay;
        this.server = server;
        this.runner = runner;
        this.commandChannel = commandChannel;
    }

    /**
     * Starts a relay and its control server.
     *
     * @param config         the relay's setup.
     * @param commandChannel {@link #IPC}, or {@code aeron:udp?endpoint=host:port} for a media node.
     * @return the running service.
     */
    public static MediaService launch(final RelayConfig config, final String commandChannel)
    {
        // The driver and client conductors run on the media-conductor thread: no threads of their own.
        final AeronMediaDriver driver = AeronMediaDriver.launchHosted("media");
        MediaRelay relay = null;
        try
        {
            relay = MediaRelay.launch(config);
            final MediaControlServer server = new MediaControlServer(driver.aeron(), relay, commandChannel);
            // The conductor sleeps until a datagram reaches the driver's sockets (a media node's
            // commands over UDP), at most the longest park: what a command over IPC may wait.
            final long maxParkMs = commandChannel.startsWith(IPC) ? IPC_MAX_PARK_MS : UDP_MAX_PARK_MS;
            final AgentRunner runner = new AgentRunner(driver.idleStrategy(maxParkMs),
                Throwable::printStackTrace, null, driver.hostedOn(server));
            AgentRunner.startOnThread(runner);
            return new MediaService(driver, relay, server, runner, commandChannel);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(relay, driver);
            throw ex;
        }
    }

    /**
     * A controller for a switch in the same process, over IPC and the same driver.
     *
     * @param controllerId the controller's id, unique in this process.
     * @return the client.
     */
    public MediaControlClient newLocalClient(final int controllerId)
    {
        return new MediaControlClient(driver.aeron(), commandChannel, IPC, controllerId);
    }

    /** @return the control server (its counters). */
    public MediaControlServer server()
    {
        return server;
    }

    /** @return the command channel. */
    public String commandChannel()
    {
        return commandChannel;
    }

    /**
     * Stops serving, then the relay (its sockets close, its ports are free), then the driver.
     */
    @Override
    public void close()
    {
        CloseHelper.closeAll(runner, relay, driver);
    }
}
