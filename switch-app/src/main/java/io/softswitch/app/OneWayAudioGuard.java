package io.softswitch.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.app.admin.BlockRequest;
import io.softswitch.app.config.OneWayBlockSettings;
import io.softswitch.signaling.call.CallEndListener;
import io.softswitch.signaling.call.EndReason;
import io.softswitch.signaling.call.EndedCall;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Blocks a vendor trunk whose share of one-way-audio calls passes a threshold (issue 9, off by
 * default): the event loops count, per vendor trunk, the answered calls whose media the relay
 * measured and those ended as one-way audio; {@link #evaluate} (one thread, about once a second)
 * looks at the last window of each trunk and, past the threshold, sets an ordinary route block on
 * the vendor with a reason that says why. The block is listed, persisted and lifted like any other
 * ({@code GET}/{@code DELETE /api/blocks}); the trunk's window starts afresh when it is blocked, so
 * a lifted trunk needs new evidence to be blocked again.
 *
 * <p>Counting takes no lock and allocates nothing once a trunk is known: a scan of a small
 * copy-on-write array of trunks by name, then two atomic increments.
 */
public final class OneWayAudioGuard implements CallEndListener
{
    private static final Counts[] NONE = new Counts[0];

    private final OneWayBlockSettings settings;
    private final Consumer<BlockRequest> blocker;
    private final MeterRegistry registry;
    private final AtomicReference<Counts[]> trunks = new AtomicReference<>(NONE);
    /** Owned by the evaluating thread: each trunk's snapshots, oldest first. */
    private final Map<Counts, ArrayDeque<long[]>> history = new HashMap<>();

    /**
     * Creates the guard.
     *
     * @param settings the threshold, window and minimum of calls.
     * @param blocker  sets a route block (the admin API's path, so it is persisted and listed).
     * @param registry where the count of automatic blocks goes.
     */
    public OneWayAudioGuard(final OneWayBlockSettings settings, final Consumer<BlockRequest> blocker,
        final MeterRegistry registry)
    {
        this.settings = settings;
        this.blocker = blocker;
        this.registry = registry;
    }

    @Override
    public void onCallEnded(final EndedCall call)
    {
        final int attempt = answeredAttempt(call);
        if (attempt < 0)
        {
            return;
        }
        final boolean oneWay = call.endReason() == EndReason.ONE_WAY_AUDIO;
        if (!oneWay && call.mediaPackets(0) + call.mediaPackets(1) == 0)
        {
            // Bypassed, or too short for the relay to have reported: nothing measured.
            return;
        }
        final Counts counts = counts(call.vendorTrunk(attempt));
        counts.calls.incrementAndGet();
        if (oneWay)
        {
            counts.oneWay.incrementAndGet();
        }
    }

    private static int answeredAttempt(final EndedCall call)
    {
        for (int attempt = call.attemptCount() - 1; attempt >= 0; attempt--)
        {
            if (call.attemptAnswerEpochMs(attempt) != 0)
            {
                return attempt;
            }
        }
        return -1;
    }

    private Counts counts(final CharSequence trunk)
    {
        while (true)
        {
            final Counts[] known = trunks.get();
            for (final Counts counts : known)
            {
                if (counts.trunk.contentEquals(trunk))
                {
                    return counts;
                }
            }
            // A trunk seen for the first time: the array is replaced, never changed in place.
            final Counts[] grown = Arrays.copyOf(known, known.length + 1);
            grown[known.length] = new Counts(trunk.toString(), registry);
            if (trunks.compareAndSet(known, grown))
            {
                return grown[known.length];
            }
        }
    }

    /**
     * Looks at each vendor trunk's last window and blocks those past the threshold. Called from one
     * thread only.
     *
     * @param nowMs the clock, milliseconds.
     * @return how many trunks were blocked now.
     */
    public int evaluate(final long nowMs)
    {
        int blocked = 0;
        for (final Counts counts : trunks.get())
        {
            final long calls = counts.calls.get();
            final long oneWay = counts.oneWay.get();
            final ArrayDeque<long[]> snapshots = history.computeIfAbsent(counts, c -> new ArrayDeque<>());
            if (snapshots.isEmpty())
            {
                // First look: what was counted before it happened within the last tick.
                snapshots.add(new long[] {nowMs, 0, 0});
            }
            while (snapshots.size() > 1 && second(snapshots)[0] <= nowMs - settings.windowMs())
            {
                snapshots.removeFirst();
            }
            final long[] base = snapshots.getFirst();
            final long windowCalls = calls - base[1];
            final long windowOneWay = oneWay - base[2];
            snapshots.add(new long[] {nowMs, calls, oneWay});
            if (windowCalls >= settings.minCalls() && windowOneWay * 100 >= settings.sharePercent() * windowCalls)
            {
                blocker.accept(new BlockRequest(counts.trunk, null, "auto: one-way audio on " + windowOneWay + " of "
                    + windowCalls + " calls in " + settings.windowMs() / 1000 + " s (threshold "
                    + settings.sharePercent() + " %)"));
                counts.autoBlocks.increment();
                snapshots.clear();
                snapshots.add(new long[] {nowMs, calls, oneWay});
                blocked++;
            }
        }
        return blocked;
    }

    /** The snapshot after the oldest: once it is a window old, the oldest is no longer needed. */
    private static long[] second(final ArrayDeque<long[]> snapshots)
    {
        final Iterator<long[]> it = snapshots.iterator();
        it.next();
        return it.next();
    }

    /** One vendor trunk's counters. Identity equality: one instance per trunk. */
    private static final class Counts
    {
        final String trunk;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong oneWay = new AtomicLong();
        final Counter autoBlocks;

        Counts(final String trunk, final MeterRegistry registry)
        {
            this.trunk = trunk;
            this.autoBlocks = Counter.builder("softswitch.media.auto.blocks").tag("trunk", trunk)
                .description("route blocks set automatically on the vendor trunk for its share of one-way audio calls")
                .register(registry);
        }
    }
}
