package io.softswitch.signaling;

/**
 * The base timer values of RFC 3261 §17 (Table 4); every transaction timer derives from them.
 *
 * @param t1Ms round-trip estimate; Timer A starts here and doubles, Timers B, F, H, J are 64*T1.
 * @param t2Ms cap on retransmission intervals for non-INVITE requests and INVITE responses.
 * @param t4Ms longest time a message stays in the network; Timers I and K.
 */
public record SipTimers(long t1Ms, long t2Ms, long t4Ms)
{
    /** The RFC's defaults: 500 ms, 4 s, 5 s. */
    public static final SipTimers RFC_3261 = new SipTimers(500, 4_000, 5_000);

    /**
     * Validates the timers.
     */
    public SipTimers
    {
        if (t1Ms < 1 || t2Ms < t1Ms || t4Ms < 1)
        {
            throw new IllegalArgumentException("bad timers: t1Ms=" + t1Ms + " t2Ms=" + t2Ms + " t4Ms=" + t4Ms);
        }
    }
}
