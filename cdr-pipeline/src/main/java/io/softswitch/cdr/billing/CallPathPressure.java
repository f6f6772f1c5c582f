package io.softswitch.cdr.billing;

/**
 * Whether the switch's call path (its SIP event loops) is under pressure now: what the billing
 * tailer asks before each batch, so that it leaves the cores to the calls while the loops fall
 * behind and catches up once they do not ({@link BillingPacer}).
 *
 * <p>Called from the tailer's reader thread, every idle poll at most: an answer must be cheap and
 * must never block (a read of values the switch already publishes).
 */
@FunctionalInterface
public interface CallPathPressure
{
    /** Never under pressure: billing runs as fast as it can (a tailer without a switch beside it). */
    CallPathPressure NONE = () -> false;

    /**
     * Whether the call path is under pressure now.
     *
     * @return true while billing should yield to the calls.
     */
    boolean underPressure();
}
