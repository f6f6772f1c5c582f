package io.softswitch.cdr.billing;

import io.softswitch.cdr.CdrAttempt;
import io.softswitch.cdr.rating.Charge;
import io.softswitch.ratedeck.Rate;

/**
 * One vendor attempt as stored: what the journal said, and for the answered attempt the vendor
 * rate in force and its charge (the cost).
 *
 * @param attemptNo        1-based position in the hunt.
 * @param vendorTrunk      vendor trunk.
 * @param vendorCallId     our Call-ID toward the vendor (the one the vendor knows).
 * @param calledNumberSent number sent to the vendor.
 * @param routedPrefix     prefix the route matched.
 * @param routedRateMicros rate the route used, micros/min.
 * @param startMs          INVITE sent.
 * @param firstProvisionalMs first 1xx, 0 if none.
 * @param answerMs         answer, 0 if not answered.
 * @param endMs            end.
 * @param finalCode        final SIP code.
 * @param pddMs            post-dial delay.
 * @param durationMs       answered duration.
 * @param buyRate          the vendor rate billed, {@code null} when not answered or unrated.
 * @param cost             the charge at that rate (zero when none).
 */
public record BilledAttempt(
    int attemptNo,
    String vendorTrunk,
    String vendorCallId,
    String calledNumberSent,
    String routedPrefix,
    long routedRateMicros,
    long startMs,
    long firstProvisionalMs,
    long answerMs,
    long endMs,
    int finalCode,
    long pddMs,
    long durationMs,
    Rate buyRate,
    Charge cost)
{
    static BilledAttempt of(final int attemptNo, final CdrAttempt attempt, final Rate buyRate, final Charge cost)
    {
        return new BilledAttempt(attemptNo, attempt.vendorTrunk().toString(), attempt.vendorCallId().toString(),
            attempt.calledNumberSent().toString(), attempt.vendorPrefix().toString(),
            attempt.vendorRateMicrosPerMinute(), attempt.startEpochMs(), attempt.firstProvisionalEpochMs(),
            attempt.answerEpochMs(), attempt.endEpochMs(), attempt.finalCode(), attempt.pddMs(),
            attempt.durationMs(), buyRate, cost);
    }

    /**
     * Whether the vendor answered.
     *
     * @return true when answered.
     */
    public boolean answered()
    {
        return answerMs != 0;
    }
}
