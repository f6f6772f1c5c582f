package io.softswitch.rtp.internal;

/**
 * One anchored stream (one media line of one call) as its relay thread sees it: two sides, each
 * with an RTP and an RTCP socket, where each side said it receives (from SDP) and where its
 * packets really come from (latched, RFC 7362). Owned by one relay thread; preallocated.
 *
 * <p>Sockets are indexed {@code side * 2 + rtcp}. Socket addresses live in the thread's native
 * memory at {@link #addressOffset}: per side, announced RTP, announced RTCP, latched RTP,
 * latched RTCP, 32 bytes each.
 */
final class RelayStream
{
    static final int LATCH_NONE = 0;
    static final int LATCH_LEARNING = 1;
    static final int LATCH_STRICT = 2;
    static final int ADDRESS_BYTES = 32;
    static final int SIDE_ADDRESS_BYTES = 4 * ADDRESS_BYTES;
    static final int STREAM_ADDRESS_BYTES = 2 * SIDE_ADDRESS_BYTES;

    final int slot;
    final long addressOffset;
    final int[] fds = new int[4];
    final int[] latch = new int[4];
    final long[] latchDeadlineNs = new long[4];
    final boolean[] announced = new boolean[2];
    final int[] announcedLength = new int[2];
    final boolean[] mux = new boolean[2];
    final boolean[] hold = new boolean[2];
    /** Whether a side may be latched to a source whose IP differs from the announced one. */
    final boolean[] anySource = new boolean[2];
    final long[] lastPacketNs = new long[2];
    /** Index 0: from side 0 towards side 1. */
    final StreamStats[] stats = {new StreamStats(), new StreamStats()};

    boolean active;
    /** Counts the stream's openings, so that completions of a former opening are told apart. */
    int generation;
    /** Not RTP (T.38 UDPTL): datagrams pass as they are, counted but not read. */
    boolean opaque;
    boolean closePending;
    int activeIndex;
    long callRef;
    int mediaIndex;
    /** When both sides were known: the timeouts count from here. */
    long armedNs;
    boolean timeoutRaised;
    boolean oneWayRaised;

    RelayStream(final int slot)
    {
        this.slot = slot;
        this.addressOffset = (long)slot * STREAM_ADDRESS_BYTES;
    }

    void open(final long call, final int media, final int clockRateHz)
    {
        callRef = call;
        mediaIndex = media;
        armedNs = 0;
        opaque = false;
        timeoutRaised = false;
        oneWayRaised = false;
        for (int side = 0; side < 2; side++)
        {
            announced[side] = false;
            announcedLength[side] = 0;
            mux[side] = false;
            hold[side] = false;
            anySource[side] = true;
            lastPacketNs[side] = 0;
            stats[side].reset(clockRateHz);
        }
        for (int socket = 0; socket < 4; socket++)
        {
            latch[socket] = LATCH_NONE;
            latchDeadlineNs[socket] = 0;
        }
    }

    long announcedOffset(final int side, final int rtcp)
    {
        return addressOffset + (long)side * SIDE_ADDRESS_BYTES + (long)rtcp * ADDRESS_BYTES;
    }

    long latchedOffset(final int side, final int rtcp)
    {
        return addressOffset + (long)side * SIDE_ADDRESS_BYTES + 2L * ADDRESS_BYTES + (long)rtcp * ADDRESS_BYTES;
    }

    boolean onHold()
    {
        return hold[0] || hold[1];
    }
}
