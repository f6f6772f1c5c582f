package io.softswitch.rtp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a relay is set up: where it listens, its port range and its timeouts. Validated once when
 * built; values in the units their names say.
 *
 * @param bindAddress       local address the relay's sockets bind to.
 * @param advertisedAddress address peers are told in SDP (a public address in front of NAT).
 * @param minPort           lowest port of the range (even).
 * @param maxPort           highest port of the range.
 * @param quarantineMs      how long a released pair rests before reuse.
 * @param mediaTimeoutMs    no packet from either side this long ends the call.
 * @param holdTimeoutMs     the same, while the call is on hold.
 * @param oneWayTimeoutMs   packets from one side only this long ends the call; 0 disables.
 * @param learnWindowMs     how long a source learnt from packets may still be replaced by the
 *                          SDP-announced one (RFC 7362 latching); after it, strict source.
 * @param workers           relay threads.
 * @param sessionsPerWorker streams one relay thread holds at most.
 * @param socketBufferBytes receive and send buffer per socket, 0 for the system default.
 * @param realtimePriority  {@code SCHED_FIFO} priority of the relay threads (1 to 99), 0 to leave
 *                          them in the normal class; see docs/media.md, "The relay's threads".
 * @param coalesceUs        after a turn that relayed packets, a relay thread takes its next turn
 *                          no sooner than this after the last one began, so that one wake-up
 *                          serves the packets of that interval; 0 for a turn per wake-up.
 * @param io                how the relay threads move datagrams through the kernel; see
 *                          docs/media.md, "The relay's I/O backends".
 */
public record RelayConfig(
    InetAddress bindAddress,
    InetAddress advertisedAddress,
    int minPort,
    int maxPort,
    long quarantineMs,
    long mediaTimeoutMs,
    long holdTimeoutMs,
    long oneWayTimeoutMs,
    long learnWindowMs,
    int workers,
    int sessionsPerWorker,
    int socketBufferBytes,
    int realtimePriority,
    long coalesceUs,
    MediaIo io)
{
    /** Default port range start. */
    public static final int MIN_PORT_DEFAULT = 30000;
    /** Default port range end. */
    public static final int MAX_PORT_DEFAULT = 39999;
    /** Default I/O backend of the relay threads. */
    public static final MediaIo IO_DEFAULT = MediaIo.IO_URING;
    /**
     * Default coalescing interval, µs: at 100 calls it cut the relay's CPU per packet by half and
     * its p99 with it (fewer wake-ups, fewer preemptions by the threads it wakes); docs/media.md.
     */
    public static final long COALESCE_US_DEFAULT = 500;

    /**
     * Validates.
     */
    public RelayConfig
    {
        if (bindAddress == null || advertisedAddress == null)
        {
            throw new IllegalArgumentException("bindAddress and advertisedAddress are required");
        }
        if (minPort < 1024 || maxPort > 65535 || maxPort <= minPort)
        {
            throw new IllegalArgumentException("bad port range minPort=" + minPort + " maxPort=" + maxPort);
        }
        if (quarantineMs < 0 || mediaTimeoutMs <= 0 || holdTimeoutMs < mediaTimeoutMs || oneWayTimeoutMs < 0
            || learnWindowMs < 0)
        {
            throw new IllegalArgumentException("bad timeouts quarantineMs=" + quarantineMs + " mediaTimeoutMs="
                + mediaTimeoutMs + " holdTimeoutMs=" + holdTimeoutMs + " oneWayTimeoutMs=" + oneWayTimeoutMs
                + " learnWindowMs=" + learnWindowMs);
        }
        if (workers < 1 || workers > 64 || sessionsPerWorker < 1 || socketBufferBytes < 0)
        {
            throw new IllegalArgumentException("bad sizes workers=" + workers + " sessionsPerWorker="
                + sessionsPerWorker + " socketBufferBytes=" + socketBufferBytes);
        }
        if (io == null)
        {
            throw new IllegalArgumentException("io is required");
        }
        if (realtimePriority < 0 || realtimePriority > 99 || coalesceUs < 0 || coalesceUs > 10_000)
        {
            throw new IllegalArgumentException("bad scheduling realtimePriority=" + realtimePriority
                + " coalesceUs=" + coalesceUs);
        }
    }

    /**
     * Defaults on loopback: ports 30000-39999, quarantine 4 s, media timeout 60 s, hold 2 h,
     * one-way 30 s, learning 2 s, one relay thread of 8,192 streams on io_uring in the normal scheduling
     * class, at most one turn per {@value #COALESCE_US_DEFAULT} µs while packets flow.
     *
     * @return the defaults.
     */
    public static RelayConfig defaults()
    {
        try
        {
            final InetAddress loopback = InetAddress.getByName("127.0.0.1");
            return new RelayConfig(loopback, loopback, MIN_PORT_DEFAULT, MAX_PORT_DEFAULT, 4_000, 60_000,
                7_200_000, 30_000, 2_000, 1, 8_192, 0, 0, COALESCE_US_DEFAULT, IO_DEFAULT);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A copy with another address.
     *
     * @param bind       where to bind.
     * @param advertised what to announce.
     * @return the copy.
     */
    public RelayConfig withAddresses(final InetAddress bind, final InetAddress advertised)
    {
        return new RelayConfig(bind, advertised, minPort, maxPort, quarantineMs, mediaTimeoutMs, holdTimeoutMs,
            oneWayTimeoutMs, learnWindowMs, workers, sessionsPerWorker, socketBufferBytes, realtimePriority,
            coalesceUs, io);
    }

    /**
     * A copy with another port range.
     *
     * @param min lowest port.
     * @param max highest port.
     * @return the copy.
     */
    public RelayConfig withPorts(final int min, final int max)
    {
        return new RelayConfig(bindAddress, advertisedAddress, min, max, quarantineMs, mediaTimeoutMs, holdTimeoutMs,
            oneWayTimeoutMs, learnWindowMs, workers, sessionsPerWorker, socketBufferBytes, realtimePriority,
            coalesceUs, io);
    }

    /**
     * A copy with other timeouts.
     *
     * @param quarantine ms a released pair rests.
     * @param media      media timeout, ms.
     * @param hold       media timeout on hold, ms.
     * @param oneWay     one-way timeout, ms.
     * @param learn      learning window, ms.
     * @return the copy.
     */
    public RelayConfig withTimeouts(final long quarantine, final long media, final long hold, final long oneWay,
        final long learn)
    {
        return new RelayConfig(bindAddress, advertisedAddress, minPort, maxPort, quarantine, media, hold, oneWay, learn,
            workers, sessionsPerWorker, socketBufferBytes, realtimePriority, coalesceUs, io);
    }

    /**
     * A copy with other sizes.
     *
     * @param threads  relay threads.
     * @param sessions streams per thread.
     * @param buffer   socket buffer bytes, 0 for the default.
     * @return the copy.
     */
    public RelayConfig withSizes(final int threads, final int sessions, final int buffer)
    {
        return new RelayConfig(bindAddress, advertisedAddress, minPort, maxPort, quarantineMs, mediaTimeoutMs,
            holdTimeoutMs, oneWayTimeoutMs, learnWindowMs, threads, sessions, buffer, realtimePriority, coalesceUs, io);
    }

    /**
     * A copy with other scheduling of the relay threads.
     *
     * @param priority {@code SCHED_FIFO} priority, 0 for the normal class.
     * @param coalesce µs between two turns that found packets, 0 for none.
     * @return the copy.
     */
    public RelayConfig withScheduling(final int priority, final long coalesce)
    {
        return new RelayConfig(bindAddress, advertisedAddress, minPort, maxPort, quarantineMs, mediaTimeoutMs,
            holdTimeoutMs, oneWayTimeoutMs, learnWindowMs, workers, sessionsPerWorker, socketBufferBytes, priority,
            coalesce, io);
    }

    /**
     * A copy with another I/O backend.
     *
     * @param backend how the relay threads move datagrams.
     * @return the copy.
     */
    public RelayConfig withIo(final MediaIo backend)
    {
        return new RelayConfig(bindAddress, advertisedAddress, minPort, maxPort, quarantineMs, mediaTimeoutMs,
            holdTimeoutMs, oneWayTimeoutMs, learnWindowMs, workers, sessionsPerWorker, socketBufferBytes,
            realtimePriority, coalesceUs, backend);
    }
}
