package io.softswitch.signaling.call;

import java.util.function.LongSupplier;

/**
 * How many new calls a second the loops can take, measured while they were behind, against how
 * many are offered: what lets the {@link LoadShedder} lower the share it refuses to what the loops
 * carry, instead of lowering it until they fall behind again.
 *
 * <p>The queues say when the loops are behind, not by how much they are ahead: once a share of
 * refusals has drained the backlog, the queues are empty at that share and at any lower one until
 * the loops are overrun again, and a shedder that lowers its share whenever they are empty swings
 * between refusing everything and nothing about once a second (measured at twice the clean rate,
 * 2026-12-01), with the receive queues overflowing at each swing.
 *
 * <p>What the loops did in a window during which their receive queues stayed behind is what they
 * can do, since they never waited for work in it. It is counted in carried calls: a call refused
 * for overload costs about {@link #SHED_PER_CALL an eighth} of one carried (one datagram parsed
 * and one answered, against seven each way and a route query), so a window that admitted
 * {@code a} calls and refused {@code r} did the work of {@code a + r/8}. Once that is known, the
 * share is decided once per window from the calls offered in the window: everything when they fit
 * in 95 % of the capacity, otherwise the share that brings the work to 95 % of it.
 * The share is never raised here (that is the queues' job), and the calls admitted at most double
 * plus {@link #MAX_GROWTH_POINTS} points a window, in case a figure is off: at twice the clean
 * rate (2026-12-01) a window right after the loops had refused everything found the calls offered
 * to fit, the share went from 100 % to nothing at once, and the receive queues overflowed.
 *
 * <p>The highest recent figure stands, losing an eighth per window behind below it (a window can
 * be behind while the share rose through it, and the machine may get slower: other processes take
 * the cores). Each window the loops were not behind grows it by {@link #GROWTH_DIVISOR a
 * sixteenth} (about 1.8 times a second), so a share held on a figure too low is lowered again
 * within seconds; a figure too high costs only windows behind, which bring it down by an eighth
 * each. It grows only while it is under {@link #GROWTH_CEILING twice} the work of the calls
 * offered (all of them carried): loops that stayed clear for a minute otherwise grew it past
 * what a {@code long} holds, and the next overload met a figure that let every call in, or a
 * negative one (6,000 calls/s after a clean ramp to 4,000 carried 2,247, 2026-12-01 11:40).
 *
 * <p>A window behind in which the loops did under a {@link #STALL_DIVISOR quarter} of the figure is
 * a stall (descheduled, billing catching up beside them): it measures the cores they were not
 * given, not what they carry, and up to {@link #MAX_STALL_WINDOWS} of them in a row leave the
 * figure as it was. A stall of a second and a half otherwise left an eighth of the figure, and the
 * share stayed at 88 % for the eight seconds the step had left (2026-12-01 07:53). Loops that stay
 * that slow for longer are taken at their word.
 *
 * <p>Used by the shedder's thread only; the loops count their calls ({@link LoopLag#admitted()},
 * {@link LoopLag#shed()}).
 */
final class CallCapacity
{
    /** Refused calls that cost the loops what one carried call does. */
    static final long SHED_PER_CALL = 8;
    /**
     * The share of the capacity the loops are brought to, in percent. At 90 % the switch carried
     * 4,992 and 4,163 calls/s at 7,000 and 8,000 offered, below the 6,000 it carried without
     * shedding; at 95 %, 5,577 and 5,853, none failed either way (2026-12-01 06:09-06:11).
     */
    private static final long TARGET_PERCENT = 95;
    /** The measured capacity grows by itself by one part in this, per window not behind. */
    private static final long GROWTH_DIVISOR = 16;
    /** The capacity stops growing once it is this many times the work of every call offered. */
    private static final long GROWTH_CEILING = 2;
    /** A capacity above what a window behind did loses one part in this per such window. */
    private static final long DECAY_DIVISOR = 8;
    /** A window behind that did under one part in this of the capacity is a stall. */
    private static final long STALL_DIVISOR = 4;
    /** Stalls in a row that leave the capacity as it was; later ones lower it as any window behind. */
    private static final int MAX_STALL_WINDOWS = 10;
    /** The most the admitted share grows in one window: doubled plus this many points. */
    private static final long MAX_GROWTH_POINTS = 25;
    private static final long NS_PER_S = 1_000_000_000L;

    private final LongSupplier admitted;
    private final LongSupplier shed;
    private final LongSupplier nanoClock;
    private final long windowNs;
    private long windowStartNs;
    private long windowStartAdmitted;
    private long windowStartShed;
    private long offeredPerSecond;
    /** Work done in the last window, in eighths of a carried call, per second. */
    private long workPerSecond;
    /** Work the loops could do, in eighths of a carried call, per second. */
    private long capacity;
    private boolean windowEnded;
    private int stalls;

    /**
     * Creates the measure.
     *
     * @param admitted  how many new calls the loops have admitted so far.
     * @param shed      how many new calls the loops have refused for overload so far.
     * @param nanoClock a monotonic clock.
     * @param windowNs  how long each rate is taken over: the window the receive queues must stay
     *                  behind for before the loops count as behind.
     */
    CallCapacity(final LongSupplier admitted, final LongSupplier shed, final LongSupplier nanoClock,
        final long windowNs)
    {
        this.admitted = admitted;
        this.shed = shed;
        this.nanoClock = nanoClock;
        this.windowNs = windowNs;
        windowStartNs = nanoClock.getAsLong();
        windowStartAdmitted = admitted.getAsLong();
        windowStartShed = shed.getAsLong();
    }

    /**
     * Takes one sample: the rates once a window is over, and, while the loops are behind, the work
     * they did as their capacity.
     *
     * @param behind whether the loops' receive queues have stayed behind for the whole window.
     */
    void sample(final boolean behind)
    {
        final long nowNs = nanoClock.getAsLong();
        final long elapsedNs = nowNs - windowStartNs;
        windowEnded = elapsedNs >= windowNs;
        if (windowEnded)
        {
            final long admittedNow = admitted.getAsLong();
            final long shedNow = shed.getAsLong();
            final long admittedPerSecond = (admittedNow - windowStartAdmitted) * NS_PER_S / elapsedNs;
            final long shedPerSecond = (shedNow - windowStartShed) * NS_PER_S / elapsedNs;
            offeredPerSecond = admittedPerSecond + shedPerSecond;
            workPerSecond = admittedPerSecond * SHED_PER_CALL + shedPerSecond;
            windowStartNs = nowNs;
            windowStartAdmitted = admittedNow;
            windowStartShed = shedNow;
            if (!behind)
            {
                stalls = 0;
                if (capacity > 0 && capacity < offeredPerSecond * SHED_PER_CALL * GROWTH_CEILING)
                {
                    capacity += Math.max(1, capacity / GROWTH_DIVISOR);
                }
            }
            else if (workPerSecond >= capacity / STALL_DIVISOR || ++stalls > MAX_STALL_WINDOWS)
            {
                capacity = Math.max(workPerSecond, capacity - capacity / DECAY_DIVISOR);
            }
        }
    }

    /**
     * Whether a capacity has been measured, so that {@link #lowered} applies.
     *
     * @return true once the loops have been behind for a window in which they took calls.
     */
    boolean measured()
    {
        return capacity > 0;
    }

    /**
     * The share to refuse next while the queues are clear, decided at the end of each window from
     * the calls offered in it; unchanged in between.
     *
     * @param refusePercent the share refused now, 0 to 100.
     * @return the share to refuse, 0 to {@code refusePercent}.
     */
    int lowered(final int refusePercent)
    {
        if (!windowEnded || refusePercent == 0)
        {
            return refusePercent;
        }
        final long target = capacity * TARGET_PERCENT / 100;
        // Admitting a share f of the offered o does o * (f * 8 + (1 - f)) eighths of work. The
        // calls offered are those the loops judged in the window, fewer than arrived when the
        // loops were slow in it: the cap on growth keeps such a window from opening everything.
        final long fitsPercent = offeredPerSecond * SHED_PER_CALL <= target ? 100 :
            100 * (target - offeredPerSecond) / ((SHED_PER_CALL - 1) * offeredPerSecond);
        final long admittedPercent = 100 - refusePercent;
        final long next = Math.min(fitsPercent, admittedPercent * 2 + MAX_GROWTH_POINTS);
        return (int)(100 - Math.min(100, Math.max(admittedPercent, next)));
    }

    /**
     * The new calls a second the loops could carry when last behind, grown since.
     *
     * @return calls a second; 0 while never measured.
     */
    long capacityPerSecond()
    {
        return capacity / SHED_PER_CALL;
    }
}
