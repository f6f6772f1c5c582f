package io.softswitch.signaling.trunk;

/**
 * How long a customer trunk's calls may live, so that no call lives for ever.
 *
 * <p>{@code maxDurationSeconds} ends an answered call with BYE on both legs once it has been up
 * that long. Session timers (RFC 4028): a call whose 2xx negotiated {@code Session-Expires} is
 * ended with BYE on both legs when no refresh arrives within the interval; toward a side that
 * does not use session timers the switch refreshes itself every half interval
 * ({@code sessionExpiresSeconds}) with an in-dialog UPDATE, and ends the call when that side no
 * longer knows the dialog (481) or does not answer (408). A Session-Expires below
 * {@code minSeSeconds} is refused with 422 and our Min-SE (RFC 4028 §8.1).
 *
 * @param maxDurationSeconds    longest an answered call may last; 0 for no limit.
 * @param sessionExpiresSeconds the session interval the switch uses when it refreshes itself; 0
 *                              turns the switch's own refreshes off.
 * @param minSeSeconds          the smallest session interval accepted.
 */
public record CallTimerPolicy(long maxDurationSeconds, int sessionExpiresSeconds, int minSeSeconds)
{
    /** Four hours, 30 minutes, 90 seconds (RFC 4028 §4: Min-SE at least 90 s by default). */
    public static final CallTimerPolicy DEFAULTS = new CallTimerPolicy(4 * 3600, 1800, 90);

    /**
     * Validates the policy.
     */
    public CallTimerPolicy
    {
        if (maxDurationSeconds < 0 || sessionExpiresSeconds < 0 || minSeSeconds < 1 ||
            (sessionExpiresSeconds > 0 && sessionExpiresSeconds < minSeSeconds))
        {
            throw new IllegalArgumentException("bad call timers: maxDurationSeconds=" + maxDurationSeconds +
                " sessionExpiresSeconds=" + sessionExpiresSeconds + " minSeSeconds=" + minSeSeconds);
        }
    }
}
