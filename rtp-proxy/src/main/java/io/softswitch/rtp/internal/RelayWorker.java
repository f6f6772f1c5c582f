package io.softswitch.rtp.internal;

import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One relay thread's duty cycle: take the conductor's commands, wait in epoll, and for each ready
 * socket receive a batch of datagrams with one {@code recvmmsg}, drop those from a source other
 * than the latched one, count the rest and send them on with one {@code sendmmsg} per outgoing
 * socket. Then, a few times a second, look for streams that went silent or one-way.
 *
 * <p>The parts: {@link RelayCommandHandler} applies commands, {@link ReceiveBatch} and
 * {@link SendBatch} hold the native batches, {@link SourceLatch} decides which source is this
 * side's and where a side's packets go, {@link MediaTimeoutScan} raises media events.
 *
 * <p>Everything here is owned by this thread and preallocated: streams, native memory for
 * batches and addresses, the report flyweight. The packet path allocates nothing and takes no
 * lock; the clock is read once per cycle.
 */
public final class RelayWorker
{
    static final int MAX_EVENTS = 256;
    static final int MAX_DRAIN_ROUNDS = 8;
    static final long WAKE_DATA = -1L;
    static final long SCAN_INTERVAL_NS = 100_000_000L;

    private final LinuxNet net;
    private final int epfd;
    private final int wakeFd;
    private final RelayStreams streams;
    private final RelayCommandHandler commands;
    private final MediaTimeoutScan timeouts;
    private final SourceLatch latch;
    private final MemorySegment events;
    private final long addressesAddress;
    private final ReceiveBatch received;
    /** Index 0: towards the far side's RTP socket, 1: towards its RTCP socket. */
    private final SendBatch[] outgoing;
    private final RtpPacket packet = new RtpPacket();
    private long nowNs;
    private long lastScanNs;
    private long sendDrops;
    private long malformed;

    /**
     * Creates a relay thread's state.
     *
     * @param index           which thread.
     * @param arena           where its native memory lives (closed by the owner).
     * @param capacity        streams it holds at most.
     * @param commands        the conductor's commands to it.
     * @param reports         its reports to the conductor (shared by all threads).
     * @param learnWindowMs   latching window.
     * @param mediaTimeoutMs  media timeout.
     * @param holdTimeoutMs   media timeout on hold.
     * @param oneWayTimeoutMs one-way timeout, 0 off.
     */
    public RelayWorker(final int index, final Arena arena, final int capacity, final RingBuffer commands,
        final RingBuffer reports, final long learnWindowMs, final long mediaTimeoutMs, final long holdTimeoutMs,
        final long oneWayTimeoutMs)
    {
        this.net = new LinuxNet(arena);
        this.streams = new RelayStreams(capacity);
        this.events = arena.allocate((long)MAX_EVENTS * LinuxNet.EPOLL_EVENT_SIZE, 8);
        final MemorySegment addresses = arena.allocate((long)capacity * RelayStream.STREAM_ADDRESS_BYTES, 8);
        this.addressesAddress = addresses.address();
        this.received = new ReceiveBatch(arena);
        this.outgoing = new SendBatch[] {new SendBatch(arena), new SendBatch(arena)};
        this.latch = new SourceLatch(received.names, addresses, learnWindowMs * 1_000_000L);
        this.epfd = net.epollCreate();
        this.wakeFd = net.eventFd();
        if (epfd < 0 || wakeFd < 0)
        {
            throw new IllegalStateException("epoll setup failed epfd=" + epfd + " wakeFd=" + wakeFd);
        }
        net.epollAdd(epfd, wakeFd, WAKE_DATA);
        this.commands = new RelayCommandHandler(index, net, epfd, commands, reports, streams, addresses);
        this.timeouts = new MediaTimeoutScan(streams, this.commands, reports, mediaTimeoutMs * 1_000_000L,
            holdTimeoutMs * 1_000_000L, oneWayTimeoutMs * 1_000_000L);
    }

    /**
     * The descriptor that wakes this thread out of epoll when the conductor wrote a command.
     *
     * @return the eventfd.
     */
    public int wakeFd()
    {
        return wakeFd;
    }

    /**
     * One duty cycle.
     *
     * @param clockNs the clock, read once by the caller.
     * @param waitMs  longest wait in epoll, 0 to poll.
     * @return work done (commands and datagrams).
     */
    public int doWork(final long clockNs, final int waitMs)
    {
        this.nowNs = clockNs;
        int work = commands.poll(clockNs);
        final int ready = net.epollWait(epfd, events, MAX_EVENTS, work > 0 ? 0 : waitMs);
        for (int i = 0; i < ready; i++)
        {
            final long data = LinuxNet.epollData(events, i);
            if (data == WAKE_DATA)
            {
                net.drainSignal(wakeFd);
                continue;
            }
            work += receive(streams.bySlot((int)(data >>> 2)), (int)(data >> 1) & 1, (int)data & 1);
        }
        if (clockNs - lastScanNs >= SCAN_INTERVAL_NS)
        {
            lastScanNs = clockNs;
            timeouts.scan(clockNs);
        }
        return work;
    }

    private int receive(final RelayStream stream, final int side, final int rtcpSocket)
    {
        if (!stream.active)
        {
            return 0;
        }
        final int fd = stream.fds[side * 2 + rtcpSocket];
        int total = 0;
        for (int round = 0; round < MAX_DRAIN_ROUNDS; round++)
        {
            final int count = received.receive(net, fd);
            if (count <= 0)
            {
                break;
            }
            total += count;
            relayBatch(stream, side, rtcpSocket, count);
            if (count < ReceiveBatch.BATCH)
            {
                break;
            }
        }
        return total;
    }

    private void relayBatch(final RelayStream stream, final int side, final int rtcpSocket, final int count)
    {
        final int other = 1 - side;
        final StreamStats stats = stream.stats[side];
        final int socket = side * 2 + rtcpSocket;
        final long arrivalUs = nowNs / 1000L;
        for (int i = 0; i < count; i++)
        {
            if (!latch.accept(stream, socket, ReceiveBatch.nameOffset(i), nowNs))
            {
                stats.sprayed++;
                continue;
            }
            final int length = received.length(i);
            final long bufferOffset = ReceiveBatch.bufferOffset(i);
            if (stream.opaque)
            {
                relayOpaque(stream, side, rtcpSocket, bufferOffset, length);
                continue;
            }
            packet.wrap(received.buffers, bufferOffset);
            if (!packet.isVersion2(length))
            {
                malformed++;
                continue;
            }
            final int rtcp = rtcpSocket == 1 || packet.isRtcp() ? 1 : 0;
            stream.lastPacketNs[side] = nowNs;
            if (rtcp == 1)
            {
                stats.rtcpPackets++;
                StreamStats.onRtcp(packet, length, stream.stats[other]);
            }
            else if (length >= RtpPacket.HEADER_LENGTH)
            {
                stats.onRtp(length, packet.payloadType(), packet.sequence(), packet.timestamp(), packet.ssrc(),
                    arrivalUs, nowNs);
            }
            else
            {
                malformed++;
                continue;
            }
            final int outRtcp = stream.mux[other] ? 0 : rtcp;
            send(stream, other, outRtcp, bufferOffset, length);
        }
        // A full socket buffer: RTP is not retransmitted, so what did not fit is lost, counted.
        sendDrops += outgoing[0].flush(net, stream.fds[other * 2]);
        sendDrops += outgoing[1].flush(net, stream.fds[other * 2 + 1]);
    }

    private void relayOpaque(final RelayStream stream, final int side, final int rtcpSocket, final long bufferOffset,
        final int length)
    {
        final StreamStats stats = stream.stats[side];
        stats.packets++;
        stats.bytes += length;
        stream.lastPacketNs[side] = nowNs;
        send(stream, 1 - side, rtcpSocket, bufferOffset, length);
    }

    private void send(final RelayStream stream, final int to, final int out, final long bufferOffset, final int length)
    {
        final long destination = SourceLatch.destination(stream, to, out);
        if (destination < 0)
        {
            stream.stats[1 - to].undeliverable++;
            return;
        }
        outgoing[out].queue(addressesAddress + destination, stream.announcedLength[to],
            received.buffersAddress + bufferOffset, length);
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
        return sendDrops;
    }

    /**
     * Datagrams that were neither RTP nor RTCP version 2.
     *
     * @return the count.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * Closes the epoll instance and the eventfd; the streams' sockets belong to the conductor.
     */
    public void close()
    {
        net.close(wakeFd);
        net.close(epfd);
    }
}
