package io.softswitch.signaling.trunk;

import java.util.BitSet;

/**
 * When a failed vendor attempt moves the call on to the next vendor, and when the hunt stops.
 *
 * <p>A final response code is looked up in {@code stopOn} first (the called party answered the
 * question: busy, cancelled, declined), then in {@code rerouteOn}; a code in neither stops the
 * hunt. An attempt with no provisional response within {@code provisionalTimeoutMs} is
 * abandoned (CANCEL) and rerouted.
 *
 * @param rerouteOn            final codes (300..699) that try the next vendor.
 * @param stopOn               final codes that end the hunt; wins over {@code rerouteOn}.
 * @param provisionalTimeoutMs how long to wait for any provisional response before rerouting.
 * @param maxAttempts          most vendors tried for one call.
 */
public record FailoverPolicy(BitSet rerouteOn, BitSet stopOn, long provisionalTimeoutMs, int maxAttempts)
{
    /** Lowest final failure code (RFC 3261 §21.3 onwards). */
    public static final int FIRST_FAILURE_CODE = 300;
    /** Highest final failure code (RFC 3261 §21.6). */
    public static final int LAST_FAILURE_CODE = 699;

    /**
     * Copies the code sets and validates the limits.
     */
    public FailoverPolicy
    {
        rerouteOn = (BitSet)rerouteOn.clone();
        stopOn = (BitSet)stopOn.clone();
        requireFinalFailureCodes(rerouteOn);
        requireFinalFailureCodes(stopOn);
        if (provisionalTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("provisional timeout must be positive: " + provisionalTimeoutMs);
        }
        if (maxAttempts < 1)
        {
            throw new IllegalArgumentException("max attempts must be at least 1: " + maxAttempts);
        }
    }

    /**
     * The default policy: reroute on 408 and every 5xx; stop on 486, 487 and every 6xx; 3 s for a
     * provisional answer; at most 5 attempts.
     *
     * @return the default policy.
     */
    public static FailoverPolicy defaults()
    {
        final BitSet reroute = new BitSet(700);
        reroute.set(408);
        reroute.set(500, 600);
        final BitSet stop = new BitSet(700);
        stop.set(486);
        stop.set(487);
        stop.set(600, 700);
        return new FailoverPolicy(reroute, stop, 3_000, 5);
    }

    /**
     * Whether a final failure from a vendor should move the call to the next vendor.
     *
     * @param statusCode the vendor's final response code (300..699).
     * @return true to try the next vendor; false for any code outside 300..699.
     */
    public boolean shouldReroute(final int statusCode)
    {
        return statusCode >= FIRST_FAILURE_CODE && statusCode <= LAST_FAILURE_CODE &&
            !stopOn.get(statusCode) && rerouteOn.get(statusCode);
    }

    private static void requireFinalFailureCodes(final BitSet codes)
    {
        final int first = codes.nextSetBit(0);
        if (first >= 0 && first < FIRST_FAILURE_CODE)
        {
            throw new IllegalArgumentException("failover codes must be 300..699: code=" + first);
        }
        final int last = codes.length() - 1;
        if (last > LAST_FAILURE_CODE)
        {
            throw new IllegalArgumentException("failover codes must be 300..699: code=" + last);
        }
    }

    /**
     * The codes that try the next vendor.
     *
     * @return a copy.
     */
    @Override
    public BitSet rerouteOn()
    {
        return (BitSet)rerouteOn.clone();
    }

    /**
     * The codes that end the hunt.
     *
     * @return a copy.
     */
    @Override
    public BitSet stopOn()
    {
        return (BitSet)stopOn.clone();
    }
}
