package io.softswitch.rtp.internal;

/**
 * A relay thread's preallocated streams, by slot, and the dense list of the open ones that the
 * timeout scan walks (swap-remove on close, so the list stays dense without shifting).
 */
final class RelayStreams
{
    private final RelayStream[] streams;
    private final int[] activeSlots;
    private int activeCount;

    RelayStreams(final int capacity)
    {
        this.streams = new RelayStream[capacity];
        for (int i = 0; i < capacity; i++)
        {
            streams[i] = new RelayStream(i);
        }
        this.activeSlots = new int[capacity];
    }

    RelayStream bySlot(final int slot)
    {
        return streams[slot];
    }

    /** The i-th open stream, 0 to {@link #activeCount()} - 1. */
    RelayStream active(final int i)
    {
        return streams[activeSlots[i]];
    }

    int activeCount()
    {
        return activeCount;
    }

    void activate(final RelayStream stream)
    {
        stream.active = true;
        stream.activeIndex = activeCount;
        activeSlots[activeCount++] = stream.slot;
    }

    void deactivate(final RelayStream stream)
    {
        stream.active = false;
        final int last = activeSlots[--activeCount];
        activeSlots[stream.activeIndex] = last;
        streams[last].activeIndex = stream.activeIndex;
    }
}
