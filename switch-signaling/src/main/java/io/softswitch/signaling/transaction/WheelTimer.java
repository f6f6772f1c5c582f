package io.softswitch.signaling.transaction;

/**
 * One timer that a {@link TimerWheel} can hold: an intrusive list node, created once by its owner
 * and scheduled, cancelled and rescheduled without allocating.
 *
 * <p>Used on one event loop only.
 */
public abstract class WheelTimer
{
    WheelTimer previous;
    WheelTimer next;
    long deadlineNs;

    /**
     * Creates an unscheduled timer.
     */
    protected WheelTimer()
    {
    }

    /**
     * Whether the timer is waiting to fire.
     *
     * @return true between {@link TimerWheel#schedule} and expiry or cancellation.
     */
    public final boolean isScheduled()
    {
        return next != null;
    }

    /**
     * The deadline the timer was last scheduled for.
     *
     * @return the deadline on the wheel's clock, in nanoseconds.
     */
    public final long deadlineNs()
    {
        return deadlineNs;
    }

    /**
     * Called by the wheel when the deadline has passed; the timer is already unscheduled and may
     * be scheduled again from here.
     *
     * @param nowNs the clock reading of the poll that found it expired.
     */
    protected abstract void onExpiry(long nowNs);

    final void unlink()
    {
        previous.next = next;
        next.previous = previous;
        previous = null;
        next = null;
    }
}
