package io.softswitch.rtp;

import io.softswitch.rtp.internal.LinuxNet;
import io.softswitch.rtp.internal.PortPool;
import io.softswitch.rtp.internal.RelayCommands;
import io.softswitch.rtp.internal.RelayWorker;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayQueue;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The RTP relay: anchors streams on port pairs of its range, hands each stream to one relay
 * thread, and reports what those threads see. This object is the conductor: every method is
 * called from one controlling thread (the control server's, or a test's), which owns the port
 * pool, the sockets' life and the table of calls. Relay threads get their work through a ring
 * each and answer through one shared ring, drained by {@link #poll}.
 *
 * <p>An offer or answer is answered at once ({@link #anchor}); statistics and the media events
 * arrive later through {@link #poll}. Deleting a call releases its ports when its relay thread has
 * let go of them, into the quarantine.
 */
public final class MediaRelay implements AutoCloseable, MessageHandler
{
    private static final int RING_BYTES = 1 << 20;
    private static final int BIND_ATTEMPTS = 4;

    private final RelayConfig config;
    private final NanoClock clock;
    private final Arena arena = Arena.ofShared();
    private final LinuxNet net;
    private final MemorySegment bindAddress;
    private final byte[] bindRaw;
    private final byte[] advertisedRaw;
    private final PortPool pool;
    private final RelayWorker[] workers;
    private final RelayCommands[] commands;
    private final ManyToOneRingBuffer reports;
    private final Thread[] threads;
    private volatile boolean running;

    private final int capacity;
    private final long[] slotCallRef;
    private final int[] slotPorts;
    private final int[] slotFds;
    private final boolean[] slotOpen;
    /** Per slot and side: the last announced address (16), then length, RTP and RTCP ports. */
    private final byte[] slotAnnounced;
    private final int[] slotAnnouncedPorts;
    private final int[][] freeSlots;
    private final int[] freeCount;
    private int nextWorker;
    private final Long2ObjectHashMap<int[]> calls = new Long2ObjectHashMap<>();
    private final ArrayDeque<int[]> spareSlotArrays = new ArrayDeque<>();
    private final IntArrayQueue pendingCloses = new IntArrayQueue();
    private final StreamReport report = new StreamReport();
    private MediaListener listener;
    private long refusedNoPorts;
    private long refusedNoCapacity;

    private MediaRelay(final RelayConfig config, final NanoClock clock)
    {
        this.config = config;
        this.clock = clock;
        this.net = new LinuxNet(arena);
        this.bindAddress = arena.allocate(LinuxNet.SOCKADDR_SIZE + 4, 8);
        this.bindRaw = config.bindAddress().getAddress();
        this.advertisedRaw = config.advertisedAddress().getAddress();
        this.pool = new PortPool(config.minPort(), config.maxPort(), config.quarantineMs() * 1_000_000L);
        final int threadCount = config.workers();
        this.workers = new RelayWorker[threadCount];
        this.commands = new RelayCommands[threadCount];
        this.reports = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        this.threads = new Thread[threadCount];
        final int perWorker = config.sessionsPerWorker();
        this.capacity = threadCount * perWorker;
        this.slotCallRef = new long[capacity];
        this.slotPorts = new int[capacity * 2];
        this.slotFds = new int[capacity * 4];
        this.slotOpen = new boolean[capacity];
        this.slotAnnounced = new byte[capacity * 2 * 16];
        this.slotAnnouncedPorts = new int[capacity * 2 * 3];
        this.freeSlots = new int[threadCount][perWorker];
        this.freeCount = new int[threadCount];
        for (int w = 0; w < threadCount; w++)
        {
            final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
            workers[w] = new RelayWorker(w, arena, perWorker, ring, reports, config.learnWindowMs(),
                config.mediaTimeoutMs(), config.holdTimeoutMs(), config.oneWayTimeoutMs());
            commands[w] = new RelayCommands(ring, net, workers[w].wakeFd());
            for (int i = 0; i < perWorker; i++)
            {
                freeSlots[w][i] = perWorker - 1 - i;
            }
            freeCount[w] = perWorker;
        }
    }

    /**
     * Starts a relay with its threads.
     *
     * @param config the setup.
     * @return the running relay.
     */
    public static MediaRelay launch(final RelayConfig config)
    {
        final MediaRelay relay = new MediaRelay(config, System::nanoTime);
        relay.running = true;
        for (int w = 0; w < relay.workers.length; w++)
        {
            final RelayWorker worker = relay.workers[w];
            final Thread thread = new Thread(() -> relay.runWorker(worker), "rtp-relay-" + w);
            thread.setDaemon(true);
            relay.threads[w] = thread;
            thread.start();
        }
        return relay;
    }

    /**
     * A relay without threads, on a given clock: the caller runs the relay threads' duty cycles
     * with {@link #runWorkerCycle}. For tests of timing without sleeping.
     *
     * @param config the setup.
     * @param clock  the clock.
     * @return the relay.
     */
    public static MediaRelay manual(final RelayConfig config, final NanoClock clock)
    {
        return new MediaRelay(config, clock);
    }

    private void runWorker(final RelayWorker worker)
    {
        while (running)
        {
            worker.doWork(System.nanoTime(), 10);
        }
    }

    /**
     * One duty cycle of a relay thread of a {@link #manual} relay.
     *
     * @param worker which thread.
     * @param waitMs longest wait in epoll.
     * @return work done.
     */
    public int runWorkerCycle(final int worker, final int waitMs)
    {
        if (running)
        {
            throw new IllegalStateException("relay threads are running");
        }
        return workers[worker].doWork(clock.nanoTime(), waitMs);
    }

    /**
     * Anchors one side of one stream: creates the stream on first sight (both sides' ports are
     * taken then), and tells its relay thread where that side receives.
     *
     * @param request the side's description; the reply is written into it.
     * @return the {@link AnchorStatus}, also in the request.
     */
    public int anchor(final AnchorRequest request)
    {
        final int media = request.mediaIndex();
        final int side = request.side();
        if (media < 0 || media >= AnchorRequest.MAX_MEDIA || side < 0 || side > 1
            || (request.addressLength() != 0 && request.addressLength() != bindRaw.length && !request.isNullAddress()))
        {
            return refuse(request, AnchorStatus.NOT_ANCHORABLE);
        }
        int[] slots = calls.get(request.callRef());
        int slot = slots == null ? -1 : slots[media];
        if (slot < 0)
        {
            slot = open(request);
            if (slot < 0)
            {
                return refuse(request, -slot);
            }
            if (slots == null)
            {
                slots = spareSlotArrays.isEmpty() ? new int[AnchorRequest.MAX_MEDIA] : spareSlotArrays.pop();
                Arrays.fill(slots, -1);
                calls.put(request.callRef(), slots);
            }
            slots[media] = slot;
        }
        final int worker = slot / config.sessionsPerWorker();
        final boolean changed = rememberAnnounced(slot, side, request);
        if (!commands[worker].update(slot % config.sessionsPerWorker(), request, changed))
        {
            return refuse(request, AnchorStatus.NO_CAPACITY);
        }
        commands[worker].wake();
        request.reply(AnchorStatus.OK, slotPorts[slot * 2], slotPorts[slot * 2 + 1], advertisedRaw, advertisedRaw.length);
        return AnchorStatus.OK;
    }

    private int refuse(final AnchorRequest request, final int status)
    {
        if (status == AnchorStatus.NO_PORTS)
        {
            refusedNoPorts++;
        }
        else if (status == AnchorStatus.NO_CAPACITY)
        {
            refusedNoCapacity++;
        }
        request.reply(status, 0, 0, advertisedRaw, advertisedRaw.length);
        return status;
    }

    /** Opens a stream: a slot on a relay thread and two port pairs. Returns the slot or -status. */
    private int open(final AnchorRequest request)
    {
        final int perWorker = config.sessionsPerWorker();
        int worker = -1;
        for (int i = 0; i < workers.length; i++)
        {
            final int w = (nextWorker + i) % workers.length;
            if (freeCount[w] > 0)
            {
                worker = w;
                break;
            }
        }
        if (worker < 0)
        {
            return -AnchorStatus.NO_CAPACITY;
        }
        nextWorker = (worker + 1) % workers.length;
        final long nowNs = clock.nanoTime();
        final int local = freeSlots[worker][freeCount[worker] - 1];
        final int slot = worker * perWorker + local;
        if (!openPair(slot, 0, nowNs))
        {
            return -AnchorStatus.NO_PORTS;
        }
        if (!openPair(slot, 1, nowNs))
        {
            closePair(slot, 0, nowNs);
            return -AnchorStatus.NO_PORTS;
        }
        if (!commands[worker].open(local, request.callRef(), request.mediaIndex(), slotFds, slot * 4,
            request.clockRateHz()))
        {
            closePair(slot, 0, nowNs);
            closePair(slot, 1, nowNs);
            return -AnchorStatus.NO_CAPACITY;
        }
        freeCount[worker]--;
        slotOpen[slot] = true;
        slotCallRef[slot] = request.callRef();
        Arrays.fill(slotAnnouncedPorts, slot * 6, slot * 6 + 6, -1);
        return slot;
    }

    private boolean openPair(final int slot, final int side, final long nowNs)
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
                slotPorts[slot * 2 + side] = port;
                slotFds[slot * 4 + side * 2] = rtp;
                slotFds[slot * 4 + side * 2 + 1] = rtcp;
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

    private int bind(final int port)
    {
        final int length = LinuxNet.writeSockaddr(bindAddress, bindRaw, bindRaw.length, port);
        return net.openUdp(bindAddress, length, config.socketBufferBytes());
    }

    private void closePair(final int slot, final int side, final long nowNs)
    {
        net.close(slotFds[slot * 4 + side * 2]);
        net.close(slotFds[slot * 4 + side * 2 + 1]);
        pool.release(slotPorts[slot * 2 + side], nowNs);
    }

    private boolean rememberAnnounced(final int slot, final int side, final AnchorRequest request)
    {
        final int at = (slot * 2 + side) * 16;
        final int ports = (slot * 2 + side) * 3;
        final int length = request.addressLength();
        boolean changed = slotAnnouncedPorts[ports] != length || slotAnnouncedPorts[ports + 1] != request.rtpPort()
            || slotAnnouncedPorts[ports + 2] != request.rtcpPort();
        for (int i = 0; i < length && !changed; i++)
        {
            changed = slotAnnounced[at + i] != request.address()[i];
        }
        System.arraycopy(request.address(), 0, slotAnnounced, at, length);
        slotAnnouncedPorts[ports] = length;
        slotAnnouncedPorts[ports + 1] = request.rtpPort();
        slotAnnouncedPorts[ports + 2] = request.rtcpPort();
        return changed;
    }

    /**
     * Ends every stream of a call. Its final reports arrive through {@link #poll}; its ports go
     * into quarantine then.
     *
     * @param callRef the call.
     * @return whether the relay knew the call.
     */
    public boolean delete(final long callRef)
    {
        final int[] slots = calls.remove(callRef);
        if (slots == null)
        {
            return false;
        }
        for (final int slot : slots)
        {
            if (slot >= 0)
            {
                close(slot);
            }
        }
        spareSlotArrays.push(slots);
        return true;
    }

    private void close(final int slot)
    {
        final int worker = slot / config.sessionsPerWorker();
        if (commands[worker].close(slot % config.sessionsPerWorker()))
        {
            commands[worker].wake();
        }
        else
        {
            pendingCloses.addInt(slot);
        }
    }

    /**
     * Lists the calls of a controller (the top 16 bits of their reference), to delete them when
     * that controller restarted.
     *
     * @param into         where to add their references.
     * @param controllerId the controller.
     */
    public void forEachCall(final LongArrayList into, final int controllerId)
    {
        final Long2ObjectHashMap<int[]>.KeyIterator keys = calls.keySet().iterator();
        while (keys.hasNext())
        {
            final long callRef = keys.nextLong();
            if ((int)(callRef >>> 48) == controllerId)
            {
                into.addLong(callRef);
            }
        }
    }

    /**
     * Asks for a stream's statistics; the report arrives through {@link #poll}.
     *
     * @param callRef       the call.
     * @param mediaIndex    the media line.
     * @param correlationId returned in the report.
     * @return false when the stream is unknown or the relay thread is behind.
     */
    public boolean query(final long callRef, final int mediaIndex, final long correlationId)
    {
        final int[] slots = calls.get(callRef);
        if (slots == null || mediaIndex < 0 || mediaIndex >= AnchorRequest.MAX_MEDIA || slots[mediaIndex] < 0)
        {
            return false;
        }
        final int slot = slots[mediaIndex];
        final int worker = slot / config.sessionsPerWorker();
        if (!commands[worker].query(slot % config.sessionsPerWorker(), correlationId))
        {
            return false;
        }
        commands[worker].wake();
        return true;
    }

    /**
     * Takes what the relay threads reported: frees the ports of closed streams and passes reports
     * and events to the listener.
     *
     * @param mediaListener who hears of them.
     * @return reports handled.
     */
    public int poll(final MediaListener mediaListener)
    {
        for (int i = pendingCloses.size(); i > 0; i--)
        {
            close(pendingCloses.pollInt());
        }
        this.listener = mediaListener;
        return reports.read(this);
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int at, final int length)
    {
        switch (type)
        {
            case RelayCommands.CLOSED -> onClosed(buffer, at);
            case RelayCommands.REPORT -> listener.onStreamReport(report.wrap(buffer, at));
            case RelayCommands.EVENT -> listener.onMediaEvent(buffer.getLong(at),
                buffer.getInt(at + 8), buffer.getInt(at + 12), buffer.getInt(at + 16));
            default -> throw new IllegalStateException("unknown report type=" + type);
        }
    }

    private void onClosed(final DirectBuffer buffer, final int at)
    {
        final int worker = buffer.getInt(at);
        final int slot = worker * config.sessionsPerWorker() + buffer.getInt(at + 4);
        final long nowNs = clock.nanoTime();
        closePair(slot, 0, nowNs);
        closePair(slot, 1, nowNs);
        slotOpen[slot] = false;
        freeSlots[worker][freeCount[worker]++] = buffer.getInt(at + 4);
        listener.onStreamReport(report.wrap(buffer, at + RelayCommands.CLOSED_REPORT));
    }

    /** @return the setup. */
    public RelayConfig config()
    {
        return config;
    }

    /** @return port pairs in the range. */
    public int portPairs()
    {
        return pool.capacity();
    }

    /** @return port pairs held by streams. */
    public int portPairsInUse()
    {
        return pool.inUse();
    }

    /**
     * Port pairs that an offer could take now.
     *
     * @return free pairs.
     */
    public int portPairsAvailable()
    {
        return pool.available(clock.nanoTime());
    }

    /** @return calls with at least one open stream. */
    public int calls()
    {
        return calls.size();
    }

    /** @return offers refused for want of ports. */
    public long refusedNoPorts()
    {
        return refusedNoPorts;
    }

    /** @return offers refused for want of room on the relay threads. */
    public long refusedNoCapacity()
    {
        return refusedNoCapacity;
    }

    /**
     * Stops the relay threads, closes every socket and frees native memory.
     */
    @Override
    public void close()
    {
        running = false;
        for (int w = 0; w < workers.length; w++)
        {
            commands[w].wake();
        }
        for (final Thread thread : threads)
        {
            if (thread != null)
            {
                try
                {
                    thread.join(5_000);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (int slot = 0; slot < capacity; slot++)
        {
            if (slotOpen[slot])
            {
                for (int k = 0; k < 4; k++)
                {
                    net.close(slotFds[slot * 4 + k]);
                }
                slotOpen[slot] = false;
            }
        }
        for (final RelayWorker worker : workers)
        {
            worker.close();
        }
        arena.close();
    }
}
