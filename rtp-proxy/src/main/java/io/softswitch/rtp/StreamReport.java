package io.softswitch.rtp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A flyweight over the statistics of one stream, both directions, as the relay reports them: in
 * reply to a query, and once more when the stream is deleted. The same bytes cross the in-process
 * ring and Aeron.
 * <pre>
 *   0 callRef (i64)             8 mediaIndex (i32)      12 kind (i32)
 *  16 correlationId (i64)
 *  24 direction 0 (from side 0 to side 1), 64 bytes:
 *       +0 packets  +8 bytes  +16 expected  +24 lost  +32 sprayed  +40 jitterUs
 *      +48 reportedJitterUs  +56 reportedFractionLost (i32, /256, -1 none)  +60 mosX100 (i32)
 *  88 direction 1 (from side 1 to side 0), same layout
 * 152
 * </pre>
 * Side 0 faces the party that made the first offer (the customer), side 1 the other (the vendor).
 */
public final class StreamReport
{
    /** Bytes of a report. */
    public static final int LENGTH = 152;
    /** A report in reply to a query. */
    public static final int KIND_QUERY = 1;
    /** The last report of a stream, when it is deleted. */
    public static final int KIND_FINAL = 2;

    private static final int CALL_REF = 0;
    private static final int MEDIA_INDEX = 8;
    private static final int KIND = 12;
    private static final int CORRELATION = 16;
    private static final int DIRECTIONS = 24;
    private static final int DIRECTION_LENGTH = 64;
    private static final int PACKETS = 0;
    private static final int BYTES = 8;
    private static final int EXPECTED = 16;
    private static final int LOST = 24;
    private static final int SPRAYED = 32;
    private static final int JITTER_US = 40;
    private static final int REPORTED_JITTER_US = 48;
    private static final int REPORTED_FRACTION = 56;
    private static final int MOS = 60;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;

    /**
     * Reads a report.
     *
     * @param source the bytes.
     * @param at     where the report starts.
     * @return this.
     */
    public StreamReport wrap(final DirectBuffer source, final int at)
    {
        this.buffer = source;
        this.mutable = null;
        this.offset = at;
        return this;
    }

    /**
     * Writes a report.
     *
     * @param target the bytes.
     * @param at     where the report starts.
     * @return this.
     */
    public StreamReport wrapForWrite(final MutableDirectBuffer target, final int at)
    {
        this.buffer = target;
        this.mutable = target;
        this.offset = at;
        return this;
    }

    /**
     * Writes the head.
     *
     * @param callRef       the call.
     * @param mediaIndex    the media line.
     * @param kind          {@link #KIND_QUERY} or {@link #KIND_FINAL}.
     * @param correlationId the query's, 0 for a final report.
     * @return this.
     */
    public StreamReport head(final long callRef, final int mediaIndex, final int kind, final long correlationId)
    {
        mutable.putLong(offset + CALL_REF, callRef);
        mutable.putInt(offset + MEDIA_INDEX, mediaIndex);
        mutable.putInt(offset + KIND, kind);
        mutable.putLong(offset + CORRELATION, correlationId);
        return this;
    }

    /**
     * Writes one direction.
     *
     * @param direction        0 (side 0 to side 1) or 1.
     * @param packets          packets relayed.
     * @param bytes            bytes relayed.
     * @param expected         packets expected from sequence numbers.
     * @param lost             packets lost before the relay.
     * @param sprayed          packets from a wrong source, dropped.
     * @param jitterUs         interarrival jitter at the relay.
     * @param reportedJitterUs jitter the receiver reported in RTCP.
     * @param reportedFraction fraction lost the receiver reported (/256), -1 if none.
     * @param mosX100          estimated MOS x 100, 0 without packets.
     * @return this.
     */
    public StreamReport direction(final int direction, final long packets, final long bytes, final long expected,
        final long lost, final long sprayed, final long jitterUs, final long reportedJitterUs, final int reportedFraction,
        final int mosX100)
    {
        final int at = offset + DIRECTIONS + direction * DIRECTION_LENGTH;
        mutable.putLong(at + PACKETS, packets);
        mutable.putLong(at + BYTES, bytes);
        mutable.putLong(at + EXPECTED, expected);
        mutable.putLong(at + LOST, lost);
        mutable.putLong(at + SPRAYED, sprayed);
        mutable.putLong(at + JITTER_US, jitterUs);
        mutable.putLong(at + REPORTED_JITTER_US, reportedJitterUs);
        mutable.putInt(at + REPORTED_FRACTION, reportedFraction);
        mutable.putInt(at + MOS, mosX100);
        return this;
    }

    /**
     * Copies the report's bytes.
     *
     * @param target where to.
     * @param at     where the copy starts.
     */
    public void copyTo(final MutableDirectBuffer target, final int at)
    {
        target.putBytes(at, buffer, offset, LENGTH);
    }

    /** @return the call. */
    public long callRef()
    {
        return buffer.getLong(offset + CALL_REF);
    }

    /** @return the media line, 0 first. */
    public int mediaIndex()
    {
        return buffer.getInt(offset + MEDIA_INDEX);
    }

    /** @return {@link #KIND_QUERY} or {@link #KIND_FINAL}. */
    public int kind()
    {
        return buffer.getInt(offset + KIND);
    }

    /** @return the query's correlation id, 0 for a final report. */
    public long correlationId()
    {
        return buffer.getLong(offset + CORRELATION);
    }

    private int at(final int direction)
    {
        return offset + DIRECTIONS + direction * DIRECTION_LENGTH;
    }

    /**
     * @param direction 0 (side 0 to side 1) or 1.
     * @return packets relayed.
     */
    public long packets(final int direction)
    {
        return buffer.getLong(at(direction) + PACKETS);
    }

    /**
     * @param direction 0 or 1.
     * @return bytes relayed.
     */
    public long bytes(final int direction)
    {
        return buffer.getLong(at(direction) + BYTES);
    }

    /**
     * @param direction 0 or 1.
     * @return packets expected from sequence numbers.
     */
    public long expected(final int direction)
    {
        return buffer.getLong(at(direction) + EXPECTED);
    }

    /**
     * @param direction 0 or 1.
     * @return packets lost before the relay.
     */
    public long lost(final int direction)
    {
        return buffer.getLong(at(direction) + LOST);
    }

    /**
     * @param direction 0 or 1.
     * @return packets from a wrong source, relayed to nobody.
     */
    public long sprayed(final int direction)
    {
        return buffer.getLong(at(direction) + SPRAYED);
    }

    /**
     * @param direction 0 or 1.
     * @return interarrival jitter at the relay, µs.
     */
    public long jitterUs(final int direction)
    {
        return buffer.getLong(at(direction) + JITTER_US);
    }

    /**
     * @param direction 0 or 1.
     * @return jitter the receiver reported in RTCP, µs.
     */
    public long reportedJitterUs(final int direction)
    {
        return buffer.getLong(at(direction) + REPORTED_JITTER_US);
    }

    /**
     * @param direction 0 or 1.
     * @return fraction lost the receiver reported, /256, -1 if it reported nothing.
     */
    public int reportedFractionLost(final int direction)
    {
        return buffer.getInt(at(direction) + REPORTED_FRACTION);
    }

    /**
     * @param direction 0 or 1.
     * @return estimated MOS x 100, 0 without packets.
     */
    public int mosX100(final int direction)
    {
        return buffer.getInt(at(direction) + MOS);
    }
}
