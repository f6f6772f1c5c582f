package io.softswitch.signaling.call;

/**
 * Why a call ended: every call that reached a customer trunk ends with exactly one of these,
 * which the CDR records and metrics count per trunk.
 */
public enum EndReason
{
    /** The customer hung up an answered call with BYE. */
    CUSTOMER_BYE,
    /** The vendor hung up an answered call with BYE. */
    VENDOR_BYE,
    /** The customer gave up before an answer (CANCEL, or BYE before the 2xx). */
    CUSTOMER_CANCEL,
    /** Every vendor tried failed (a failure response, a timeout), or the hunt stopped on a final answer. */
    ATTEMPTS_FAILED,
    /** No vendor can take the number (no rate, or every one blocked, down or at its limit). */
    NO_ROUTE,
    /** The customer trunk was over its CPS or concurrent-call limit: 503 before routing. */
    REJECTED_LIMIT,
    /** The call reached the customer trunk's maximum duration: BYE on both legs. */
    MAX_DURATION,
    /** A session refresh (RFC 4028) did not come in time: BYE on both legs. */
    SESSION_EXPIRED,
    /** The switch refused the call to protect itself (loops behind, engine ring full, an admission hook). */
    OVERLOAD,
    /** No media arrived either way for the configured time: the relay said so, BYE on both legs. */
    MEDIA_TIMEOUT,
    /** Media flowed one way only for the configured time: BYE on both legs. */
    ONE_WAY_AUDIO,
    /** The switch was closing: the call was dropped without signalling. */
    SWITCH_SHUTDOWN,
    /** The customer has no sell rate for the number: 403, never a free call. */
    NO_SELL_RATE,
    /** The customer never acknowledged the 2xx (RFC 3261 §13.3.1.4): BYE on both legs. */
    NO_ACK,
    /** The offer had no codec in common with the customer trunk's codec policy: 488. */
    CODEC_MISMATCH,
    /** The media relay could not anchor the call (no port pair, no room, not reachable): 503. */
    MEDIA_UNAVAILABLE
}
