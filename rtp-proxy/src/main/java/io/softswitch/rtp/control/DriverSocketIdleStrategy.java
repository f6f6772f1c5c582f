package io.softswitch.rtp.control;

import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;

/**
 * The idle strategy of a thread that hosts an Aeron driver: it sleeps in {@link Selector#select}
 * on the driver's UDP sockets, so a datagram for the driver (a controller's command, a status
 * message) ends the sleep at once. It backs off from {@value #MIN_PARK_MS} ms after work, doubling
 * at each sleep that no datagram ended, to its longest park.
 *
 * <p>Why not a plain park: a park must be short for a command to be taken soon, and on a virtual
 * machine each wake-up of an idle thread costs tens of microseconds, so a media node's conductor
 * that woke every few milliseconds cost more CPU than relaying a thousand packets a second. Woken
 * by its sockets, it can sleep for tens of milliseconds: only timers (Aeron's heartbeats, status
 * messages, liveness) need it then. Commands over IPC wake nothing, so an IPC host keeps the
 * longest park short. One thread owns it.
 */
final class DriverSocketIdleStrategy implements IdleStrategy
{
    /** The first park after work: a reply or a handshake's next step is usually this close. */
    static final long MIN_PARK_MS = 1;

    private final Selector sockets;
    private final long maxParkMs;
    private long parkMs = MIN_PARK_MS;

    /**
     * Creates the strategy.
     *
     * @param sockets   where the driver's sockets are registered for reading.
     * @param maxParkMs the longest sleep without a datagram.
     */
    DriverSocketIdleStrategy(final Selector sockets, final long maxParkMs)
    {
        if (maxParkMs < MIN_PARK_MS)
        {
            throw new IllegalArgumentException("maxParkMs=" + maxParkMs);
        }
        this.sockets = sockets;
        this.maxParkMs = maxParkMs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        try
        {
            sockets.select(parkMs);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        if (sockets.selectedKeys().isEmpty())
        {
            parkMs = Math.min(maxParkMs, parkMs * 2);
        }
        else
        {
            // Most datagrams are Aeron's own heartbeats and status messages: only a command (the
            // owner's work) starts the back-off again.
            sockets.selectedKeys().clear();
        }
    }

    @Override
    public void reset()
    {
        parkMs = MIN_PARK_MS;
    }

    /** @return how long the next idle call may sleep, in ms. */
    long parkMs()
    {
        return parkMs;
    }
}
