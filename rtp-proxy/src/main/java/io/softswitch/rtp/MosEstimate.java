package io.softswitch.rtp;

/**
 * An estimated MOS from a simplified ITU-T G.107 E-model; the arithmetic is in
 * {@code docs/media.md}.
 *
 * <p>{@code R = 93.2 - Id - Ie,eff}, with the delay impairment {@code Id} of Cole and Rosenbluth
 * ({@code 0.024 d + 0.11 (d - 177.3) H(d - 177.3)}, {@code d} the one-way delay in ms) and the
 * effective equipment impairment {@code Ie,eff = Ie + (95 - Ie) Ppl / (Ppl + Bpl)} (G.107 §3.6)
 * with the codec's {@code Ie} and {@code Bpl} from G.113 Appendix I. R maps to MOS by G.107
 * Annex B. It measures what the network did to the call, not what a listener heard: no echo, no
 * loudness, no burst ratio.
 */
public final class MosEstimate
{
    /** G.107 default R0 - Is, no other impairment. */
    static final double R_DEFAULT = 93.2;
    /** Packetisation and jitter buffer start: a 20 ms frame plus a 20 ms nominal network delay. */
    static final double BASE_DELAY_MS = 40.0;

    private MosEstimate()
    {
    }

    /**
     * The E-model's R factor.
     *
     * @param lossPercent   packets lost, percent (0 to 100).
     * @param jitterMs      interarrival jitter, ms; the jitter buffer is taken as twice this.
     * @param payloadType   RTP payload type, for the codec's impairment (G.729 is 18; everything
     *                      else counts as G.711 with packet loss concealment).
     * @return R, 0 to 100.
     */
    public static double rFactor(final double lossPercent, final double jitterMs, final int payloadType)
    {
        final double ie = payloadType == 18 ? 11.0 : 0.0;
        final double bpl = payloadType == 18 ? 19.0 : 25.1;
        final double ppl = Math.max(0.0, Math.min(100.0, lossPercent));
        final double ieEff = ie + (95.0 - ie) * ppl / (ppl + bpl);
        final double delayMs = BASE_DELAY_MS + 2.0 * Math.max(0.0, jitterMs);
        final double id = 0.024 * delayMs + (delayMs > 177.3 ? 0.11 * (delayMs - 177.3) : 0.0);
        return Math.max(0.0, Math.min(100.0, R_DEFAULT - id - ieEff));
    }

    /**
     * R to MOS (G.107 Annex B, formula B-4).
     *
     * @param r the R factor.
     * @return MOS, 1.0 to 4.5.
     */
    public static double mos(final double r)
    {
        if (r <= 0.0)
        {
            return 1.0;
        }
        if (r >= 100.0)
        {
            return 4.5;
        }
        return 1.0 + 0.035 * r + r * (r - 60.0) * (100.0 - r) * 7.0e-6;
    }

    /**
     * MOS times 100, the integer the reports carry.
     *
     * @param lossPercent packets lost, percent.
     * @param jitterMs    interarrival jitter, ms.
     * @param payloadType RTP payload type.
     * @return MOS x 100, rounded (100 to 450).
     */
    public static int mosX100(final double lossPercent, final double jitterMs, final int payloadType)
    {
        return (int)Math.round(100.0 * mos(rFactor(lossPercent, jitterMs, payloadType)));
    }
}
