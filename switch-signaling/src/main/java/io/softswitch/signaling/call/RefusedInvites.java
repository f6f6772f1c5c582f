package io.softswitch.signaling.call;

import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

/**
 * The INVITEs one loop refused statelessly in the last 32 seconds (64 × T1, as long as a client
 * retransmits an INVITE whose answer was lost), so that a retransmission of one is answered 503
 * again without being counted or journaled as another refused call: one refused call, one CDR.
 *
 * <p>Keys are the Call-ID's hash mixed with the CSeq number, so a new INVITE sent after the
 * Retry-After (a higher CSeq, or a new Call-ID) is a new call. Entries expire in the order they
 * were made (the lifetime is fixed), kept in a ring beside the map; when more refusals arrive
 * within the lifetime than the ring holds, the oldest are forgotten early. Nothing is allocated
 * once the map has grown to its working size. Used by one loop only.
 */
final class RefusedInvites
{
    /** How long a refused INVITE may still be retransmitted: 64 × T1 (RFC 3261 §17.1.1.2). */
    static final long LIFETIME_NS = TimeUnit.SECONDS.toNanos(32);

    private static final long MISSING = Long.MIN_VALUE;

    private final Long2LongHashMap expiries;
    private final long[] ringKeys;
    private final long[] ringExpiries;
    private final int mask;
    private int head;
    private int size;

    /**
     * Creates an empty record.
     *
     * @param capacity how many refusals it remembers at most; a power of two.
     */
    RefusedInvites(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.expiries = new Long2LongHashMap(capacity * 2, 0.65f, MISSING);
        this.ringKeys = new long[capacity];
        this.ringExpiries = new long[capacity];
        this.mask = capacity - 1;
    }

    /**
     * The key of an INVITE: its Call-ID's hash mixed with its CSeq number.
     *
     * @param callIdHash the Call-ID's hash.
     * @param cseq       the CSeq number.
     * @return the key.
     */
    static long key(final long callIdHash, final long cseq)
    {
        return callIdHash * 0x9E3779B97F4A7C15L + cseq;
    }

    /**
     * Whether an INVITE with this key was refused within the lifetime.
     *
     * @param key   the INVITE's key.
     * @param nowNs the loop's clock.
     * @return true for a retransmission of a refused INVITE.
     */
    boolean contains(final long key, final long nowNs)
    {
        expire(nowNs);
        return expiries.get(key) != MISSING;
    }

    /**
     * Remembers a refused INVITE.
     *
     * @param key   the INVITE's key.
     * @param nowNs the loop's clock.
     */
    void add(final long key, final long nowNs)
    {
        expire(nowNs);
        if (size == ringKeys.length)
        {
            forgetOldest();
        }
        final long expiry = nowNs + LIFETIME_NS;
        final int tail = (head + size) & mask;
        ringKeys[tail] = key;
        ringExpiries[tail] = expiry;
        size++;
        expiries.put(key, expiry);
    }

    /**
     * How many refusals it remembers now.
     *
     * @return the count.
     */
    int size()
    {
        return size;
    }

    private void expire(final long nowNs)
    {
        while (size > 0 && ringExpiries[head] - nowNs <= 0)
        {
            forgetOldest();
        }
    }

    private void forgetOldest()
    {
        final long key = ringKeys[head];
        // A key refused twice (a client reusing Call-ID and CSeq) stays until its later expiry.
        if (expiries.get(key) == ringExpiries[head])
        {
            expiries.remove(key);
        }
        head = (head + 1) & mask;
        size--;
    }
}
