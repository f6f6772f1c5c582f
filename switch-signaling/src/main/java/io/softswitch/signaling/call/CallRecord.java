package io.softswitch.signaling.call;

/**
 * The {@link EndedCall} view of a {@link Call}: reads the call's legs and hunt in place, so that
 * telling the listener allocates nothing. Valid while the call ends; the call is reused after.
 *
 * <p>Deck prefixes and rates are those of the engine's answer, copied into the hunt and its legs
 * when the call was routed; prefixes are views over the normalised number.
 */
final class CallRecord implements EndedCall
{
    private final Call call;
    private final MediaWatch media;

    CallRecord(final Call call, final MediaWatch media)
    {
        this.call = call;
        this.media = media;
    }

    @Override
    public CharSequence customerTrunk()
    {
        return call.customer.customer().trunk.name();
    }

    @Override
    public CharSequence customerCallId()
    {
        return call.customer.callIdText();
    }

    @Override
    public CharSequence callingNumber()
    {
        return call.customer.callingNumber();
    }

    @Override
    public CharSequence calledNumberReceived()
    {
        return call.customer.calledNumber();
    }

    @Override
    public CharSequence calledNumberNormalised()
    {
        final CharSequence e164 = call.hunt.e164();
        return e164 != null ? e164 : "";
    }

    @Override
    public long inviteReceivedEpochMs()
    {
        return call.inviteEpochMs;
    }

    @Override
    public long firstProvisionalEpochMs()
    {
        return call.firstProvisionalEpochMs;
    }

    @Override
    public long answerEpochMs()
    {
        return call.answerEpochMs;
    }

    @Override
    public long endEpochMs()
    {
        return call.endEpochMs;
    }

    @Override
    public int customerFinalCode()
    {
        return call.customer.finalCode();
    }

    @Override
    public EndReason endReason()
    {
        return call.endReason;
    }

    @Override
    public Party hungUpBy()
    {
        return call.endedBy;
    }

    @Override
    public CharSequence sellPrefix()
    {
        return call.hunt.sellPrefix();
    }

    @Override
    public long sellRateMicrosPerMinute()
    {
        return call.hunt.sellRateMicros();
    }

    @Override
    public int attemptCount()
    {
        return call.hunt.count();
    }

    @Override
    public CharSequence vendorTrunk(final int attempt)
    {
        return leg(attempt).vendor.trunk.name();
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
        return call.hunt.e164();
    }

    @Override
    public CharSequence vendorPrefix(final int attempt)
    {
        return leg(attempt).prefix;
    }

    @Override
    public long vendorRateMicrosPerMinute(final int attempt)
    {
        return leg(attempt).rateMicros;
    }

    @Override
    public long attemptStartEpochMs(final int attempt)
    {
        return leg(attempt).startEpochMs;
    }

    @Override
    public long attemptFirstProvisionalEpochMs(final int attempt)
    {
        return leg(attempt).firstProvisionalEpochMs;
    }

    @Override
    public long attemptAnswerEpochMs(final int attempt)
    {
        return leg(attempt).answerEpochMs;
    }

    @Override
    public long attemptEndEpochMs(final int attempt)
    {
        return leg(attempt).endEpochMs;
    }

    @Override
    public int attemptFinalCode(final int attempt)
    {
        return leg(attempt).finalCode;
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
        if (attempt < 0 || attempt >= call.hunt.count())
        {
            throw new IndexOutOfBoundsException("attempt=" + attempt + " attemptCount=" + call.hunt.count());
        }
        return call.hunt.attempt(attempt);
    }
}
