package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The conductor's sockets of every stream slot: per slot and side, one port pair of the range
 * (RTP on the even port, RTCP on the next) bound on the relay's address, and the two descriptors.
 * Ports come from the {@link PortPool} and go back to it, into quarantine, when a side is closed.
 * Used by the conductor thread only.
 */
public final class StreamPorts
{
    private static final int BIND_ATTEMPTS = 4;

    private final LinuxNet net;
    private final PortPool pool;
    private final MemorySegment bindAddress;
    private final byte[] bindRaw;
    private final int socketBufferBytes;
    private final int[] ports;
    private final int[] fds;

    /**
     * Creates the table.
     *
     * @param arena             where the bind address lives.
     * @param net               the conductor's system calls.
     * @param pool              the port range.
     * @param bindRaw           the address to bind, 4 or 16 bytes.
     * @param socketBufferBytes socket buffer size asked of the kernel.
     * @param slots             stream slots, over all relay threads.
     */
    public StreamPorts(final Arena arena, final LinuxNet net, final PortPool pool, final byte[] bindRaw,
        final int socketBufferBytes, final int slots)
    {
        this.net = net;
        this.pool = pool;
        this.bindAddress = arena.allocate(LinuxNet.SOCKADDR_SIZE + 4, 8);
        this.bindRaw = bindRaw;
        this.socketBufferBytes = socketBufferBytes;
        this.ports = new int[slots * 2];
        this.fds = new int[slots * 4];
    }

    /**
     * Binds a port pair for one side of a slot, skipping pairs somebody outside the relay holds.
     *
     * @param slot  the slot.
     * @param side  0 or 1.
     * @param nowNs the clock, for the quarantine.
     * @return false when no pair could be bound.
     */
    public boolean open(final int slot, final int side, final long nowNs)
    {
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++)
        {
            final int port = pool.acquire(nowNs);
            if (port == PortPool.NO_PORT)
            {
                return false;
            }
            final int rtp = bind(port);
            final int rtcp = rtp < 0 ? -1 : bind(port + 1);
            if (rtcp >= 0)
            {
                ports[slot * 2 + side] = port;
                fds[slot * 4 + side * 2] = rtp;
                fds[slot * 4 + side * 2 + 1] = rtcp;
                return true;
            }
            if (rtp >= 0)
            {
                net.close(rtp);
            }
            // Somebody outside the relay holds the port: it rests in quarantine, try the next pair.
            pool.release(port, nowNs);
        }
        return false;
    }

    /**
     * Closes one side's sockets and puts its pair into quarantine.
     *
     * @param slot  the slot.
     * @param side  0 or 1.
     * @param nowNs the clock, for the quarantine.
     */
    public void close(final int slot, final int side, final long nowNs)
    {
        net.close(fds[slot * 4 + side * 2]);
        net.close(fds[slot * 4 + side * 2 + 1]);
        pool.release(ports[slot * 2 + side], nowNs);
    }

    /**
     * Closes a slot's four sockets without returning its ports: for shutting the relay down.
     *
     * @param slot the slot.
     */
    public void closeSockets(final int slot)
    {
        for (int k = 0; k < 4; k++)
        {
            net.close(fds[slot * 4 + k]);
        }
    }

    /**
     * The RTP port of one side of a slot.
     *
     * @param slot the slot.
     * @param side 0 or 1.
     * @return the port.
     */
    public int port(final int slot, final int side)
    {
        return ports[slot * 2 + side];
    }

    /**
     * The descriptors of every slot, four per slot from {@code slot * 4}: RTP and RTCP of side 0,
     * then of side 1 (the layout {@link RelayCommands#open} takes).
     *
     * @return the table, not a copy.
     */
    public int[] fds()
    {
        return fds;
    }

    private int bind(final int port)
    {
        final int length = LinuxNet.writeSockaddr(bindAddress, bindRaw, bindRaw.length, port);
        return net.openUdp(bindAddress, length, socketBufferBytes);
    }
}
