package io.softswitch.lcr;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Free {@link RouteResult} holders of one engine: taken by the engine thread, given back by any
 * thread, without locks and without allocating.
 *
 * <p>Released holders are pushed on a lock-free stack linked through the holders themselves.
 * The engine, the only taker, detaches the whole stack at once when its private free list runs
 * dry, then takes from that list with no atomics at all. Because nobody but the engine ever
 * removes a holder, the stack has no ABA hazard.
 */
final class RouteResultPool
{
    private final AtomicReference<RouteResult> released = new AtomicReference<>();
    private RouteResult free;

    /**
     * Takes a free holder; engine thread only.
     *
     * @return a holder, or null when every holder is in use.
     */
    RouteResult take()
    {
        if (free == null)
        {
            free = released.getAndSet(null);
            if (free == null)
            {
                return null;
            }
        }
        final RouteResult holder = free;
        free = holder.nextFree;
        holder.nextFree = null;
        return holder;
    }

    /**
     * Gives a holder back; any thread.
     *
     * @param holder a holder no longer in use.
     */
    void give(final RouteResult holder)
    {
        RouteResult head;
        do
        {
            head = released.get();
            holder.nextFree = head;
        }
        while (!released.compareAndSet(head, holder));
    }
}
