package io.softswitch.signaling.call;

/**
 * A read-only view of a call that has just ended, handed to a {@link CallEndListener}. Reading it
 * allocates nothing; text comes as {@link CharSequence}s over the call's own buffers, valid only
 * during {@link CallEndListener#onCallEnded}. Times are UTC epoch milliseconds read from the
 * owning loop's clock; money is in micro-units of the deck's currency per minute.
 *
 * <p>Attempts are the INVITEs offered to vendors, in order, {@code 0} to {@link #attemptCount()} - 1.
 */
public interface EndedCall
{
    /**
     * The customer trunk's name.
     *
     * @return the name.
     */
    CharSequence customerTrunk();

    /**
     * The Call-ID of the customer's leg.
     *
     * @return the Call-ID as received.
     */
    CharSequence customerCallId();

    /**
     * The calling number: the user part of the customer's From.
     *
     * @return the user part, empty when there is none.
     */
    CharSequence callingNumber();

    /**
     * The called number as received: the user part of the customer's Request-URI, tech prefix included.
     *
     * @return the user part.
     */
    CharSequence calledNumberReceived();

    /**
     * The called number after the customer trunk's number rules (E.164).
     *
     * @return the number, empty when it did not normalise.
     */
    CharSequence calledNumberNormalised();

    /**
     * When the customer's INVITE arrived.
     *
     * @return epoch milliseconds.
     */
    long inviteReceivedEpochMs();

    /**
     * When the first provisional response above 100 was relayed to the customer.
     *
     * @return epoch milliseconds, 0 if none.
     */
    long firstProvisionalEpochMs();

    /**
     * When the call was answered (the vendor's 2xx relayed).
     *
     * @return epoch milliseconds, 0 if not answered.
     */
    long answerEpochMs();

    /**
     * When the call ended.
     *
     * @return epoch milliseconds.
     */
    long endEpochMs();

    /**
     * The final status code sent to the customer for its INVITE.
     *
     * @return 200 if answered, the failure code otherwise.
     */
    int customerFinalCode();

    /**
     * Why the call ended.
     *
     * @return the reason.
     */
    EndReason endReason();

    /**
     * Who ended it.
     *
     * @return the party.
     */
    Party hungUpBy();

    /**
     * The customer's rate-deck prefix that priced the call.
     *
     * @return the prefix, empty if none.
     */
    CharSequence sellPrefix();

    /**
     * The customer's (sell) rate.
     *
     * @return micro-units per minute, 0 if unknown.
     */
    long sellRateMicrosPerMinute();

    /**
     * How many vendor attempts were made.
     *
     * @return 0 to 16.
     */
    int attemptCount();

    /**
     * The vendor trunk of an attempt.
     *
     * @param attempt the attempt index.
     * @return its name.
     */
    CharSequence vendorTrunk(int attempt);

    /**
     * The Call-ID the switch minted for an attempt.
     *
     * @param attempt the attempt index.
     * @return the Call-ID.
     */
    CharSequence vendorCallId(int attempt);

    /**
     * The called number sent to the vendor.
     *
     * @param attempt the attempt index.
     * @return the number.
     */
    CharSequence calledNumberSent(int attempt);

    /**
     * The vendor's rate-deck prefix that priced the attempt.
     *
     * @param attempt the attempt index.
     * @return the prefix, empty if none.
     */
    CharSequence vendorPrefix(int attempt);

    /**
     * The vendor's (buy) rate.
     *
     * @param attempt the attempt index.
     * @return micro-units per minute, 0 if unknown.
     */
    long vendorRateMicrosPerMinute(int attempt);

    /**
     * When the attempt's INVITE was sent.
     *
     * @param attempt the attempt index.
     * @return epoch milliseconds.
     */
    long attemptStartEpochMs(int attempt);

    /**
     * When the attempt's first provisional response above 100 arrived.
     *
     * @param attempt the attempt index.
     * @return epoch milliseconds, 0 if none.
     */
    long attemptFirstProvisionalEpochMs(int attempt);

    /**
     * When the attempt was answered.
     *
     * @param attempt the attempt index.
     * @return epoch milliseconds, 0 if not answered.
     */
    long attemptAnswerEpochMs(int attempt);

    /**
     * When the attempt ended: its final response, its timeout or cancellation, or for the answered
     * attempt the end of the call.
     *
     * @param attempt the attempt index.
     * @return epoch milliseconds.
     */
    long attemptEndEpochMs(int attempt);

    /**
     * The attempt's final status: the vendor's final response, 408 for a timeout, 487 when the
     * switch cancelled it.
     *
     * @param attempt the attempt index.
     * @return the code.
     */
    int attemptFinalCode(int attempt);

    /**
     * Media the leg sent, as the relay last reported it (up to 2 s before the end; 0
     * when the call was not anchored). Leg 0 is the customer's, leg 1 the answering vendor's.
     *
     * @param leg 0 or 1.
     * @return RTP and RTCP packets relayed from that leg.
     */
    default long mediaPackets(final int leg)
    {
        return 0;
    }

    /**
     * Packets of what the leg sent that were lost before the relay (RTP sequence gaps).
     *
     * @param leg 0 or 1.
     * @return lost packets.
     */
    default long mediaLost(final int leg)
    {
        return 0;
    }

    /**
     * Interarrival jitter of what the leg sent (RFC 3550 A.8), at the relay.
     *
     * @param leg 0 or 1.
     * @return µs.
     */
    default long mediaJitterUs(final int leg)
    {
        return 0;
    }

    /**
     * Estimated MOS of what the leg sent (docs/media.md), times 100.
     *
     * @param leg 0 or 1.
     * @return 100 to 450, 0 without media.
     */
    default int mediaMosX100(final int leg)
    {
        return 0;
    }
}
