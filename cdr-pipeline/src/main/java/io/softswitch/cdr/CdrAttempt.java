package io.softswitch.cdr;

import io.softswitch.cdr.internal.TextField;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * One vendor attempt of a call, a reusable part of a {@link CdrRecord}: which vendor was tried,
 * under which Call-ID and number, at which routed prefix and rate, when it rang, answered and
 * ended, and the final SIP code it gave. Setters return {@code this}; nothing allocates.
 */
public final class CdrAttempt
{
    private final TextField vendorTrunk = new TextField(CdrLayout.MAX_NAME);
    private final TextField vendorCallId = new TextField(CdrLayout.MAX_CALL_ID);
    private final TextField calledNumberSent = new TextField(CdrLayout.MAX_NUMBER);
    private final TextField vendorPrefix = new TextField(CdrLayout.MAX_NUMBER);
    private long vendorRateMicrosPerMinute;
    private long startEpochMs;
    private long firstProvisionalEpochMs;
    private long answerEpochMs;
    private long endEpochMs;
    private int finalCode;

    void clear()
    {
        vendorTrunk.clear();
        vendorCallId.clear();
        calledNumberSent.clear();
        vendorPrefix.clear();
        vendorRateMicrosPerMinute = 0;
        startEpochMs = 0;
        firstProvisionalEpochMs = 0;
        answerEpochMs = 0;
        endEpochMs = 0;
        finalCode = 0;
    }

    /**
     * Sets who was tried and how.
     *
     * @param trunk            vendor trunk name.
     * @param callId           our Call-ID toward the vendor.
     * @param numberSent       the called number as sent to the vendor.
     * @param prefix           the vendor deck prefix the route matched.
     * @param rateMicrosPerMin the vendor's rate per minute the route used, in micro-units.
     * @return this.
     */
    public CdrAttempt route(final CharSequence trunk, final CharSequence callId, final CharSequence numberSent,
        final CharSequence prefix, final long rateMicrosPerMin)
    {
        vendorTrunk.set(trunk);
        vendorCallId.set(callId);
        calledNumberSent.set(numberSent);
        vendorPrefix.set(prefix);
        vendorRateMicrosPerMinute = rateMicrosPerMin;
        return this;
    }

    /**
     * Sets the times and outcome (epoch ms, 0 for an event that did not happen).
     *
     * @param startMs            INVITE sent.
     * @param firstProvisionalMs first 1xx received.
     * @param answerMs           200 received.
     * @param endMs              attempt over (final failure, or the call's end when answered).
     * @param code               final SIP code of the attempt (0 when none came, e.g. timeout).
     * @return this.
     */
    public CdrAttempt outcome(final long startMs, final long firstProvisionalMs, final long answerMs,
        final long endMs, final int code)
    {
        startEpochMs = startMs;
        firstProvisionalEpochMs = firstProvisionalMs;
        answerEpochMs = answerMs;
        endEpochMs = endMs;
        finalCode = code;
        return this;
    }

    /** @return the vendor trunk. */
    public TextField vendorTrunk()
    {
        return vendorTrunk;
    }

    /** @return our Call-ID toward the vendor. */
    public TextField vendorCallId()
    {
        return vendorCallId;
    }

    /** @return the called number as sent. */
    public TextField calledNumberSent()
    {
        return calledNumberSent;
    }

    /** @return the routed vendor prefix. */
    public TextField vendorPrefix()
    {
        return vendorPrefix;
    }

    /** @return the routed vendor rate per minute, micro-units. */
    public long vendorRateMicrosPerMinute()
    {
        return vendorRateMicrosPerMinute;
    }

    /** @return INVITE sent, epoch ms. */
    public long startEpochMs()
    {
        return startEpochMs;
    }

    /** @return first provisional, epoch ms, 0 if none. */
    public long firstProvisionalEpochMs()
    {
        return firstProvisionalEpochMs;
    }

    /** @return answer, epoch ms, 0 if not answered. */
    public long answerEpochMs()
    {
        return answerEpochMs;
    }

    /** @return end, epoch ms. */
    public long endEpochMs()
    {
        return endEpochMs;
    }

    /** @return final SIP code. */
    public int finalCode()
    {
        return finalCode;
    }

    /** @return whether the vendor answered. */
    public boolean answered()
    {
        return answerEpochMs != 0;
    }

    /** @return answered duration in ms (0 when not answered). */
    public long durationMs()
    {
        return answerEpochMs == 0 ? 0 : Math.max(0, endEpochMs - answerEpochMs);
    }

    /** @return post-dial delay in ms: first provisional (else answer) minus start, 0 if neither. */
    public long pddMs()
    {
        final long reply = firstProvisionalEpochMs != 0 ? firstProvisionalEpochMs : answerEpochMs;
        return reply == 0 ? 0 : Math.max(0, reply - startEpochMs);
    }

    boolean anyTruncated()
    {
        return vendorTrunk.truncated() || vendorCallId.truncated() || calledNumberSent.truncated() ||
            vendorPrefix.truncated();
    }

    void writeTo(final BytesOut<?> out)
    {
        out.writeLong(startEpochMs);
        out.writeLong(firstProvisionalEpochMs);
        out.writeLong(answerEpochMs);
        out.writeLong(endEpochMs);
        out.writeLong(vendorRateMicrosPerMinute);
        out.writeInt((int)pddMs());
        out.writeShort((short)finalCode);
        out.writeShort((short)0);
        vendorTrunk.writeTo(out);
        vendorCallId.writeTo(out);
        calledNumberSent.writeTo(out);
        vendorPrefix.writeTo(out);
    }

    void readFrom(final BytesIn<?> in)
    {
        startEpochMs = in.readLong();
        firstProvisionalEpochMs = in.readLong();
        answerEpochMs = in.readLong();
        endEpochMs = in.readLong();
        vendorRateMicrosPerMinute = in.readLong();
        in.readInt();
        finalCode = in.readUnsignedShort();
        in.readShort();
        vendorTrunk.readFrom(in);
        vendorCallId.readFrom(in);
        calledNumberSent.readFrom(in);
        vendorPrefix.readFrom(in);
    }
}
