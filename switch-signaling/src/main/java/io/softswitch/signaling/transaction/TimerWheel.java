package io.softswitch.signaling.transaction;

/**
 * A hashed timer wheel owned by one event loop: intrusive {@link WheelTimer} nodes in a ring of
 * slots, so that scheduling, cancelling and firing allocate nothing.
 *
 * <p>Deadlines are compared by subtraction, so the clock may wrap. A timer whose deadline lies more
 * than one rotation ahead stays in its slot and is skipped until its turn comes. A timer scheduled
 * in the past fires on the next {@link #poll}. Not thread safe: the owning loop alone uses it.
 */
public final class TimerWheel
{
    private final long tickNs;
    private final int mask;
    private final WheelTimer[] slots;
    private final WheelTimer expired = new Sentinel();
    private final long startNs;
    private long currentTick;
    private int scheduled;

    /**
     * Creates an empty wheel.
     *
     * @param tickNs    resolution of the wheel: width of one slot.
     * @param slotCount slots in the ring, a power of two.
     * @param startNs   the clock reading that tick zero starts at.
     */
    public TimerWheel(final long tickNs, final int slotCount, final long startNs)
    {
        if (tickNs < 1 || slotCount < 1 || Integer.bitCount(slotCount) != 1)
        {
            throw new IllegalArgumentException("bad wheel: tickNs=" + tickNs + " slotCount=" + slotCount);
        }
        this.tickNs = tickNs;
        this.mask = slotCount - 1;
        this.slots = new WheelTimer[slotCount];
        for (int i = 0; i < slotCount; i++)
        {
            slots[i] = new Sentinel();
        }
        this.startNs = startNs;
    }

    /**
     * Schedules (or reschedules) a timer.
     *
     * @param timer      the timer; cancelled first when already scheduled.
     * @param deadlineNs when it should fire, on the wheel's clock.
     */
    public void schedule(final WheelTimer timer, final long deadlineNs)
    {
        if (timer.isScheduled())
        {
            cancel(timer);
        }
        timer.deadlineNs = deadlineNs;
        final long tick = Math.max(currentTick, (deadlineNs - startNs) / tickNs);
        final WheelTimer head = slots[(int)(tick & mask)];
        timer.previous = head;
        timer.next = head.next;
        head.next.previous = timer;
        head.next = timer;
        scheduled++;
    }

    /**
     * Cancels a timer; nothing happens when it is not scheduled.
     *
     * @param timer the timer.
     */
    public void cancel(final WheelTimer timer)
    {
        if (timer.isScheduled())
        {
            timer.unlink();
            scheduled--;
        }
    }

    /**
     * How many timers are waiting.
     *
     * @return the count of scheduled timers.
     */
    public int scheduledCount()
    {
        return scheduled;
    }

    /**
     * Fires every timer whose deadline is at or before {@code nowNs}.
     *
     * @param nowNs the clock reading, taken once by the caller.
     * @return how many timers fired.
     */
    public int poll(final long nowNs)
    {
        final long nowTick = (nowNs - startNs) / tickNs;
        if (nowTick - currentTick > mask)
        {
            // One rotation visits every slot: a long pause need not walk each missed tick.
            currentTick = nowTick - mask;
        }
        while (true)
        {
            final WheelTimer head = slots[(int)(currentTick & mask)];
            WheelTimer timer = head.next;
            while (timer != head)
            {
                final WheelTimer following = timer.next;
                if (timer.deadlineNs - nowNs <= 0)
                {
                    timer.unlink();
                    timer.previous = expired.previous;
                    timer.next = expired;
                    expired.previous.next = timer;
                    expired.previous = timer;
                }
                timer = following;
            }
            if (currentTick - nowTick >= 0)
            {
                break;
            }
            currentTick++;
        }
        int fired = 0;
        // Expired timers sit on their own list so that a handler may cancel any of them safely.
        while (expired.next != expired)
        {
            final WheelTimer timer = expired.next;
            timer.unlink();
            scheduled--;
            fired++;
            timer.onExpiry(nowNs);
        }
        return fired;
    }

    private static final class Sentinel extends WheelTimer
    {
        Sentinel()
        {
            previous = this;
            next = this;
        }

        @Override
        protected void onExpiry(final long nowNs)
        {
            throw new IllegalStateException("sentinel fired");
        }
    }
}
