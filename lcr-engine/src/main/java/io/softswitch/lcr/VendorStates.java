package io.softswitch.lcr;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Whether each vendor is up (its OPTIONS probe answers) and has a free channel, as state that
 * the switch writes and the LCR engine reads at each query: nothing is queued, nothing waits, and
 * only the latest value matters, so a flapping vendor cannot fill the engine's ring.
 *
 * <p>Indexed by vendor id ({@link TrunkIds}); one {@code int} per vendor and fact, written with a
 * volatile store and read with an acquire load. A vendor that was never reported is up and free.
 *
 * <p>Writers: availability has one writer per vendor (the event loop that probes it), so a plain
 * store is exact. Capacity may be written from any loop (the vendor's limiter is shared); a
 * writer reads the limiter, stores what it read, and reads the limiter again, storing again until
 * the two agree. Whatever the interleaving, the last store is then followed by a read of the
 * limiter by the same writer that agreed with it, so the flag settles on the truth without a
 * lock. A report that lands a moment late only changes the vendor's place in one answer: the
 * call path checks the limiter itself before it sends an INVITE.
 */
public final class VendorStates
{
    private static final int STRIDE = 2;
    private static final int DOWN = 0;
    private static final int AT_CAPACITY = 1;

    private final AtomicIntegerArray flags;
    /** How many flags are set: zero lets a query skip every vendor's two loads. */
    private final AtomicInteger flagged = new AtomicInteger();
    private final int capacity;

    /**
     * Creates state for vendor ids 0 to {@code capacity - 1}, every vendor up and free.
     *
     * @param capacity number of vendor ids, at most {@link TrunkIds#MAX_IDS}.
     */
    public VendorStates(final int capacity)
    {
        if (capacity < 0 || capacity > TrunkIds.MAX_IDS)
        {
            throw new IllegalArgumentException("vendor state capacity out of range: capacity=" + capacity);
        }
        this.capacity = capacity;
        this.flags = new AtomicIntegerArray(capacity * STRIDE);
    }

    /**
     * Marks a vendor down (its OPTIONS probe failed) or up again.
     *
     * @param vendorId the vendor's id.
     * @param down     true when down.
     */
    public void setDown(final int vendorId, final boolean down)
    {
        set(slot(vendorId, DOWN), down);
    }

    /**
     * Marks a vendor at its concurrent-call limit, or free again.
     *
     * @param vendorId   the vendor's id.
     * @param atCapacity true when it can take no more calls.
     */
    public void setAtCapacity(final int vendorId, final boolean atCapacity)
    {
        set(slot(vendorId, AT_CAPACITY), atCapacity);
    }

    /**
     * Whether any vendor is down or at capacity; when not, a query need not look at each vendor.
     * A flag set a moment ago may not be counted yet, exactly as it may not be read yet.
     *
     * @return true when at least one flag is set.
     */
    public boolean anySet()
    {
        return flagged.get() != 0;
    }

    /**
     * Whether a vendor was last reported down.
     *
     * @param vendorId the vendor's id.
     * @return true when down.
     */
    public boolean isDown(final int vendorId)
    {
        return flags.getAcquire(slot(vendorId, DOWN)) != 0;
    }

    /**
     * Whether a vendor was last reported at capacity.
     *
     * @param vendorId the vendor's id.
     * @return true when full.
     */
    public boolean isAtCapacity(final int vendorId)
    {
        return flags.getAcquire(slot(vendorId, AT_CAPACITY)) != 0;
    }

    /**
     * Number of vendor ids this state covers.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    private void set(final int slot, final boolean on)
    {
        final int value = on ? 1 : 0;
        // Rare (a state change): the exchange tells whether this store changed the flag.
        final int previous = flags.getAndSet(slot, value);
        if (previous != value)
        {
            flagged.addAndGet(value - previous);
        }
    }

    private int slot(final int vendorId, final int fact)
    {
        if (vendorId < 0 || vendorId >= capacity)
        {
            throw new IndexOutOfBoundsException("vendor id out of range: vendorId=" + vendorId + " capacity=" + capacity);
        }
        return vendorId * STRIDE + fact;
    }
}
