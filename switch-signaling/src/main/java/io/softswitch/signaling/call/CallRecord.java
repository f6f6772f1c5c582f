package io.softswitch.signaling.call;

/**
 * The {@link EndedCall} record of a {@link Call}: the call-level times and end reason, kept here
 * as the call moves on, and the legs, hunt and media statistics read in place, so that telling
 * the listener allocates nothing. Valid while the call ends; the call is reused after.
 *
 * <p>Deck prefixes and rates are those of the engine's answer, copied into the hunt and its legs
 * when the call was routed; prefixes are views over the normalised number.
 */
final class CallRecord implements EndedCall
{
    private final CustomerLeg customer;
    private final VendorHunt hunt;
    private final MediaWatch media;
    private long inviteEpochMs;
    private long firstProvisionalEpochMs;
    private long answerEpochMs;
    /** The monotonic answer time, for the duration the engine learns (wall clocks may step). */
    private long answerNs;
    private long endEpochMs;
    private EndReason endReason;
    private Party endedBy;

    CallRecord(final CustomerLeg customer, final VendorHunt hunt, final MediaWatch media)
    {
        this.customer = customer;
        this.hunt = hunt;
        this.media = media;
    }

    /**
     * A new call: the previous call's times and reason are forgotten.
     *
     * @param nowEpochMs when its INVITE arrived.
     */
    void invited(final long nowEpochMs)
    {
        inviteEpochMs = nowEpochMs;
        firstProvisionalEpochMs = 0;
        answerEpochMs = 0;
        answerNs = 0;
        endEpochMs = 0;
        endReason = null;
        endedBy = null;
    }

    /**
     * A provisional response was relayed to the customer; only the first one counts (post-dial
     * delay).
     *
     * @param nowEpochMs the loop's clock.
     */
    void provisional(final long nowEpochMs)
    {
        if (firstProvisionalEpochMs == 0)
        {
            firstProvisionalEpochMs = nowEpochMs;
        }
    }

    void answered(final long nowNs, final long nowEpochMs)
    {
        answerNs = nowNs;
        answerEpochMs = nowEpochMs;
    }

    long answerNs()
    {
        return answerNs;
    }

    void ended(final EndReason reason, final Party party, final long nowEpochMs)
    {
        endReason = reason;
        endedBy = party;
        endEpochMs = nowEpochMs;
    }

    @Override
    public CharSequence customerTrunk()
    {
        return customer.customer().trunk.name();
    }

    @Override
    public CharSequence customerCallId()
    {
        return customer.callIdText();
    }

    @Override
    public CharSequence callingNumber()
    {
        return customer.callingNumber();
    }

    @Override
    public CharSequence calledNumberReceived()
    {
        return customer.calledNumber();
    }

    @Override
    public CharSequence calledNumberNormalised()
    {
        final CharSequence e164 = hunt.e164();
        return e164 != null ? e164 : "";
    }

    @Override
    public long inviteReceivedEpochMs()
    {
        return inviteEpochMs;
    }

    @Override
    public long firstProvisionalEpochMs()
    {
        return firstProvisionalEpochMs;
    }

    @Override
    public long answerEpochMs()
    {
        return answerEpochMs;
    }

    @Override
    public long endEpochMs()
    {
        return endEpochMs;
    }

    @Override
    public int customerFinalCode()
    {
        return customer.finalCode();
    }

    @Override
    public EndReason endReason()
    {
        return endReason;
    }

    @Override
    public Party hungUpBy()
    {
        return endedBy;
    }

    @Override
    public CharSequence sellPrefix()
    {
        return hunt.sellPrefix();
    }

    @Override
    public long sellRateMicrosPerMinute()
    {
        return hunt.sellRateMicros();
    }

    @Override
    public int attemptCount()
    {
        return hunt.count();
    }

    @Override
    public CharSequence vendorTrunk(final int attempt)
    {
        return leg(attempt).vendor().trunk.name();
    }

    @Override
    public CharSequence vendorCallId(final int attempt)
    {
        return leg(attempt).callId();
    }

    @Override
    public CharSequence calledNumberSent(final int attempt)
    {
        leg(attempt);
        return hunt.e164();
    }

    @Override
    public CharSequence vendorPrefix(final int attempt)
    {
        return leg(attempt).prefix();
    }

    @Override
    public long vendorRateMicrosPerMinute(final int attempt)
    {
        return leg(attempt).rateMicros();
    }

    @Override
    public long attemptStartEpochMs(final int attempt)
    {
        return leg(attempt).startEpochMs();
    }

    @Override
    public long attemptFirstProvisionalEpochMs(final int attempt)
    {
        return leg(attempt).firstProvisionalEpochMs();
    }

    @Override
    public long attemptAnswerEpochMs(final int attempt)
    {
        return leg(attempt).answerEpochMs();
    }

    @Override
    public long attemptEndEpochMs(final int attempt)
    {
        return leg(attempt).endEpochMs();
    }

    @Override
    public int attemptFinalCode(final int attempt)
    {
        return leg(attempt).finalCode();
    }

    @Override
    public long mediaPackets(final int leg)
    {
        return media.packets(leg);
    }

    @Override
    public long mediaLost(final int leg)
    {
        return media.lost(leg);
    }

    @Override
    public long mediaJitterUs(final int leg)
    {
        return media.jitterUs(leg);
    }

    @Override
    public int mediaMosX100(final int leg)
    {
        return media.mosX100(leg);
    }

    private VendorLeg leg(final int attempt)
    {
        if (attempt < 0 || attempt >= hunt.count())
        {
            throw new IndexOutOfBoundsException("attempt=" + attempt + " attemptCount=" + hunt.count());
        }
        return hunt.attempt(attempt);
    }
}
