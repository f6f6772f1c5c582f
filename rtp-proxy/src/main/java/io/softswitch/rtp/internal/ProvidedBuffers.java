package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A ring of provided buffers for an {@link IoUring} ({@code IORING_REGISTER_PBUF_RING}): the
 * kernel takes a buffer from the ring for each datagram a multishot receive completes, and names
 * it in the completion; the owner hands it back with {@link #recycle} once done with it, and
 * publishes the returned ones with {@link #publish}.
 * <pre>
 * ring     entries x io_uring_buf: 0 addr u64, 8 len u32, 12 bid u16, 14 resv u16 (entry 0's resv is the tail)
 * buffers  entries x bufferBytes, 64-byte aligned; buffer id i at i x bufferBytes
 * </pre>
 * One thread owns it; nothing here allocates after construction. Public for the RTP load
 * generator of the benchmarks, which receives the same way.
 */
public final class ProvidedBuffers
{
    private static final int ENTRY_BYTES = 16;
    private static final int PAGE_BYTES = 4096;

    final MemorySegment buffers;
    final long buffersAddress;
    final int bufferBytes;
    private final MemorySegment ring;
    private final int mask;
    private int tail;

    /**
     * Allocates the ring and its buffers, every buffer in the ring; register it with
     * {@link #register} before receiving.
     *
     * @param arena       where the memory lives (owned by the caller).
     * @param entries     buffers (a power of two up to 32768).
     * @param bufferBytes bytes of each.
     */
    public ProvidedBuffers(final Arena arena, final int entries, final int bufferBytes)
    {
        if (Integer.bitCount(entries) != 1 || entries > 32768)
        {
            throw new IllegalArgumentException("entries=" + entries);
        }
        this.ring = arena.allocate((long)entries * ENTRY_BYTES, PAGE_BYTES);
        this.buffers = arena.allocate((long)entries * bufferBytes, 64);
        this.buffersAddress = buffers.address();
        this.bufferBytes = bufferBytes;
        this.mask = entries - 1;
        for (int id = 0; id < entries; id++)
        {
            recycle(id);
        }
        publish();
    }

    /**
     * The buffers' memory, where {@link #offset} points.
     *
     * @return the memory.
     */
    public MemorySegment memory()
    {
        return buffers;
    }

    /**
     * Registers the ring with a uring as a buffer group.
     *
     * @param uring   the ring that receives into these buffers.
     * @param groupId the group its receives name.
     * @return 0, or {@code -errno}.
     */
    public int register(final IoUring uring, final int groupId)
    {
        return uring.registerBufferRing(ring, mask + 1, groupId);
    }

    /**
     * Where a buffer starts, as an offset into {@link #buffers}.
     *
     * @param id the buffer id.
     * @return the offset.
     */
    public long offset(final int id)
    {
        return (long)id * bufferBytes;
    }

    /**
     * Gives a buffer back (visible to the kernel at the next {@link #publish}).
     *
     * @param id the buffer id.
     */
    public void recycle(final int id)
    {
        final long entry = (long)(tail & mask) * ENTRY_BYTES;
        ring.set(JAVA_LONG, entry, buffersAddress + offset(id));
        ring.set(JAVA_INT, entry + 8, bufferBytes);
        ring.set(JAVA_SHORT, entry + 12, (short)id);
        tail++;
    }

    /**
     * Makes the buffers given back since the last call available to the kernel.
     */
    public void publish()
    {
        IoUring.publishBufferTail(ring, tail);
    }
}
