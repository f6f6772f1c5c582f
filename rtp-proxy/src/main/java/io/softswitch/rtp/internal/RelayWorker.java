package io.softswitch.rtp.internal;

import io.softswitch.rtp.MediaIo;
import io.softswitch.rtp.RelayConfig;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One relay thread's duty cycle: take the conductor's commands, let the I/O backend wait, take
 * the commands that came during the wait, receive and relay ({@link RelayIo}: {@link EpollRelayIo}
 * or {@link UringRelayIo}), then, a few times a second, look for streams that went silent or
 * one-way.
 *
 * <p>The parts: {@link RelayCommandHandler} applies commands, {@link PacketForwarder} decides each
 * datagram's fate ({@link SourceLatch} for its source), {@link MediaTimeoutScan} raises media
 * events.
 *
 * <p>Everything here is owned by this thread and preallocated: streams, native memory for
 * batches and addresses, the report flyweight. The packet path allocates nothing and takes no
 * lock; the clock is read once per cycle.
 */
public final class RelayWorker
{
    /** How often a relay thread looks for streams that went silent or one-way. */
    public static final long SCAN_INTERVAL_NS = 100_000_000L;

    private final LinuxNet net;
    private final int wakeFd;
    private final RelayIo io;
    private final MediaIo ioKind;
    private final RelayStreams streams;
    private final RelayCommandHandler commands;
    private final MediaTimeoutScan timeouts;
    private long lastScanNs;

    /**
     * Creates a relay thread's state.
     *
     * @param index           which thread.
     * @param arena           where its native memory lives (closed by the owner).
     * @param capacity        streams it holds at most.
     * @param commands        the conductor's commands to it.
     * @param reports         its reports to the conductor (shared by all threads).
     * @param config          the relay's setup (timeouts, I/O backend, coalescing).
     */
    public RelayWorker(final int index, final Arena arena, final int capacity, final RingBuffer commands,
        final RingBuffer reports, final RelayConfig config)
    {
        this.net = new LinuxNet(arena);
        this.streams = new RelayStreams(capacity);
        final MemorySegment addresses = arena.allocate((long)capacity * RelayStream.STREAM_ADDRESS_BYTES, 8);
        this.wakeFd = net.eventFd();
        if (wakeFd < 0)
        {
            throw new IllegalStateException("eventfd failed errno=" + -wakeFd);
        }
        final long learnWindowNs = config.learnWindowMs() * 1_000_000L;
        RelayIo chosen = null;
        if (config.io() == MediaIo.IO_URING)
        {
            try
            {
                chosen = new UringRelayIo(arena, net, streams, addresses, learnWindowNs, wakeFd, capacity,
                    config.coalesceUs());
            }
            catch (final IllegalStateException ex)
            {
                System.getLogger(RelayWorker.class.getName()).log(System.Logger.Level.WARNING,
                    "relay thread {0} falls back to epoll: io_uring refused ({1})", index, ex.getMessage());
            }
        }
        this.ioKind = chosen == null ? MediaIo.EPOLL : MediaIo.IO_URING;
        this.io = chosen == null ? new EpollRelayIo(arena, net, streams, addresses, learnWindowNs, wakeFd) : chosen;
        this.commands = new RelayCommandHandler(index, io, commands, reports, streams, addresses);
        this.timeouts = new MediaTimeoutScan(streams, this.commands, reports, config.mediaTimeoutMs() * 1_000_000L,
            config.holdTimeoutMs() * 1_000_000L, config.oneWayTimeoutMs() * 1_000_000L);
    }

    /**
     * The descriptor that wakes this thread when the conductor wrote a command.
     *
     * @return the eventfd.
     */
    public int wakeFd()
    {
        return wakeFd;
    }

    /**
     * The I/O backend this thread runs: the configured one, or epoll after a refused io_uring.
     *
     * @return the backend.
     */
    public MediaIo io()
    {
        return ioKind;
    }

    /**
     * Whether the backend itself holds a turn back until the coalescing interval passed (io_uring
     * with the kernel's minimum-wait window), so that the thread must not sleep for it as well.
     *
     * @return true when it does.
     */
    public boolean coalescesInKernel()
    {
        return io.coalesces();
    }

    /**
     * One duty cycle.
     *
     * @param clockNs the clock, read once by the caller.
     * @param waitMs  longest wait for datagrams, 0 to poll.
     * @return work done (commands and datagrams).
     */
    public int doWork(final long clockNs, final int waitMs)
    {
        int work = commands.poll(clockNs);
        io.await(work > 0 ? 0 : waitMs);
        // An anchor written during the wait goes before the datagrams that came with it: its
        // other side may have sent them only once it had the anchor's answer.
        work += commands.poll(clockNs);
        work += io.relay(clockNs);
        if (clockNs - lastScanNs >= SCAN_INTERVAL_NS)
        {
            lastScanNs = clockNs;
            timeouts.scan(clockNs);
        }
        return work;
    }

    /**
     * Streams open on this thread.
     *
     * @return the count.
     */
    public int activeStreams()
    {
        return streams.activeCount();
    }

    /**
     * Datagrams that did not fit a full socket buffer when sent on.
     *
     * @return the count.
     */
    public long sendDrops()
    {
        return io.sendDrops();
    }

    /**
     * Datagrams that were neither RTP nor RTCP version 2.
     *
     * @return the count.
     */
    public long malformed()
    {
        return io.malformed();
    }

    /**
     * Closes the backend and the eventfd; the streams' sockets belong to the conductor.
     */
    public void close()
    {
        io.close();
        net.close(wakeFd);
    }
}
