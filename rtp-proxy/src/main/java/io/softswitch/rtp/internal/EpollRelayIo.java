package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The epoll backend of a relay thread: {@code epoll_wait}, then for each ready socket up to 32
 * datagrams with one {@code recvmmsg(2)} and, per outgoing socket, one {@code sendmmsg(2)} straight
 * from the receive buffers. Every socket of the thread's streams is in its epoll set, with the
 * stream's slot and the socket's index as the event's data.
 */
final class EpollRelayIo implements RelayIo
{
    static final int MAX_EVENTS = 256;
    static final int MAX_DRAIN_ROUNDS = 8;
    static final long WAKE_DATA = -1L;

    private final LinuxNet net;
    private final int epfd;
    private final int wakeFd;
    private final RelayStreams streams;
    private final MemorySegment events;
    private final long addressesAddress;
    private final ReceiveBatch received;
    /** Index 0: towards the far side's RTP socket, 1: towards its RTCP socket. */
    private final SendBatch[] outgoing;
    private final PacketForwarder forwarder;
    private long sendDrops;
    /** Events the last wait returned, not yet relayed. */
    private int ready;

    EpollRelayIo(final Arena arena, final LinuxNet net, final RelayStreams streams, final MemorySegment addresses,
        final long learnWindowNs, final int wakeFd)
    {
        this.net = net;
        this.wakeFd = wakeFd;
        this.streams = streams;
        this.events = arena.allocate((long)MAX_EVENTS * LinuxNet.EPOLL_EVENT_SIZE, 8);
        this.addressesAddress = addresses.address();
        this.received = new ReceiveBatch(arena);
        this.outgoing = new SendBatch[] {new SendBatch(arena), new SendBatch(arena)};
        this.forwarder = new PacketForwarder(received.buffers, received.names, addresses, learnWindowNs);
        this.epfd = net.epollCreate();
        if (epfd < 0)
        {
            throw new IllegalStateException("epoll setup failed epfd=" + epfd);
        }
        net.epollAdd(epfd, wakeFd, WAKE_DATA);
    }

    @Override
    public void watch(final RelayStream stream)
    {
        for (int socket = 0; socket < 4; socket++)
        {
            net.epollAdd(epfd, stream.fds[socket], ((long)stream.slot << 2) | socket);
        }
    }

    @Override
    public void unwatch(final RelayStream stream)
    {
        for (int socket = 0; socket < 4; socket++)
        {
            net.epollRemove(epfd, stream.fds[socket]);
        }
    }

    @Override
    public void await(final int waitMs)
    {
        ready = net.epollWait(epfd, events, MAX_EVENTS, waitMs);
    }

    @Override
    public int relay(final long nowNs)
    {
        int work = 0;
        for (int i = 0; i < ready; i++)
        {
            final long data = LinuxNet.epollData(events, i);
            if (data == WAKE_DATA)
            {
                net.drainSignal(wakeFd);
                continue;
            }
            work += receive(streams.bySlot((int)(data >>> 2)), (int)(data >> 1) & 1, (int)data & 1, nowNs);
        }
        ready = 0;
        return work;
    }

    private int receive(final RelayStream stream, final int side, final int rtcpSocket, final long nowNs)
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
            relayBatch(stream, side, rtcpSocket, count, nowNs);
            if (count < ReceiveBatch.BATCH)
            {
                break;
            }
        }
        return total;
    }

    private void relayBatch(final RelayStream stream, final int side, final int rtcpSocket, final int count,
        final long nowNs)
    {
        final int other = 1 - side;
        for (int i = 0; i < count; i++)
        {
            final long bufferOffset = ReceiveBatch.bufferOffset(i);
            final int length = received.length(i);
            final long to = forwarder.forward(stream, side, rtcpSocket, ReceiveBatch.nameOffset(i), bufferOffset,
                length, nowNs);
            if (to != PacketForwarder.NOWHERE)
            {
                outgoing[(int)to & 1].queue(addressesAddress + (to >>> 1), stream.announcedLength[other],
                    received.buffersAddress + bufferOffset, length);
            }
        }
        // A full socket buffer: RTP is not retransmitted, so what did not fit is lost, counted.
        sendDrops += outgoing[0].flush(net, stream.fds[other * 2]);
        sendDrops += outgoing[1].flush(net, stream.fds[other * 2 + 1]);
    }

    @Override
    public boolean coalesces()
    {
        return false;
    }

    @Override
    public long sendDrops()
    {
        return sendDrops;
    }

    @Override
    public long malformed()
    {
        return forwarder.malformed();
    }

    @Override
    public void close()
    {
        net.close(epfd);
    }
}
