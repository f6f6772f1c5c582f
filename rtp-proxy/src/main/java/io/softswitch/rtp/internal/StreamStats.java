package io.softswitch.rtp.internal;

import io.softswitch.rtp.MosEstimate;

/**
 * What the relay saw of one direction of one stream: packets and bytes relayed, loss from RTP
 * sequence numbers (RFC 3550 §6.4.1 and A.1), interarrival jitter (RFC 3550 A.8), and what the
 * receiving endpoint itself reported in RTCP receiver report blocks (RFC 3550 §6.4.2).
 *
 * <p>Written only by the relay thread that owns the session; plain fields, no allocation.
 */
public final class StreamStats
{
    /** RFC 3550 A.1: a jump in sequence larger than this is a restart, not loss. */
    static final int MAX_DROPOUT = 3000;
    /** RFC 3550 A.1: this far behind is a late or duplicate packet. */
    static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;

    long packets;
    long bytes;
    long rtcpPackets;
    /** Packets from a source other than the latched one, relayed to nobody. */
    long sprayed;
    /** Packets from the right source with nowhere to go yet (the far side is not known). */
    long undeliverable;
    long lastArrivalNs;
    int payloadType = -1;

    private boolean started;
    private long ssrc;
    private int baseSeq;
    private int maxSeq;
    private int cycles;
    private int badSeq;
    private long received;
    /** Expected and received of streams that ended (an SSRC change), kept so loss spans them. */
    private long priorExpected;
    private long priorReceived;
    private int clockRate = 8000;
    private boolean haveTransit;
    private long lastTransit;
    /** RFC 3550 A.8: jitter scaled by 16, in RTP timestamp units. */
    private long jitterQ4;

    int reportedFractionLost = -1;
    long reportedCumulativeLost;
    long reportedJitter;

    /**
     * Forgets everything, for a new session.
     *
     * @param clockRateHz the RTP clock of the stream's codec.
     */
    void reset(final int clockRateHz)
    {
        packets = 0;
        bytes = 0;
        rtcpPackets = 0;
        sprayed = 0;
        undeliverable = 0;
        lastArrivalNs = 0;
        payloadType = -1;
        started = false;
        ssrc = 0;
        baseSeq = 0;
        maxSeq = 0;
        cycles = 0;
        badSeq = 0;
        received = 0;
        priorExpected = 0;
        priorReceived = 0;
        clockRate = clockRateHz > 0 ? clockRateHz : 8000;
        haveTransit = false;
        lastTransit = 0;
        jitterQ4 = 0;
        reportedFractionLost = -1;
        reportedCumulativeLost = 0;
        reportedJitter = 0;
    }

    void clockRate(final int clockRateHz)
    {
        if (clockRateHz > 0 && clockRateHz != clockRate)
        {
            clockRate = clockRateHz;
            haveTransit = false;
        }
    }

    /**
     * Counts one RTP packet.
     *
     * @param length      datagram bytes.
     * @param payload     payload type.
     * @param seq         sequence number.
     * @param timestamp   RTP timestamp (unsigned 32 bits in a long).
     * @param streamSsrc  SSRC.
     * @param arrivalUs   arrival, µs on the relay's clock.
     * @param nowNs       arrival, ns on the relay's clock.
     */
    void onRtp(final int length, final int payload, final int seq, final long timestamp, final long streamSsrc,
        final long arrivalUs, final long nowNs)
    {
        packets++;
        bytes += length;
        lastArrivalNs = nowNs;
        if (!started || streamSsrc != ssrc)
        {
            restart(seq, streamSsrc);
            payloadType = payload;
        }
        else if (!updateSeq(seq))
        {
            return;
        }
        // Telephone-event and comfort noise share the clock but not the timing of voice frames.
        if (payload != payloadType)
        {
            return;
        }
        // RFC 3550 A.8: arrival in timestamp units; only differences matter, so wrap is harmless.
        final long arrival = arrivalUs * clockRate / 1_000_000L;
        final long transit = arrival - timestamp;
        if (haveTransit)
        {
            long d = transit - lastTransit;
            if (d < 0)
            {
                d = -d;
            }
            // Ignore a timestamp jump (a new talk spurt source, a clock reset), not jitter.
            if (d < (long)clockRate * 10)
            {
                jitterQ4 += d - ((jitterQ4 + 8) >> 4);
            }
        }
        lastTransit = transit;
        haveTransit = true;
    }

    private void restart(final int seq, final long streamSsrc)
    {
        if (started)
        {
            priorExpected += expectedOfCurrent();
            priorReceived += received;
        }
        started = true;
        ssrc = streamSsrc;
        baseSeq = seq;
        maxSeq = seq;
        cycles = 0;
        badSeq = SEQ_MOD + 1;
        received = 1;
        haveTransit = false;
    }

    /** RFC 3550 A.1 {@code update_seq}, without probation. */
    private boolean updateSeq(final int seq)
    {
        final int udelta = (seq - maxSeq) & 0xFFFF;
        if (udelta < MAX_DROPOUT)
        {
            if (seq < maxSeq)
            {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        }
        else if (udelta <= SEQ_MOD - MAX_MISORDER)
        {
            if (seq == badSeq)
            {
                // Two in a row after a big jump: the sender restarted its sequence.
                priorExpected += expectedOfCurrent();
                priorReceived += received;
                baseSeq = seq;
                maxSeq = seq;
                cycles = 0;
                received = 1;
                badSeq = SEQ_MOD + 1;
                haveTransit = false;
                return true;
            }
            badSeq = (seq + 1) & 0xFFFF;
            return false;
        }
        received++;
        return true;
    }

    private long expectedOfCurrent()
    {
        return (long)cycles + maxSeq - baseSeq + 1;
    }

    /**
     * Reads the report blocks of an RTCP compound packet's SR and RR (RFC 3550 §6.4.1, §6.4.2):
     * the receiver's view of the stream it gets, which is the opposite direction of the one the
     * packet travels.
     *
     * @param packet     datagram bytes.
     * @param length     datagram length.
     * @param receiving  the stats of the direction the reports are about.
     */
    static void onRtcp(final RtpPacket packet, final int length, final StreamStats receiving)
    {
        int offset = 0;
        while (offset + 8 <= length)
        {
            final int first = packet.u8(offset);
            if ((first >>> 6) != 2)
            {
                return;
            }
            final int count = first & 0x1F;
            final int type = packet.u8(offset + 1);
            final int words = packet.u16(offset + 2);
            final int end = offset + 4 * (words + 1);
            if (end > length)
            {
                return;
            }
            int block = -1;
            if (type == 200)
            {
                block = offset + 28;
            }
            else if (type == 201)
            {
                block = offset + 8;
            }
            if (block >= 0 && count > 0 && block + 24 <= end)
            {
                receiving.reportedFractionLost = packet.u8(block + 4);
                final int cumulative = (packet.u8(block + 5) << 16) | packet.u16(block + 6);
                // 24-bit signed (RFC 3550 §6.4.1: duplicates may make it negative).
                receiving.reportedCumulativeLost = (cumulative << 8) >> 8;
                receiving.reportedJitter = packet.u32(block + 12);
            }
            offset = end;
        }
    }

    /**
     * Packets expected from the sequence numbers seen, across SSRC changes.
     *
     * @return expected packets.
     */
    public long expected()
    {
        return started ? priorExpected + expectedOfCurrent() : 0;
    }

    /**
     * Packets lost between the sender and the relay (RFC 3550 §6.4.1 cumulative lost, never
     * negative here).
     *
     * @return lost packets.
     */
    public long lost()
    {
        final long lost = expected() - (started ? priorReceived + received : 0);
        return Math.max(0, lost);
    }

    /**
     * Interarrival jitter in µs.
     *
     * @return jitter.
     */
    public long jitterUs()
    {
        return (jitterQ4 >> 4) * 1_000_000L / clockRate;
    }

    /**
     * Jitter the receiving endpoint reported, µs, or 0 if none.
     *
     * @return reported jitter.
     */
    public long reportedJitterUs()
    {
        return reportedJitter * 1_000_000L / clockRate;
    }

    /**
     * Estimated MOS x 100 of this direction, from the worse of the loss the relay saw and the loss
     * the receiver reported, and the worse of the two jitters.
     *
     * @return MOS x 100, or 0 with no packets.
     */
    public int mosX100()
    {
        if (packets == 0)
        {
            return 0;
        }
        final long expected = expected();
        double lossPercent = expected > 0 ? 100.0 * lost() / expected : 0.0;
        if (reportedFractionLost >= 0)
        {
            lossPercent = Math.max(lossPercent, 100.0 * reportedFractionLost / 256.0);
        }
        final double jitterMs = Math.max(jitterUs(), reportedJitterUs()) / 1000.0;
        return MosEstimate.mosX100(lossPercent, jitterMs, payloadType);
    }

    /**
     * Packets relayed.
     *
     * @return packets.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * Bytes relayed (UDP payload).
     *
     * @return bytes.
     */
    public long bytes()
    {
        return bytes;
    }

    /**
     * Packets from sources other than the latched one.
     *
     * @return sprayed packets.
     */
    public long sprayed()
    {
        return sprayed;
    }
}
