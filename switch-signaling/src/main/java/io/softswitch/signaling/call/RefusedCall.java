package io.softswitch.signaling.call;

import io.softswitch.signaling.codec.SipMessage;

/**
 * The {@link EndedCall} view of an INVITE refused at admission once its customer trunk was known
 * (a limit, overload, an admission hook): no call object was made, so the view reads the INVITE
 * in place. One per loop, reused; valid only while the listener runs.
 */
final class RefusedCall implements EndedCall
{
    private final NameAddr nameAddr = new NameAddr();
    private final AsciiSlice callId = new AsciiSlice();
    private final AsciiSlice calling = new AsciiSlice();
    private final AsciiSlice called = new AsciiSlice();
    private CharSequence trunk;
    private long nowEpochMs;
    private int code;
    private EndReason reason;

    RefusedCall wrap(final SipMessage invite, final CharSequence trunkName, final long epochMs, final int statusCode,
        final EndReason endReason)
    {
        trunk = trunkName;
        nowEpochMs = epochMs;
        code = statusCode;
        reason = endReason;
        callId.wrap(invite.buffer(), invite.callIdOffset(), invite.callIdLength());
        called.wrap(invite.buffer(), invite.requestUriUserOffset(), invite.requestUriUserLength());
        final int from = invite.fromHeaderIndex();
        nameAddr.wrap(invite.buffer(), invite.headerValueOffset(from), invite.headerValueLength(from));
        calling.wrap(invite.buffer(), nameAddr.userOffset, nameAddr.userLength);
        return this;
    }

    void clear()
    {
        callId.wrap(null, 0, 0);
        called.wrap(null, 0, 0);
        calling.wrap(null, 0, 0);
    }

    @Override
    public CharSequence customerTrunk()
    {
        return trunk;
    }

    @Override
    public CharSequence customerCallId()
    {
        return callId;
    }

    @Override
    public CharSequence callingNumber()
    {
        return calling;
    }

    @Override
    public CharSequence calledNumberReceived()
    {
        return called;
    }

    @Override
    public CharSequence calledNumberNormalised()
    {
        return "";
    }

    @Override
    public long inviteReceivedEpochMs()
    {
        return nowEpochMs;
    }

    @Override
    public long firstProvisionalEpochMs()
    {
        return 0;
    }

    @Override
    public long answerEpochMs()
    {
        return 0;
    }

    @Override
    public long endEpochMs()
    {
        return nowEpochMs;
    }

    @Override
    public int customerFinalCode()
    {
        return code;
    }

    @Override
    public EndReason endReason()
    {
        return reason;
    }

    @Override
    public Party hungUpBy()
    {
        return Party.SWITCH;
    }

    @Override
    public CharSequence sellPrefix()
    {
        return "";
    }

    @Override
    public long sellRateMicrosPerMinute()
    {
        return 0;
    }

    @Override
    public int attemptCount()
    {
        return 0;
    }

    @Override
    public CharSequence vendorTrunk(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public CharSequence vendorCallId(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public CharSequence calledNumberSent(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public CharSequence vendorPrefix(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public long vendorRateMicrosPerMinute(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public long attemptStartEpochMs(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public long attemptFirstProvisionalEpochMs(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public long attemptAnswerEpochMs(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public long attemptEndEpochMs(final int attempt)
    {
        throw noAttempt(attempt);
    }

    @Override
    public int attemptFinalCode(final int attempt)
    {
        throw noAttempt(attempt);
    }

    private static IndexOutOfBoundsException noAttempt(final int attempt)
    {
        return new IndexOutOfBoundsException("attempt=" + attempt + " attemptCount=0");
    }
}
