package io.softswitch.signaling.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.softswitch.lcr.VendorStates;
import io.softswitch.signaling.metrics.SwitchMetrics;
import io.softswitch.signaling.metrics.TrunkMeters;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.TrunkLimiter;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A vendor trunk at run time: its configuration, its engine id, limiter, meters, whether probing
 * finds it up, and, per loop, the peer to send to (for TCP, that loop's connection) and the
 * reduction the vendor last asked for in its responses (RFC 7339 overload control).
 *
 * <p>Whether the vendor is at its concurrent-call limit is state the LCR engine reads
 * ({@link VendorStates}), written here without a lock: the limiter is shared by every loop, so
 * each writer reads the limiter again after writing and writes again while what it wrote no
 * longer matches what it reads.
 */
final class Vendor
{
    final VendorTrunk trunk;
    final int index;
    /** The engine's id of the trunk ({@link io.softswitch.lcr.TrunkIds#vendorId}), -1 when it has none. */
    final int id;
    final InetSocketAddress address;
    final byte[] hostPort;
    final TrunkLimiter limiter;
    final TrunkMeters meters;
    final SipPeer[] peers;
    volatile boolean up = true;
    int consecutiveFailures;
    int consecutiveSuccesses;
    private volatile boolean reportedFull;
    /** RFC 7339 as a client, per loop: each loop writes and reads only its own slot. */
    private final int[] overloadPercent;
    private final long[] overloadUntilNs;
    private final long[] overloadSeqMs;
    private final int[] overloadCredit;
    private final Counter overloadThrottled;

    Vendor(final VendorTrunk trunk, final int index, final int id, final int loopCount, final SwitchMetrics metrics,
        final LongSupplier nanoClock)
    {
        this.trunk = trunk;
        this.index = index;
        this.id = id;
        this.address = new InetSocketAddress(InetAddress.ofLiteral(trunk.host()), trunk.port());
        final String host = trunk.host().indexOf(':') >= 0 ? "[" + trunk.host() + "]" : trunk.host();
        this.hostPort = B2buaWriter.ascii(host + ":" + trunk.port());
        this.limiter = new TrunkLimiter(trunk.cpsLimit(), trunk.concurrentLimit(), nanoClock);
        this.meters = new TrunkMeters(metrics.registry(), "vendor", trunk.name());
        this.peers = new SipPeer[loopCount];
        this.overloadPercent = new int[loopCount];
        this.overloadUntilNs = new long[loopCount];
        this.overloadSeqMs = new long[loopCount];
        Arrays.fill(overloadSeqMs, -1);
        this.overloadCredit = new int[loopCount];
        this.overloadThrottled = Counter.builder("softswitch.vendor.overload.throttled").tag("trunk", trunk.name())
            .description("new attempts not offered to the vendor because it asked for fewer (RFC 7339 overload control)")
            .register(metrics.registry());
        Gauge.builder("softswitch.calls.active", limiter, TrunkLimiter::inProgress)
            .description("calls in progress on the trunk")
            .tag("side", "vendor").tag("trunk", trunk.name()).register(metrics.registry());
        Gauge.builder("softswitch.vendor.up", this, vendor -> vendor.up ? 1 : 0)
            .description("1 while OPTIONS probing finds the vendor up, 0 while it is down")
            .tag("trunk", trunk.name()).register(metrics.registry());
    }

    /**
     * Tells the engine whether the vendor is at its concurrent-call limit, if that changed; called
     * when an admission was refused for concurrency and after a release while reported full.
     *
     * @param states the state the engine reads.
     */
    void reportCapacity(final VendorStates states)
    {
        if (id < 0)
        {
            return;
        }
        boolean full = limiter.inProgress() >= limiter.concurrentLimit();
        // A few rounds at most: each write is followed by a fresh read of the limiter, so the
        // last writer's state holds unless the limiter keeps changing, and then the next
        // admission or release reports again.
        for (int round = 0; round < 4 && full != reportedFull; round++)
        {
            reportedFull = full;
            states.setAtCapacity(id, full);
            full = limiter.inProgress() >= limiter.concurrentLimit();
        }
    }

    /**
     * Tells the engine whether OPTIONS probing finds the vendor down.
     *
     * @param states the state the engine reads.
     * @param down   true when down.
     */
    void reportDown(final VendorStates states, final boolean down)
    {
        up = !down;
        if (id >= 0)
        {
            states.setDown(id, down);
        }
    }

    /**
     * Whether the engine was last told the vendor is full.
     *
     * @return true when reported at capacity.
     */
    boolean reportedFull()
    {
        return reportedFull;
    }

    /**
     * Takes the overload control a response of the vendor carried (RFC 7339 §5.3): from now on,
     * for its validity, this loop offers the vendor that much fewer new calls. An {@code oc-seq}
     * older than one already seen is ignored; a validity of 0 or a reduction of 0 ends it. Runs on
     * the loop.
     *
     * @param loop       the loop's index.
     * @param percent    the reduction asked for, 0 to 100.
     * @param validityMs how long it holds.
     * @param seqMs      the vendor's {@code oc-seq} in milliseconds, or -1.
     * @param nowNs      the loop's clock.
     */
    void onOverloadControl(final int loop, final int percent, final long validityMs, final long seqMs,
        final long nowNs)
    {
        if (seqMs >= 0 && seqMs < overloadSeqMs[loop])
        {
            return;
        }
        overloadSeqMs[loop] = Math.max(seqMs, overloadSeqMs[loop]);
        if (percent <= 0 || validityMs <= 0)
        {
            overloadPercent[loop] = 0;
            return;
        }
        overloadPercent[loop] = percent;
        overloadUntilNs[loop] = nowNs + TimeUnit.MILLISECONDS.toNanos(validityMs);
    }

    /**
     * Whether a new attempt is held back from the vendor because it asked for fewer: of every
     * hundred attempts while its reduction holds, that many are, evenly spread (the "loss"
     * algorithm), and counted. Runs on the loop.
     *
     * @param loop  the loop's index.
     * @param nowNs the loop's clock.
     * @return true when this attempt is not to be offered to the vendor.
     */
    boolean throttles(final int loop, final long nowNs)
    {
        final int percent = overloadPercent[loop];
        if (percent <= 0)
        {
            return false;
        }
        if (nowNs - overloadUntilNs[loop] >= 0)
        {
            overloadPercent[loop] = 0;
            overloadCredit[loop] = 0;
            return false;
        }
        overloadCredit[loop] += percent;
        if (overloadCredit[loop] >= 100)
        {
            overloadCredit[loop] -= 100;
            overloadThrottled.increment();
            return true;
        }
        return false;
    }
}
