package io.softswitch.benchmarks.rtp;

import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.MediaDirection;
import io.softswitch.rtp.StreamReport;
import io.softswitch.rtp.control.AeronMediaDriver;
import io.softswitch.rtp.control.MediaControlClient;
import io.softswitch.rtp.control.MediaControlListener;
import io.softswitch.rtp.internal.RelayThreadTiming;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Drives N concurrent calls of RTP through a relay and measures it: each call is two streams
 * (one each way) of 172-byte G.711 packets at 50 a second, sent from and received on loopback
 * sockets of this process. The relay is ours (a media node, anchored over Aeron UDP), rtpengine
 * (anchored over its ng protocol), or none ({@code direct}: each side sends straight to the
 * other, the baseline for latency). Bounded: at most 5,000 calls and 120 s.
 *
 * <pre>
 * RtpLoadGenerator --target ours|rtpengine|direct --calls N --seconds S --pid RELAY_PID
 *                  [--control 127.0.0.1:9990] [--reply 127.0.0.1:9991] [--ng 127.0.0.1:22222]
 *                  [--burst true] [--realtime N]
 * </pre>
 * The generator's endpoints are {@link UringEndpoints}: one thread sends each tick's due packets
 * in one {@code io_uring_enter} and sleeps until the next tick, never on its sockets, and a
 * packet's latency runs from its send stamp to the kernel's stamp of its arrival at the far
 * socket ({@code SO_TIMESTAMPNS}). Until 2026-12-02 a receiver thread slept on the sockets: each
 * relayed datagram woke it inside the relay's send (half the relay thread's CPU at 100 calls, a
 * cost a relay sending to a remote host does not pay), its thread competed with the relay for
 * one of the two cores, and its wake-up was counted as the relay's latency.
 * {@code --realtime N} puts the generator's thread in {@code SCHED_FIFO} at priority N, so that on
 * a machine with other work its sends leave on time (below the relays' priority, it never delays a
 * relay). For light loads only: a thread that needs most of a core in {@code SCHED_FIFO} is
 * throttled by the kernel's real-time budget.
 * Prints one line of results: packets sent and received in the measured window (by the send stamp
 * they carry; the window's last packets are waited for, see {@link #drain}), loss end to end and
 * the relay's share of it (the generator's own receive drops left out, counted apart), the kernel's
 * drops at the relay's sockets ({@link UdpSocketDrops}), relayed packets per second, the relay's CPU time per relayed packet (from /proc/PID/stat, all its
 * threads), one-way latency percentiles (send stamp to arrival stamp, including the relay), and for our relay
 * the bytes its relay threads allocated per relayed packet in the window
 * ({@link RelayThreadAllocation}; -1 for the others), and the time the relay's threads spent
 * runnable but waiting for a core, as a share of the window ({@link RunqueueWait}).
 */
public final class RtpLoadGenerator implements UringEndpoints.Listener
{
    private static final long PACKET_INTERVAL_NS = 20_000_000L;
    /** How far the sender may fall behind its schedule before it skips ahead instead of bursting. */
    private static final long MAX_LAG_NS = 3 * PACKET_INTERVAL_NS;
    /** Long enough for the relay's packet path to be compiled by C2 before the window opens. */
    private static final long WARMUP_NS = 10_000_000_000L;
    private static final int MAX_CALLS = 5_000;
    private static final int MAX_SECONDS = 120;
    /** The generator's sleep when it has nothing to send (draining). */
    private static final long IDLE_WAIT_NS = 1_000_000L;
    private static final int LATENCY_BUCKETS_US = 200_000;
    /** Draining after the window ends once nothing more arrived for this long. */
    private static final long DRAIN_QUIET_NS = 1_000_000_000L;
    private static final long DRAIN_MAX_NS = 10_000_000_000L;

    private final int calls;
    /** {@code SCHED_FIFO} priority of the generator's thread, 0 for the normal class. */
    private int realtimePriority;
    /** Every stream's phase at 0: all calls send in the same instant (the old, worst-case load). */
    private final boolean burst;
    private final UringEndpoints endpoints;
    /** Our relay's control connection, kept for the whole run (null for the other targets). */
    private AeronMediaDriver ourDriver;
    private MediaControlClient ourClient;
    /** The client's, the driver's and the listener's duty cycle, run by the main thread. */
    private Agent ourControl;
    /** CLOCK_REALTIME minus {@link System#nanoTime()}: send stamps are compared with the kernel's arrival stamps. */
    private final long realtimeOffsetNs;
    private final long[] latencyUs = new long[LATENCY_BUCKETS_US + 1];
    /**
     * The measured window, by the send stamp a packet carries: the sender counts a packet sent and
     * the receiver counts it received by the same stamp, so a packet in flight at either edge is
     * in both counts or in neither.
     */
    private volatile long measureFromNs = Long.MAX_VALUE;
    private volatile long measureToNs = Long.MAX_VALUE;
    private volatile boolean running = true;
    /** The sender stops at the window's end, so that what is still queued can drain. */
    private volatile boolean sending = true;
    /** Written by the generator's thread only, read by the main thread while draining. */
    private volatile long received;
    /** Written by the generator's thread only. */
    private volatile long sent;
    /** Sends of the window the kernel refused (no buffer space): the generator's, not a relay's. */
    private volatile long sendRefused;

    private RtpLoadGenerator(final int calls, final boolean burst)
    {
        this.calls = calls;
        this.burst = burst;
        this.endpoints = new UringEndpoints(2 * calls);
        this.realtimeOffsetNs = realtimeOffsetNs();
    }

    /** The offset read between the two closest readings of the monotonic clock. */
    private static long realtimeOffsetNs()
    {
        long narrowest = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 20; i++)
        {
            final long before = System.nanoTime();
            final Instant now = Instant.now();
            final long after = System.nanoTime();
            if (after - before < narrowest)
            {
                narrowest = after - before;
                offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
            }
        }
        return offset;
    }

    private int port(final int socket)
    {
        return endpoints.port(socket);
    }

    /** Side A of call i is socket 2i, side B socket 2i+1; destinations are where each sends. */
    private void anchorDirect()
    {
        for (int i = 0; i < calls; i++)
        {
            endpoints.destination(2 * i, port(2 * i + 1));
            endpoints.destination(2 * i + 1, port(2 * i));
        }
    }

    private void anchorRtpengine(final InetSocketAddress ng) throws IOException
    {
        try (NgClient client = new NgClient(ng))
        {
            for (int i = 0; i < calls; i++)
            {
                final String callId = "bench-" + ProcessHandle.current().pid() + "-" + i;
                final int towardsB = client.offer(callId, "a" + i, port(2 * i));
                final int towardsA = client.answer(callId, "a" + i, "b" + i, port(2 * i + 1));
                endpoints.destination(2 * i, towardsA);
                endpoints.destination(2 * i + 1, towardsB);
            }
        }
    }

    /**
     * Anchors every call on our relay and stays connected, as a switch does: a controller that
     * went away left the node's publication sending to a closed port, and the node's Aeron sender
     * taking ICMP port-unreachable exceptions in the measured window (perf, 2026-12-02), which the
     * runs before 13:31 UTC that day charged to our relay.
     * The driver is hosted: its duty cycle runs on the main thread, a hundred times a second, so
     * that the generator adds no Aeron threads waking thousands of times a second beside the
     * relay it measures.
     */
    private void anchorOurs(final String control, final String reply) throws IOException, InterruptedException
    {
        ourDriver = AeronMediaDriver.launchHosted("bench");
        ourClient = new MediaControlClient(ourDriver.aeron(), "aeron:udp?endpoint=" + control,
            "aeron:udp?endpoint=" + reply, 77);
        final MediaControlClient client = ourClient;
        final int[] replies = {0};
        final MediaControlListener listener = new MediaControlListener()
        {
            @Override
            public void onAnchorReply(final long correlationId, final AnchorRequest answer)
            {
                final int call = (int)correlationId >> 1;
                // The relay's port facing a side is where that side sends.
                endpoints.destination(2 * call, answer.localPort(0));
                endpoints.destination(2 * call + 1, answer.localPort(1));
                replies[0]++;
            }

            @Override
            public void onRelayRestarted(final long previousEpoch, final long relayEpoch)
            {
            }

            @Override
            public void onMediaEvent(final long callRef, final int mediaIndex, final int type, final int side)
            {
            }

            @Override
            public void onStreamReport(final StreamReport report)
            {
            }
        };
        ourControl = ourDriver.hostedOn(new Agent()
        {
            @Override
            public int doWork()
            {
                return client.poll(listener);
            }

            @Override
            public String roleName()
            {
                return "bench-control";
            }
        });
        final long aliveBy = System.nanoTime() + 10_000_000_000L;
        while (!client.isRelayAlive() && System.nanoTime() < aliveBy)
        {
            serveControl();
            Thread.sleep(1);
        }
        if (!client.isRelayAlive())
        {
            throw new IOException("our relay does not answer at " + control);
        }
        final AnchorRequest request = new AnchorRequest();
        final InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < calls; i++)
        {
            final long callRef = client.callRef(i);
            while (!client.offer(request.stream(callRef, 0, 0).media(loopback, port(2 * i), 0, false)
                .codec(MediaDirection.SENDRECV, 8, 8000), 2L * i))
            {
                serveControl();
            }
            while (!client.answer(request.stream(callRef, 0, 1).media(loopback, port(2 * i + 1), 0, false)
                .codec(MediaDirection.SENDRECV, 8, 8000), 2L * i + 1))
            {
                serveControl();
            }
            serveControl();
        }
        final long repliedBy = System.nanoTime() + 10_000_000_000L;
        while (replies[0] < 2 * calls && System.nanoTime() < repliedBy)
        {
            serveControl();
            Thread.sleep(1);
        }
        if (replies[0] < 2 * calls)
        {
            throw new IOException("our relay answered " + replies[0] + " of " + 2 * calls);
        }
    }

    private void serveControl()
    {
        try
        {
            ourControl.doWork();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Waits, keeping the control connection to our relay served (when there is one). */
    private void waitConnected(final long millis) throws InterruptedException
    {
        final long untilNs = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() - untilNs < 0)
        {
            if (ourControl != null)
            {
                serveControl();
            }
            Thread.sleep(Math.min(10, Math.max(1, (untilNs - System.nanoTime()) / 1_000_000L)));
        }
    }

    private void enterRealtime()
    {
        if (realtimePriority > 0)
        {
            final int errno = RelayThreadTiming.requestFifo(realtimePriority);
            if (errno != 0)
            {
                throw new IllegalStateException("SCHED_FIFO " + realtimePriority + " refused errno=" + errno);
            }
        }
    }

    /**
     * The generator's thread: sends every stream's packets at 50 a second until {@link #sending}
     * ends, and takes what arrived, until {@link #running} ends. Each stream has its own phase in
     * the 20 ms interval, spread evenly over it as independent calls' packetisation clocks are:
     * every call sending in the same instant would be a burst no relay sees from real phones
     * ({@code --burst} sends so, to show what a burst costs: the k-th packet of a burst waits for
     * the k - 1 before it). Each tick queues the packets due, stamped one by one, submits them in
     * one go and sleeps until the next is due; a packet counts as sent when its stamp falls in the
     * measured window and the kernel took it.
     */
    private void drive()
    {
        enterRealtime();
        endpoints.start();
        final int streams = 2 * calls;
        int seq = 0;
        int next = 0;
        long cycleNs = System.nanoTime();
        while (running)
        {
            long waitNs = IDLE_WAIT_NS;
            final long nowNs = System.nanoTime();
            while (sending)
            {
                final long dueNs = burst ? cycleNs : cycleNs + next * PACKET_INTERVAL_NS / streams;
                if (dueNs - nowNs > 0)
                {
                    waitNs = dueNs - nowNs;
                    break;
                }
                if (nowNs - dueNs > MAX_LAG_NS)
                {
                    // Fallen behind (a stall of this process on a busy machine): the packets missed are
                    // not sent in a burst to catch up, as no phone would; the rate stays 50 a second.
                    cycleNs += ((nowNs - dueNs) / PACKET_INTERVAL_NS) * PACKET_INTERVAL_NS;
                    seq += (int)((nowNs - dueNs) / PACKET_INTERVAL_NS);
                    continue;
                }
                final long stampNs = System.nanoTime();
                final boolean counted = inWindow(stampNs);
                endpoints.queue(next, seq, stampNs + realtimeOffsetNs, counted);
                if (counted)
                {
                    sent++;
                }
                if (++next == streams)
                {
                    next = 0;
                    seq++;
                    cycleNs += PACKET_INTERVAL_NS;
                }
            }
            endpoints.submitAndWait(waitNs, this);
        }
    }

    @Override
    public void onReceived(final long stampNs, final long arrivedNs)
    {
        if (inWindow(stampNs - realtimeOffsetNs))
        {
            received++;
            final long us = (arrivedNs - stampNs) / 1000;
            latencyUs[(int)Math.min(Math.max(us, 0), LATENCY_BUCKETS_US)]++;
        }
    }

    @Override
    public void onSendRefused(final boolean inWindow)
    {
        if (inWindow)
        {
            sent--;
            sendRefused++;
        }
    }

    private boolean inWindow(final long stampNs)
    {
        return stampNs - measureFromNs >= 0 && stampNs - measureToNs < 0;
    }

    /**
     * After the window: waits until every packet sent in it has arrived, or none more arrived for
     * {@link #DRAIN_QUIET_NS}, at most {@link #DRAIN_MAX_NS}. Packets still in flight at the
     * window's end are waited for, not counted lost; what never arrives is lost.
     */
    private void drain() throws InterruptedException
    {
        final long giveUpNs = System.nanoTime() + DRAIN_MAX_NS;
        long last = received;
        long progressNs = System.nanoTime();
        while (received < sent && System.nanoTime() - giveUpNs < 0)
        {
            waitConnected(10);
            final long now = received;
            if (now != last)
            {
                last = now;
                progressNs = System.nanoTime();
            }
            else if (System.nanoTime() - progressNs > DRAIN_QUIET_NS)
            {
                return;
            }
        }
    }

    private long percentileUs(final double fraction)
    {
        long total = 0;
        for (final long count : latencyUs)
        {
            total += count;
        }
        final long rank = (long)Math.ceil(fraction * total);
        long seen = 0;
        for (int us = 0; us < latencyUs.length; us++)
        {
            seen += latencyUs[us];
            if (seen >= rank && rank > 0)
            {
                return us;
            }
        }
        return -1;
    }

    private static long cpuTicks(final long pid) throws IOException
    {
        if (pid <= 0)
        {
            return 0;
        }
        final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of /proc/PID/stat, 12 and 13 after the name.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * Runs one measurement.
     *
     * @param args see the class comment.
     * @throws Exception when the relay cannot be reached.
     */
    public static void main(final String[] args) throws Exception
    {
        String target = "direct";
        int calls = 100;
        int seconds = 20;
        long pid = 0;
        String control = "127.0.0.1:9990";
        String reply = "127.0.0.1:9991";
        String ng = "127.0.0.1:22222";
        boolean burst = false;
        int realtime = 0;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--target" -> target = args[i + 1];
                case "--calls" -> calls = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                case "--control" -> control = args[i + 1];
                case "--reply" -> reply = args[i + 1];
                case "--ng" -> ng = args[i + 1];
                case "--burst" -> burst = Boolean.parseBoolean(args[i + 1]);
                case "--realtime" -> realtime = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (calls < 1 || calls > MAX_CALLS || seconds < 1 || seconds > MAX_SECONDS)
        {
            throw new IllegalArgumentException("calls 1.." + MAX_CALLS + ", seconds 1.." + MAX_SECONDS);
        }
        final RtpLoadGenerator generator = new RtpLoadGenerator(calls, burst);
        generator.realtimePriority = realtime;
        switch (target)
        {
            case "ours" -> generator.anchorOurs(control, reply);
            case "rtpengine" ->
            {
                final int colon = ng.lastIndexOf(':');
                generator.anchorRtpengine(new InetSocketAddress(ng.substring(0, colon), Integer.parseInt(ng.substring(colon + 1))));
            }
            case "direct" -> generator.anchorDirect();
            default -> throw new IllegalArgumentException("target is ours, rtpengine or direct");
        }
        final Thread driver = new Thread(generator::drive, "bench-generator");
        driver.start();
        // Attached before the window: starting the node's management agent costs it CPU.
        final RelayThreadAllocation allocation = "ours".equals(target) && pid > 0 ? RelayThreadAllocation.attach(pid) : null;
        generator.waitConnected(WARMUP_NS / 1_000_000);
        final long bytesBefore = allocation == null ? 0 : allocation.allocatedBytes();
        final long relayDropsBefore = UdpSocketDrops.of(pid);
        final long ownDropsBefore = UdpSocketDrops.of(ProcessHandle.current().pid());
        final long ticksBefore = cpuTicks(pid);
        final long waitBefore = RunqueueWait.of(pid);
        final long ownBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        final long fromNs = System.nanoTime();
        generator.measureToNs = fromNs + seconds * 1_000_000_000L;
        generator.measureFromNs = fromNs;
        generator.waitConnected(seconds * 1_000L);
        // CPU over the window as sent.
        final long ticksAfter = cpuTicks(pid);
        final long waitAfter = RunqueueWait.of(pid);
        final long ownAfter = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        final long bytesAfter = allocation == null ? 0 : allocation.allocatedBytes();
        final double windowNs = System.nanoTime() - fromNs;
        // The window is over: nothing more is sent, and whatever the relay still holds may arrive.
        generator.sending = false;
        generator.drain();
        final long relayDrops = UdpSocketDrops.of(pid) - relayDropsBefore;
        final long ownDrops = UdpSocketDrops.of(ProcessHandle.current().pid()) - ownDropsBefore;
        if (allocation != null)
        {
            allocation.close();
        }
        generator.running = false;
        driver.join();
        final long ticksPerSecond = 100;
        final double relayCpuUs = (ticksAfter - ticksBefore) * 1_000_000.0 / ticksPerSecond;
        final long sent = generator.sent;
        final long received = generator.received;
        // The generator's own receive drops are packets the relay delivered: not the relay's loss.
        final long relayLost = Math.max(0, sent - received - ownDrops);
        System.out.printf(Locale.ROOT,
            "target=%s calls=%d seconds=%d phases=%s sent=%d received=%d loss=%.4f%% relay_loss=%.4f%% relay_socket_drops=%d"
                + " generator_drops=%d generator_send_refused=%d relayed_pps=%.0f relay_cpu_us_per_packet=%.2f"
                + " relay_cpu_percent=%.1f latency_p50_us=%d latency_p99_us=%d latency_p999_us=%d generator_cpu_percent=%.1f"
                + " relay_bytes_per_packet=%.3f relay_runqueue_wait_percent=%.1f generator_unreadable=%d%n",
            target, calls, seconds, burst ? "burst" : "spread", sent, received,
            sent == 0 ? 0.0 : 100.0 * (sent - received) / sent, sent == 0 ? 0.0 : 100.0 * relayLost / sent,
            relayDrops, ownDrops, generator.sendRefused,
            received / (windowNs / 1e9), pid > 0 && received > 0 ? relayCpuUs / received : 0.0,
            100.0 * relayCpuUs * 1000.0 / windowNs,
            generator.percentileUs(0.50), generator.percentileUs(0.99), generator.percentileUs(0.999),
            100.0 * (ownAfter - ownBefore) / windowNs,
            allocation == null || received == 0 ? -1.0 : (bytesAfter - bytesBefore) / (double)received,
            100.0 * (waitAfter - waitBefore) / windowNs, generator.endpoints.unreadable());
        generator.endpoints.close();
        if (generator.ourClient != null)
        {
            generator.ourClient.close();
            generator.ourDriver.close();
        }
    }
}
