package io.softswitch.cdr;

import io.softswitch.cdr.internal.TextField;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * The CDR of one call and its vendor attempts: a reusable flyweight that the call's event loop
 * fills at the end of a call and the journal writes in the {@link CdrLayout} (no object graph
 * per record, nothing allocated once created), and that the billing tailer reads back.
 *
 * <p>Fill it with {@link #clear()}, the call setters, then {@link #addAttempt()} per vendor
 * tried. One instance per writer thread: it is not thread-safe.
 */
public final class CdrRecord implements BytesMarshallable
{
    private final TextField nodeId = new TextField(CdrLayout.MAX_NAME);
    private final TextField customerTrunk = new TextField(CdrLayout.MAX_NAME);
    private final TextField customerCallId = new TextField(CdrLayout.MAX_CALL_ID);
    private final TextField callingNumber = new TextField(CdrLayout.MAX_NUMBER);
    private final TextField calledNumberReceived = new TextField(CdrLayout.MAX_NUMBER);
    private final TextField calledNumberNormalised = new TextField(CdrLayout.MAX_NUMBER);
    private final TextField sellPrefix = new TextField(CdrLayout.MAX_NUMBER);
    private final TextField endReason = new TextField(CdrLayout.MAX_NAME);
    private final MediaLegStats customerMedia = new MediaLegStats();
    private final MediaLegStats vendorMedia = new MediaLegStats();
    private final CdrAttempt[] attempts = new CdrAttempt[CdrLayout.MAX_ATTEMPTS];
    private final CdrAttempt overflow = new CdrAttempt();
    private int attemptCount;
    private int attemptsDropped;
    private boolean truncated;
    private CallParty hungUpBy = CallParty.UNKNOWN;
    private int customerFinalCode;
    private long inviteReceivedEpochMs;
    private long firstProvisionalEpochMs;
    private long answerEpochMs;
    private long endEpochMs;
    private long sellRateMicrosPerMinute;

    /**
     * Creates an empty record with room for {@link CdrLayout#MAX_ATTEMPTS} attempts.
     */
    public CdrRecord()
    {
        for (int i = 0; i < attempts.length; i++)
        {
            attempts[i] = new CdrAttempt();
        }
    }

    /**
     * Empties the record for the next call.
     *
     * @return this.
     */
    public CdrRecord clear()
    {
        nodeId.clear();
        customerTrunk.clear();
        customerCallId.clear();
        callingNumber.clear();
        calledNumberReceived.clear();
        calledNumberNormalised.clear();
        sellPrefix.clear();
        endReason.clear();
        customerMedia.clear();
        vendorMedia.clear();
        attemptCount = 0;
        attemptsDropped = 0;
        truncated = false;
        hungUpBy = CallParty.UNKNOWN;
        customerFinalCode = 0;
        inviteReceivedEpochMs = 0;
        firstProvisionalEpochMs = 0;
        answerEpochMs = 0;
        endEpochMs = 0;
        sellRateMicrosPerMinute = 0;
        return this;
    }

    /**
     * Sets the switch node that carried the call.
     *
     * @param node the node id.
     * @return this.
     */
    public CdrRecord nodeId(final CharSequence node)
    {
        nodeId.set(node);
        return this;
    }

    /**
     * Sets the customer side of the call.
     *
     * @param trunk            customer trunk name.
     * @param callId           the customer's Call-ID.
     * @param calling          calling number (From user part).
     * @param calledReceived   called number as received.
     * @param calledNormalised called number after the trunk's rules (E.164).
     * @return this.
     */
    public CdrRecord customer(final CharSequence trunk, final CharSequence callId, final CharSequence calling,
        final CharSequence calledReceived, final CharSequence calledNormalised)
    {
        customerTrunk.set(trunk);
        customerCallId.set(callId);
        callingNumber.set(calling);
        calledNumberReceived.set(calledReceived);
        calledNumberNormalised.set(calledNormalised);
        return this;
    }

    /**
     * Sets the customer's times (epoch ms, 0 for an event that did not happen).
     *
     * @param inviteReceivedMs   INVITE received.
     * @param firstProvisionalMs first provisional sent to the customer.
     * @param answerMs           200 sent to the customer.
     * @param endMs              call over.
     * @return this.
     */
    public CdrRecord times(final long inviteReceivedMs, final long firstProvisionalMs, final long answerMs,
        final long endMs)
    {
        inviteReceivedEpochMs = inviteReceivedMs;
        firstProvisionalEpochMs = firstProvisionalMs;
        answerEpochMs = answerMs;
        endEpochMs = endMs;
        return this;
    }

    /**
     * Sets how the call ended.
     *
     * @param finalCode final code sent to the customer (200 if answered).
     * @param reason    the end reason's name (e.g. {@code CUSTOMER_BYE}).
     * @param party     who hung up.
     * @return this.
     */
    public CdrRecord ending(final int finalCode, final CharSequence reason, final CallParty party)
    {
        customerFinalCode = finalCode;
        endReason.set(reason);
        hungUpBy = party;
        return this;
    }

    /**
     * Sets the customer's sell rate the route was checked against.
     *
     * @param prefix            matched sell prefix (empty if none).
     * @param rateMicrosPerMin  sell rate per minute, micro-units.
     * @return this.
     */
    public CdrRecord sell(final CharSequence prefix, final long rateMicrosPerMin)
    {
        sellPrefix.set(prefix);
        sellRateMicrosPerMinute = rateMicrosPerMin;
        return this;
    }

    /**
     * The next attempt slot, cleared; beyond {@link CdrLayout#MAX_ATTEMPTS} a scratch slot that
     * is not written (counted in {@link #attemptsDropped()}).
     *
     * @return the attempt to fill.
     */
    public CdrAttempt addAttempt()
    {
        if (attemptCount == attempts.length)
        {
            attemptsDropped++;
            overflow.clear();
            return overflow;
        }
        final CdrAttempt attempt = attempts[attemptCount++];
        attempt.clear();
        return attempt;
    }

    /** @return the customer leg's media stats (to fill or read). */
    public MediaLegStats customerMedia()
    {
        return customerMedia;
    }

    /** @return the answered vendor leg's media stats (to fill or read). */
    public MediaLegStats vendorMedia()
    {
        return vendorMedia;
    }

    /** @return attempts held. */
    public int attemptCount()
    {
        return attemptCount;
    }

    /**
     * An attempt.
     *
     * @param i 0-based, below {@link #attemptCount()}.
     * @return the attempt.
     */
    public CdrAttempt attempt(final int i)
    {
        if (i < 0 || i >= attemptCount)
        {
            throw new IndexOutOfBoundsException("attempt=" + i + " attempts=" + attemptCount);
        }
        return attempts[i];
    }

    /** @return attempts beyond the capacity since {@link #clear()} (not journaled). */
    public int attemptsDropped()
    {
        return attemptsDropped;
    }

    /** @return whether some text did not fit its field (as written or as read). */
    public boolean truncated()
    {
        return truncated || anyTextTruncated();
    }

    /** @return the node id. */
    public TextField nodeId()
    {
        return nodeId;
    }

    /** @return the customer trunk. */
    public TextField customerTrunk()
    {
        return customerTrunk;
    }

    /** @return the customer's Call-ID. */
    public TextField customerCallId()
    {
        return customerCallId;
    }

    /** @return the calling number. */
    public TextField callingNumber()
    {
        return callingNumber;
    }

    /** @return the called number as received. */
    public TextField calledNumberReceived()
    {
        return calledNumberReceived;
    }

    /** @return the called number normalised. */
    public TextField calledNumberNormalised()
    {
        return calledNumberNormalised;
    }

    /** @return the matched sell prefix. */
    public TextField sellPrefix()
    {
        return sellPrefix;
    }

    /** @return the end reason's name. */
    public TextField endReason()
    {
        return endReason;
    }

    /** @return who hung up. */
    public CallParty hungUpBy()
    {
        return hungUpBy;
    }

    /** @return the final code sent to the customer. */
    public int customerFinalCode()
    {
        return customerFinalCode;
    }

    /** @return INVITE received, epoch ms. */
    public long inviteReceivedEpochMs()
    {
        return inviteReceivedEpochMs;
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

    /** @return sell rate per minute, micro-units. */
    public long sellRateMicrosPerMinute()
    {
        return sellRateMicrosPerMinute;
    }

    /** @return answered duration of the call in ms (0 when not answered). */
    public long durationMs()
    {
        return answerEpochMs == 0 ? 0 : Math.max(0, endEpochMs - answerEpochMs);
    }

    /** @return post-dial delay in ms seen by the customer (first provisional, else answer), 0 if neither. */
    public long pddMs()
    {
        final long reply = firstProvisionalEpochMs != 0 ? firstProvisionalEpochMs : answerEpochMs;
        return reply == 0 ? 0 : Math.max(0, reply - inviteReceivedEpochMs);
    }

    /**
     * The answered attempt, if any.
     *
     * @return its index, or -1.
     */
    public int answeredAttempt()
    {
        for (int i = 0; i < attemptCount; i++)
        {
            if (attempts[i].answered())
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void writeMarshallable(final BytesOut<?> out)
    {
        final boolean cut = anyTextTruncated() || attemptsDropped > 0;
        out.writeUnsignedShort(CdrLayout.VERSION);
        out.writeUnsignedByte(attemptCount);
        out.writeUnsignedByte(hungUpBy.ordinal());
        out.writeUnsignedShort(customerFinalCode);
        out.writeUnsignedShort(cut ? CdrLayout.FLAG_TRUNCATED : 0);
        out.writeLong(inviteReceivedEpochMs);
        out.writeLong(firstProvisionalEpochMs);
        out.writeLong(answerEpochMs);
        out.writeLong(endEpochMs);
        out.writeLong(durationMs());
        out.writeLong(sellRateMicrosPerMinute);
        out.writeInt((int)pddMs());
        customerMedia.writeTo(out);
        vendorMedia.writeTo(out);
        nodeId.writeTo(out);
        customerTrunk.writeTo(out);
        customerCallId.writeTo(out);
        callingNumber.writeTo(out);
        calledNumberReceived.writeTo(out);
        calledNumberNormalised.writeTo(out);
        sellPrefix.writeTo(out);
        endReason.writeTo(out);
        for (int i = 0; i < attemptCount; i++)
        {
            attempts[i].writeTo(out);
        }
    }

    @Override
    public void readMarshallable(final BytesIn<?> in)
    {
        final int version = in.readUnsignedShort();
        if (version != CdrLayout.VERSION)
        {
            throw new IllegalStateException("unknown CDR layout: version=" + version);
        }
        attemptCount = in.readUnsignedByte();
        hungUpBy = CallParty.fromCode(in.readUnsignedByte());
        customerFinalCode = in.readUnsignedShort();
        truncated = (in.readUnsignedShort() & CdrLayout.FLAG_TRUNCATED) != 0;
        attemptsDropped = 0;
        inviteReceivedEpochMs = in.readLong();
        firstProvisionalEpochMs = in.readLong();
        answerEpochMs = in.readLong();
        endEpochMs = in.readLong();
        in.readLong();
        sellRateMicrosPerMinute = in.readLong();
        in.readInt();
        customerMedia.readFrom(in);
        vendorMedia.readFrom(in);
        nodeId.readFrom(in);
        customerTrunk.readFrom(in);
        customerCallId.readFrom(in);
        callingNumber.readFrom(in);
        calledNumberReceived.readFrom(in);
        calledNumberNormalised.readFrom(in);
        sellPrefix.readFrom(in);
        endReason.readFrom(in);
        if (attemptCount > attempts.length)
        {
            throw new IllegalStateException("too many attempts: attempts=" + attemptCount);
        }
        for (int i = 0; i < attemptCount; i++)
        {
            attempts[i].clear();
            attempts[i].readFrom(in);
        }
    }

    private boolean anyTextTruncated()
    {
        if (nodeId.truncated() || customerTrunk.truncated() || customerCallId.truncated() ||
            callingNumber.truncated() || calledNumberReceived.truncated() || calledNumberNormalised.truncated() ||
            sellPrefix.truncated() || endReason.truncated())
        {
            return true;
        }
        for (int i = 0; i < attemptCount; i++)
        {
            if (attempts[i].anyTruncated())
            {
                return true;
            }
        }
        return false;
    }
}
