package io.softswitch.signaling.call;

import io.softswitch.signaling.transaction.Transaction;

import java.util.Arrays;

/**
 * The transactions one call still has open, on either leg. A call that has ended stays in its
 * loop while any is open, absorbing retransmissions; it goes back to the pool when the last one
 * terminates. Order does not matter, so removal swaps the last one into the hole.
 */
final class CallTransactions
{
    private Transaction[] open = new Transaction[8];
    private int count;

    void add(final Transaction transaction)
    {
        if (count == open.length)
        {
            // Rare: a long hunt or many relays at once; the pooled call keeps the larger array.
            open = Arrays.copyOf(open, open.length * 2);
        }
        open[count++] = transaction;
    }

    void remove(final Transaction transaction)
    {
        for (int i = 0; i < count; i++)
        {
            if (open[i] == transaction)
            {
                open[i] = open[--count];
                open[count] = null;
                return;
            }
        }
    }

    boolean isEmpty()
    {
        return count == 0;
    }

    /**
     * Terminates every open transaction; each one's termination removes it from here through the
     * call's listener, which is why this takes the last one until none is left.
     */
    void terminateAll()
    {
        while (count > 0)
        {
            open[count - 1].terminate();
        }
    }
}
