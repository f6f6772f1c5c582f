package io.softswitch.rtp.internal;

import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.MediaEventType;
import io.softswitch.rtp.StreamReport;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One relay thread's duty cycle: take the conductor's commands, wait in epoll, and for each ready
 * socket receive a batch of datagrams with one {@code recvmmsg}, drop those from a source other
 * than the latched one, count the rest and send them on with one {@code sendmmsg} per outgoing
 * socket. Then, a few times a second, look for streams that went silent or one-way.
 *
 * <p>Everything here is owned by this thread and preallocated: streams, native memory for
 * batches and addresses, the report flyweight. The packet path allocates nothing and takes no
 * lock; the clock is read once per cycle.
 */
public final class RelayWorker implements MessageHandler
{
    static final int BATCH = 32;
    static final int BUFFER_BYTES = 2048;
    static final int MAX_EVENTS = 256;
    static final int MAX_DRAIN_ROUNDS = 8;
    static final long WAKE_DATA = -1L;
    static final long SCAN_INTERVAL_NS = 100_000_000L;
    /** A side counts as "sending" for one-way detection when its last packet is this recent. */
    static final long ACTIVE_NS = 1_000_000_000L;

    private final int index;
    private final LinuxNet net;
    private final int epfd;
    private final int wakeFd;
    private final RingBuffer commands;
    private final RingBuffer reports;
    private final RelayStream[] streams;
    private final int[] activeSlots;
    private int activeCount;
    private final long learnWindowNs;
    private final long mediaTimeoutNs;
    private final long holdTimeoutNs;
    private final long oneWayTimeoutNs;

    private final MemorySegment events;
    private final MemorySegment addresses;
    private final MemorySegment recvHeaders;
    private final MemorySegment recvIov;
    private final MemorySegment buffers;
    private final MemorySegment names;
    private final MemorySegment[] sendHeaders = new MemorySegment[2];
    private final MemorySegment[] sendIov = new MemorySegment[2];
    private final int[] sendCount = new int[2];
    private final long buffersAddress;
    private final long namesAddress;
    private final long addressesAddress;
    private final RtpPacket packet = new RtpPacket();
    private final StreamReport report = new StreamReport();
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
        this.index = index;
        this.net = new LinuxNet(arena);
        this.commands = commands;
        this.reports = reports;
        this.learnWindowNs = learnWindowMs * 1_000_000L;
        this.mediaTimeoutNs = mediaTimeoutMs * 1_000_000L;
        this.holdTimeoutNs = holdTimeoutMs * 1_000_000L;
        this.oneWayTimeoutNs = oneWayTimeoutMs * 1_000_000L;
        this.streams = new RelayStream[capacity];
        for (int i = 0; i < capacity; i++)
        {
            streams[i] = new RelayStream(i);
        }
        this.activeSlots = new int[capacity];
        this.events = arena.allocate((long)MAX_EVENTS * LinuxNet.EPOLL_EVENT_SIZE, 8);
        this.addresses = arena.allocate((long)capacity * RelayStream.STREAM_ADDRESS_BYTES, 8);
        this.recvHeaders = arena.allocate((long)BATCH * LinuxNet.MMSGHDR_SIZE, 8);
        this.recvIov = arena.allocate((long)BATCH * LinuxNet.IOVEC_SIZE, 8);
        this.buffers = arena.allocate((long)BATCH * BUFFER_BYTES, 64);
        this.names = arena.allocate((long)BATCH * RelayStream.ADDRESS_BYTES, 8);
        this.buffersAddress = buffers.address();
        this.namesAddress = names.address();
        this.addressesAddress = addresses.address();
        for (int i = 0; i < BATCH; i++)
        {
            final long header = (long)i * LinuxNet.MMSGHDR_SIZE;
            recvHeaders.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_NAME, namesAddress + (long)i * RelayStream.ADDRESS_BYTES);
            recvHeaders.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_IOV, recvIov.address() + (long)i * LinuxNet.IOVEC_SIZE);
            recvHeaders.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_IOVLEN, 1L);
            recvIov.set(ValueLayout.JAVA_LONG, (long)i * LinuxNet.IOVEC_SIZE, buffersAddress + (long)i * BUFFER_BYTES);
            recvIov.set(ValueLayout.JAVA_LONG, (long)i * LinuxNet.IOVEC_SIZE + 8, BUFFER_BYTES);
        }
        for (int k = 0; k < 2; k++)
        {
            sendHeaders[k] = arena.allocate((long)BATCH * LinuxNet.MMSGHDR_SIZE, 8);
            sendIov[k] = arena.allocate((long)BATCH * LinuxNet.IOVEC_SIZE, 8);
            for (int i = 0; i < BATCH; i++)
            {
                final long header = (long)i * LinuxNet.MMSGHDR_SIZE;
                sendHeaders[k].set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_IOV,
                    sendIov[k].address() + (long)i * LinuxNet.IOVEC_SIZE);
                sendHeaders[k].set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_IOVLEN, 1L);
            }
        }
        this.epfd = net.epollCreate();
        this.wakeFd = net.eventFd();
        if (epfd < 0 || wakeFd < 0)
        {
            throw new IllegalStateException("epoll setup failed epfd=" + epfd + " wakeFd=" + wakeFd);
        }
        net.epollAdd(epfd, wakeFd, WAKE_DATA);
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
        int work = commands.read(this, 64);
        final int ready = net.epollWait(epfd, events, MAX_EVENTS, work > 0 ? 0 : waitMs);
        for (int i = 0; i < ready; i++)
        {
            final long data = LinuxNet.epollData(events, i);
            if (data == WAKE_DATA)
            {
                net.drainSignal(wakeFd);
                continue;
            }
            work += receive(streams[(int)(data >>> 2)], (int)(data >> 1) & 1, (int)data & 1);
        }
        if (clockNs - lastScanNs >= SCAN_INTERVAL_NS)
        {
            lastScanNs = clockNs;
            scanTimeouts();
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
            for (int i = 0; i < BATCH; i++)
            {
                recvHeaders.set(ValueLayout.JAVA_INT, (long)i * LinuxNet.MMSGHDR_SIZE + LinuxNet.MSG_NAMELEN,
                    LinuxNet.SOCKADDR_SIZE);
            }
            final int received = net.recvmmsg(fd, recvHeaders, BATCH);
            if (received <= 0)
            {
                break;
            }
            total += received;
            relayBatch(stream, side, rtcpSocket, received);
            if (received < BATCH)
            {
                break;
            }
        }
        return total;
    }

    private void relayBatch(final RelayStream stream, final int side, final int rtcpSocket, final int received)
    {
        final int other = 1 - side;
        final StreamStats stats = stream.stats[side];
        final int socket = side * 2 + rtcpSocket;
        final long arrivalUs = nowNs / 1000L;
        sendCount[0] = 0;
        sendCount[1] = 0;
        for (int i = 0; i < received; i++)
        {
            final long nameOffset = (long)i * RelayStream.ADDRESS_BYTES;
            if (!acceptSource(stream, socket, nameOffset))
            {
                stats.sprayed++;
                continue;
            }
            final int length = recvHeaders.get(ValueLayout.JAVA_INT, (long)i * LinuxNet.MMSGHDR_SIZE + LinuxNet.MSG_LEN);
            final long bufferOffset = (long)i * BUFFER_BYTES;
            if (stream.opaque)
            {
                relayOpaque(stream, side, rtcpSocket, bufferOffset, length);
                continue;
            }
            packet.wrap(buffers, bufferOffset);
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
            final long destination = destination(stream, other, outRtcp);
            if (destination < 0)
            {
                stats.undeliverable++;
                continue;
            }
            queue(outRtcp, destination, stream.announcedLength[other], bufferOffset, length);
        }
        flush(stream.fds[other * 2], 0);
        flush(stream.fds[other * 2 + 1], 1);
    }

    private void relayOpaque(final RelayStream stream, final int side, final int rtcpSocket, final long bufferOffset,
        final int length)
    {
        final int other = 1 - side;
        final StreamStats stats = stream.stats[side];
        stats.packets++;
        stats.bytes += length;
        stream.lastPacketNs[side] = nowNs;
        final long destination = destination(stream, other, rtcpSocket);
        if (destination < 0)
        {
            stats.undeliverable++;
            return;
        }
        queue(rtcpSocket, destination, stream.announcedLength[other], bufferOffset, length);
    }

    /**
     * RFC 7362 latching: the SDP-announced source is taken at once and for good; another source is
     * taken while nothing is known (on the announced host, or anywhere when the announced address
     * is behind NAT) and may be replaced by the announced one until the learning window closes;
     * after that only the latched source is relayed.
     */
    private boolean acceptSource(final RelayStream stream, final int socket, final long nameOffset)
    {
        final int side = socket >> 1;
        final int rtcp = socket & 1;
        final long latched = stream.latchedOffset(side, rtcp);
        final int state = stream.latch[socket];
        if (state != RelayStream.LATCH_NONE && sameAddress(names, nameOffset, addresses, latched))
        {
            if (state == RelayStream.LATCH_LEARNING && nowNs - stream.latchDeadlineNs[socket] >= 0)
            {
                stream.latch[socket] = RelayStream.LATCH_STRICT;
            }
            return true;
        }
        if (state == RelayStream.LATCH_STRICT)
        {
            return false;
        }
        if (stream.announced[side] && sameAddress(names, nameOffset, addresses, stream.announcedOffset(side, rtcp)))
        {
            MemorySegment.copy(names, nameOffset, addresses, latched, RelayStream.ADDRESS_BYTES);
            stream.latch[socket] = RelayStream.LATCH_STRICT;
            return true;
        }
        if (!stream.anySource[side] && !sameHost(names, nameOffset, addresses, stream.announcedOffset(side, rtcp)))
        {
            // A public address was announced: a source on another host is not this side.
            return false;
        }
        if (state == RelayStream.LATCH_NONE)
        {
            MemorySegment.copy(names, nameOffset, addresses, latched, RelayStream.ADDRESS_BYTES);
            stream.latch[socket] = learnWindowNs == 0 ? RelayStream.LATCH_STRICT : RelayStream.LATCH_LEARNING;
            stream.latchDeadlineNs[socket] = nowNs + learnWindowNs;
            return true;
        }
        if (nowNs - stream.latchDeadlineNs[socket] >= 0)
        {
            stream.latch[socket] = RelayStream.LATCH_STRICT;
        }
        return false;
    }

    /** Where packets for a side go: where they come from once latched (RFC 4961), else its SDP. */
    private long destination(final RelayStream stream, final int side, final int rtcp)
    {
        if (stream.latch[side * 2 + rtcp] != RelayStream.LATCH_NONE)
        {
            return stream.latchedOffset(side, rtcp);
        }
        if (stream.announced[side] && !stream.hold[side])
        {
            return stream.announcedOffset(side, rtcp);
        }
        return -1;
    }

    private void queue(final int out, final long destinationOffset, final int addressLength, final long bufferOffset,
        final int length)
    {
        final int k = sendCount[out];
        final MemorySegment headers = sendHeaders[out];
        final long header = (long)k * LinuxNet.MMSGHDR_SIZE;
        headers.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_NAME, addressesAddress + destinationOffset);
        headers.set(ValueLayout.JAVA_INT, header + LinuxNet.MSG_NAMELEN, addressLength == 16 ? LinuxNet.SOCKADDR_SIZE : 16);
        final long iov = (long)k * LinuxNet.IOVEC_SIZE;
        sendIov[out].set(ValueLayout.JAVA_LONG, iov, buffersAddress + bufferOffset);
        sendIov[out].set(ValueLayout.JAVA_LONG, iov + 8, length);
        sendCount[out] = k + 1;
    }

    private void flush(final int fd, final int out)
    {
        final int count = sendCount[out];
        if (count == 0)
        {
            return;
        }
        final int sent = net.sendmmsg(fd, sendHeaders[out], count);
        if (sent < count)
        {
            // A full socket buffer: RTP is not retransmitted, so what did not fit is lost, counted.
            sendDrops += count - Math.max(0, sent);
        }
        sendCount[out] = 0;
    }

    private static boolean sameAddress(final MemorySegment a, final long aOffset, final MemorySegment b, final long bOffset)
    {
        final long head = a.get(ValueLayout.JAVA_LONG, aOffset);
        if (head != b.get(ValueLayout.JAVA_LONG, bOffset))
        {
            return false;
        }
        if ((short)head != LinuxNet.AF_INET6)
        {
            return true;
        }
        return a.get(ValueLayout.JAVA_LONG, aOffset + 8) == b.get(ValueLayout.JAVA_LONG, bOffset + 8)
            && a.get(ValueLayout.JAVA_LONG, aOffset + 16) == b.get(ValueLayout.JAVA_LONG, bOffset + 16);
    }

    private static boolean sameHost(final MemorySegment a, final long aOffset, final MemorySegment b, final long bOffset)
    {
        final short family = a.get(ValueLayout.JAVA_SHORT, aOffset);
        if (family != b.get(ValueLayout.JAVA_SHORT, bOffset))
        {
            return false;
        }
        if (family == LinuxNet.AF_INET)
        {
            return a.get(ValueLayout.JAVA_INT, aOffset + 4) == b.get(ValueLayout.JAVA_INT, bOffset + 4);
        }
        return a.get(ValueLayout.JAVA_LONG, aOffset + 8) == b.get(ValueLayout.JAVA_LONG, bOffset + 8)
            && a.get(ValueLayout.JAVA_LONG, aOffset + 16) == b.get(ValueLayout.JAVA_LONG, bOffset + 16);
    }

    private void scanTimeouts()
    {
        // Backwards: a pending close removes the stream from the active list as we go.
        for (int i = activeCount - 1; i >= 0; i--)
        {
            final RelayStream stream = streams[activeSlots[i]];
            if (stream.closePending)
            {
                onClose(stream);
                continue;
            }
            if (stream.armedNs == 0 || stream.timeoutRaised)
            {
                continue;
            }
            final long last0 = Math.max(stream.armedNs, stream.lastPacketNs[0]);
            final long last1 = Math.max(stream.armedNs, stream.lastPacketNs[1]);
            final long timeoutNs = stream.onHold() ? holdTimeoutNs : mediaTimeoutNs;
            if (nowNs - Math.max(last0, last1) >= timeoutNs)
            {
                stream.timeoutRaised = true;
                event(stream, MediaEventType.MEDIA_TIMEOUT, -1);
            }
            else if (oneWayTimeoutNs > 0 && !stream.oneWayRaised && !stream.onHold())
            {
                final int silent = oneWaySilentSide(stream, last0, last1);
                if (silent >= 0)
                {
                    stream.oneWayRaised = true;
                    event(stream, MediaEventType.ONE_WAY_AUDIO, silent);
                }
            }
        }
    }

    private int oneWaySilentSide(final RelayStream stream, final long last0, final long last1)
    {
        final boolean sending0 = stream.lastPacketNs[0] != 0 && nowNs - stream.lastPacketNs[0] < ACTIVE_NS;
        final boolean sending1 = stream.lastPacketNs[1] != 0 && nowNs - stream.lastPacketNs[1] < ACTIVE_NS;
        if (sending0 && nowNs - last1 >= oneWayTimeoutNs)
        {
            return 1;
        }
        if (sending1 && nowNs - last0 >= oneWayTimeoutNs)
        {
            return 0;
        }
        return -1;
    }

    private void event(final RelayStream stream, final int type, final int side)
    {
        final int claim = reports.tryClaim(RelayMessages.EVENT, RelayMessages.EVENT_LENGTH);
        if (claim < 0)
        {
            // The conductor is behind: raise again on the next scan rather than lose it.
            if (type == MediaEventType.MEDIA_TIMEOUT)
            {
                stream.timeoutRaised = false;
            }
            else
            {
                stream.oneWayRaised = false;
            }
            return;
        }
        final MutableDirectBuffer buffer = reports.buffer();
        buffer.putLong(claim, stream.callRef);
        buffer.putInt(claim + 8, stream.mediaIndex);
        buffer.putInt(claim + 12, type);
        buffer.putInt(claim + 16, side);
        reports.commit(claim);
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int at, final int length)
    {
        switch (type)
        {
            case RelayMessages.OPEN -> onOpen(buffer, at);
            case RelayMessages.UPDATE -> onUpdate(buffer, at);
            case RelayMessages.CLOSE -> onClose(streams[buffer.getInt(at)]);
            case RelayMessages.QUERY -> onQuery(streams[buffer.getInt(at)], buffer.getLong(at + 8));
            default -> throw new IllegalStateException("unknown command type=" + type);
        }
    }

    private void onOpen(final MutableDirectBuffer buffer, final int at)
    {
        final RelayStream stream = streams[buffer.getInt(at)];
        stream.open(buffer.getLong(at + 8), buffer.getInt(at + 4), buffer.getInt(at + 32));
        for (int socket = 0; socket < 4; socket++)
        {
            stream.fds[socket] = buffer.getInt(at + 16 + 4 * socket);
            net.epollAdd(epfd, stream.fds[socket], ((long)stream.slot << 2) | socket);
        }
        stream.active = true;
        stream.activeIndex = activeCount;
        activeSlots[activeCount++] = stream.slot;
    }

    private void onUpdate(final MutableDirectBuffer buffer, final int at)
    {
        final RelayStream stream = streams[buffer.getInt(at)];
        final int side = buffer.getInt(at + 4);
        stream.mux[side] = buffer.getInt(at + 8) != 0;
        stream.hold[side] = buffer.getInt(at + 12) != 0;
        stream.anySource[side] = buffer.getInt(at + RelayMessages.UPDATE_ANY_SOURCE) != 0;
        stream.stats[side].clockRate(buffer.getInt(at + 20));
        stream.opaque = buffer.getInt(at + 16) == AnchorRequest.NOT_RTP;
        final boolean hasAddress = buffer.getInt(at + 24) != 0;
        final boolean changed = buffer.getInt(at + 28) != 0;
        if (hasAddress)
        {
            for (int rtcp = 0; rtcp < 2; rtcp++)
            {
                final long to = stream.announcedOffset(side, rtcp);
                final int from = at + (rtcp == 0 ? RelayMessages.UPDATE_RTP_ADDRESS : RelayMessages.UPDATE_RTCP_ADDRESS);
                for (int b = 0; b < RelayStream.ADDRESS_BYTES; b++)
                {
                    addresses.set(ValueLayout.JAVA_BYTE, to + b, buffer.getByte(from + b));
                }
            }
            stream.announcedLength[side] = addresses.get(ValueLayout.JAVA_SHORT, stream.announcedOffset(side, 0))
                == LinuxNet.AF_INET6 ? 16 : 4;
        }
        stream.announced[side] = hasAddress;
        if (changed)
        {
            // RFC 7362 §4: a signalled change of address is the one reason to learn again.
            stream.latch[side * 2] = RelayStream.LATCH_NONE;
            stream.latch[side * 2 + 1] = RelayStream.LATCH_NONE;
        }
        if (stream.armedNs == 0 && stream.announced[0] && stream.announced[1])
        {
            stream.armedNs = nowNs;
        }
    }

    private void onClose(final RelayStream stream)
    {
        if (!stream.active)
        {
            return;
        }
        final int claim = reports.tryClaim(RelayMessages.CLOSED, RelayMessages.CLOSED_REPORT + StreamReport.LENGTH);
        if (claim < 0)
        {
            // Keep the stream until the conductor can hear about it; the next scan tries again.
            stream.closePending = true;
            return;
        }
        stream.closePending = false;
        for (int socket = 0; socket < 4; socket++)
        {
            net.epollRemove(epfd, stream.fds[socket]);
        }
        stream.active = false;
        final int last = activeSlots[--activeCount];
        activeSlots[stream.activeIndex] = last;
        streams[last].activeIndex = stream.activeIndex;
        final MutableDirectBuffer buffer = reports.buffer();
        buffer.putInt(claim, index);
        buffer.putInt(claim + 4, stream.slot);
        writeReport(stream, buffer, claim + RelayMessages.CLOSED_REPORT, StreamReport.KIND_FINAL, 0);
        reports.commit(claim);
    }

    private void onQuery(final RelayStream stream, final long correlationId)
    {
        if (!stream.active)
        {
            return;
        }
        final int claim = reports.tryClaim(RelayMessages.REPORT, StreamReport.LENGTH);
        if (claim >= 0)
        {
            writeReport(stream, reports.buffer(), claim, StreamReport.KIND_QUERY, correlationId);
            reports.commit(claim);
        }
    }

    private void writeReport(final RelayStream stream, final MutableDirectBuffer buffer, final int at, final int kind,
        final long correlationId)
    {
        report.wrapForWrite(buffer, at).head(stream.callRef, stream.mediaIndex, kind, correlationId);
        for (int direction = 0; direction < 2; direction++)
        {
            final StreamStats s = stream.stats[direction];
            report.direction(direction, s.packets, s.bytes, s.expected(), s.lost(), s.sprayed, s.jitterUs(),
                s.reportedJitterUs(), s.reportedFractionLost, s.mosX100());
        }
    }

    /**
     * Streams open on this thread.
     *
     * @return the count.
     */
    public int activeStreams()
    {
        return activeCount;
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
