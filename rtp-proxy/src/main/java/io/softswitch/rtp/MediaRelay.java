package io.softswitch.rtp;

import io.softswitch.rtp.internal.AnnouncedAddresses;
import io.softswitch.rtp.internal.LinuxNet;
import io.softswitch.rtp.internal.PortPool;
import io.softswitch.rtp.internal.RelayCommands;
import io.softswitch.rtp.internal.RelayThreadTiming;
import io.softswitch.rtp.internal.RelayWorker;
import io.softswitch.rtp.internal.StreamPorts;
import io.softswitch.rtp.internal.WorkerSlots;
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
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
 *
 * <p>Its tables: {@link StreamPorts} (each slot's port pairs and sockets), {@link WorkerSlots}
 * (free slots per relay thread), {@link AnnouncedAddresses} (what each side last announced).
 */
public final class MediaRelay implements AutoCloseable, MessageHandler
{
    private static final int RING_BYTES = 1 << 20;

    private final RelayConfig config;
    private final NanoClock clock;
    private final Arena arena = Arena.ofShared();
    private final byte[] bindRaw;
    private final byte[] advertisedRaw;
    private final PortPool pool;
    private final StreamPorts ports;
    private final RelayWorker[] workers;
    private final RelayCommands[] commands;
    private final ManyToOneRingBuffer reports;
    private final Thread[] threads;
    private final RelayThreadTiming[] timings;
    /** The scheduling policy each relay thread runs in once started, -1 before. */
    private final AtomicIntegerArray policies;
    private volatile boolean running;

    private final int capacity;
    private final boolean[] slotOpen;
    private final AnnouncedAddresses announced;
    private final WorkerSlots freeSlots;
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
        final LinuxNet net = new LinuxNet(arena);
        this.bindRaw = config.bindAddress().getAddress();
        this.advertisedRaw = config.advertisedAddress().getAddress();
        this.pool = new PortPool(config.minPort(), config.maxPort(), config.quarantineMs() * 1_000_000L);
        final int threadCount = config.workers();
        this.workers = new RelayWorker[threadCount];
        this.commands = new RelayCommands[threadCount];
        this.reports = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        this.threads = new Thread[threadCount];
        this.timings = new RelayThreadTiming[threadCount];
        this.policies = new AtomicIntegerArray(threadCount);
        final int perWorker = config.sessionsPerWorker();
        this.capacity = threadCount * perWorker;
        this.ports = new StreamPorts(arena, net, pool, bindRaw, config.socketBufferBytes(), capacity);
        this.slotOpen = new boolean[capacity];
        this.announced = new AnnouncedAddresses(capacity);
        this.freeSlots = new WorkerSlots(threadCount, perWorker);
        for (int w = 0; w < threadCount; w++)
        {
            final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
            workers[w] = new RelayWorker(w, arena, perWorker, ring, reports, config);
            commands[w] = new RelayCommands(ring, net, workers[w].wakeFd());
            // A ring that waits with a minimum-wait window coalesces in the kernel: no sleep of ours.
            timings[w] = new RelayThreadTiming(arena,
                workers[w].coalescesInKernel() ? 0 : config.coalesceUs() * 1_000L);
            policies.set(w, -1);
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
            final int index = w;
            final Thread thread = new Thread(() -> relay.runWorker(index), "rtp-relay-" + w);
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

    private void runWorker(final int index)
    {
        final int priority = config.realtimePriority();
        if (priority > 0)
        {
            final int errno = RelayThreadTiming.requestFifo(priority);
            if (errno != 0)
            {
                System.getLogger(MediaRelay.class.getName()).log(System.Logger.Level.WARNING,
                    "relay thread {0} stays in the normal scheduling class: SCHED_FIFO {1} refused, errno {2}"
                        + " (needs CAP_SYS_NICE or LimitRTPRIO)", index, priority, errno);
            }
        }
        policies.set(index, RelayThreadTiming.policy());
        final RelayWorker worker = workers[index];
        final RelayThreadTiming timing = timings[index];
        // Datagrams and the conductor's commands end a wait; only the media-timeout scan needs a
        // turn without them, and it runs at most once per interval.
        final int idleWaitMs = (int)(RelayWorker.SCAN_INTERVAL_NS / 1_000_000L);
        while (running)
        {
            final long turnStartNs = System.nanoTime();
            timing.afterTurn(turnStartNs, worker.doWork(turnStartNs, idleWaitMs));
        }
    }

    /**
     * The scheduling policy a relay thread runs in: 0 the normal class, 1 {@code SCHED_FIFO}.
     *
     * @param worker which thread.
     * @return the policy, -1 while the thread has not started.
     */
    public int relayThreadPolicy(final int worker)
    {
        return policies.get(worker);
    }

    /**
     * The I/O backend a relay thread runs: the configured one, or epoll where io_uring was refused.
     *
     * @param worker which thread.
     * @return the backend.
     */
    public MediaIo relayThreadIo(final int worker)
    {
        return workers[worker].io();
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
        final boolean changed = announced.remember(slot, side, request);
        if (!commands[worker].update(slot % config.sessionsPerWorker(), request, changed))
        {
            return refuse(request, AnchorStatus.NO_CAPACITY);
        }
        commands[worker].wake();
        request.reply(AnchorStatus.OK, ports.port(slot, 0), ports.port(slot, 1), advertisedRaw, advertisedRaw.length);
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
        final int worker = freeSlots.pickWorker();
        if (worker < 0)
        {
            return -AnchorStatus.NO_CAPACITY;
        }
        final long nowNs = clock.nanoTime();
        final int slot = freeSlots.peek(worker);
        if (!ports.open(slot, 0, nowNs))
        {
            return -AnchorStatus.NO_PORTS;
        }
        if (!ports.open(slot, 1, nowNs))
        {
            ports.close(slot, 0, nowNs);
            return -AnchorStatus.NO_PORTS;
        }
        if (!commands[worker].open(slot % config.sessionsPerWorker(), request.callRef(), request.mediaIndex(),
            ports.fds(), slot * 4, request.clockRateHz()))
        {
            ports.close(slot, 0, nowNs);
            ports.close(slot, 1, nowNs);
            return -AnchorStatus.NO_CAPACITY;
        }
        freeSlots.take(worker);
        slotOpen[slot] = true;
        announced.reset(slot);
        return slot;
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
        ports.close(slot, 0, nowNs);
        ports.close(slot, 1, nowNs);
        slotOpen[slot] = false;
        freeSlots.release(worker, buffer.getInt(at + 4));
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
                ports.closeSockets(slot);
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
