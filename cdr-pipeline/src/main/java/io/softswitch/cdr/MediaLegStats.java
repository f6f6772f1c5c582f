package io.softswitch.cdr;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * The media quality of one leg of a call as the RTP relay measured it: packets lost and
 * expected, mean interarrival jitter (RFC 3550 §6.4.1) in microseconds and an estimated MOS
 * times 100. All zero when the relay reported nothing (a call without media, or before the media
 * issue fills them). Reusable: part of a {@link CdrRecord}.
 */
public final class MediaLegStats
{
    /** Bytes one leg takes in a record: see {@link CdrLayout}. */
    public static final int ENCODED_LENGTH = 16;

    private int packetsLost;
    private int packetsExpected;
    private int jitterMicros;
    private int mosTimes100;

    /**
     * Sets every measure.
     *
     * @param packetsLost     packets lost.
     * @param packetsExpected packets expected.
     * @param jitterMicros    mean interarrival jitter, µs.
     * @param mosTimes100     MOS × 100 (e.g. 431 for 4.31), 0 when unknown.
     * @return this.
     */
    public MediaLegStats set(final int packetsLost, final int packetsExpected, final int jitterMicros,
        final int mosTimes100)
    {
        this.packetsLost = packetsLost;
        this.packetsExpected = packetsExpected;
        this.jitterMicros = jitterMicros;
        this.mosTimes100 = mosTimes100;
        return this;
    }

    /**
     * Resets to "nothing measured".
     */
    public void clear()
    {
        set(0, 0, 0, 0);
    }

    /** @return packets lost. */
    public int packetsLost()
    {
        return packetsLost;
    }

    /** @return packets expected. */
    public int packetsExpected()
    {
        return packetsExpected;
    }

    /** @return mean interarrival jitter in µs. */
    public int jitterMicros()
    {
        return jitterMicros;
    }

    /** @return MOS × 100, 0 when unknown. */
    public int mosTimes100()
    {
        return mosTimes100;
    }

    void writeTo(final BytesOut<?> out)
    {
        out.writeInt(packetsLost);
        out.writeInt(packetsExpected);
        out.writeInt(jitterMicros);
        out.writeInt(mosTimes100);
    }

    void readFrom(final BytesIn<?> in)
    {
        packetsLost = in.readInt();
        packetsExpected = in.readInt();
        jitterMicros = in.readInt();
        mosTimes100 = in.readInt();
    }
}
