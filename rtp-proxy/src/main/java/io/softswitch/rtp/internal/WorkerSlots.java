package io.softswitch.rtp.internal;

/**
 * The free stream slots of each relay thread, and which thread takes the next stream: round
 * robin over the threads that have room, so that streams spread over the threads. A slot number
 * is global ({@code worker * perWorker + local}); each thread knows its streams by the local one.
 * Used by the conductor thread only.
 */
public final class WorkerSlots
{
    private final int perWorker;
    private final int[][] free;
    private final int[] freeCount;
    private int nextWorker;

    /**
     * Creates the lists, every slot free.
     *
     * @param workers   relay threads.
     * @param perWorker streams per thread.
     */
    public WorkerSlots(final int workers, final int perWorker)
    {
        this.perWorker = perWorker;
        this.free = new int[workers][perWorker];
        this.freeCount = new int[workers];
        for (int w = 0; w < workers; w++)
        {
            for (int i = 0; i < perWorker; i++)
            {
                free[w][i] = perWorker - 1 - i;
            }
            freeCount[w] = perWorker;
        }
    }

    /**
     * Picks the thread for a new stream and moves the round robin past it.
     *
     * @return the thread, -1 when every thread is full.
     */
    public int pickWorker()
    {
        final int workers = freeCount.length;
        for (int i = 0; i < workers; i++)
        {
            final int w = (nextWorker + i) % workers;
            if (freeCount[w] > 0)
            {
                nextWorker = (w + 1) % workers;
                return w;
            }
        }
        return -1;
    }

    /**
     * The slot a thread would give next, without taking it.
     *
     * @param worker a thread with room.
     * @return the global slot.
     */
    public int peek(final int worker)
    {
        return worker * perWorker + free[worker][freeCount[worker] - 1];
    }

    /**
     * Takes the slot {@link #peek} named.
     *
     * @param worker the thread.
     */
    public void take(final int worker)
    {
        freeCount[worker]--;
    }

    /**
     * Gives a slot back to its thread.
     *
     * @param worker the thread.
     * @param local  the slot, as the thread knows it.
     */
    public void release(final int worker, final int local)
    {
        free[worker][freeCount[worker]++] = local;
    }
}
