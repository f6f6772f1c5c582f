package io.softswitch.app.cdr;

import io.softswitch.cdr.CallParty;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalWriter;
import io.softswitch.cdr.MediaLegStats;
import io.softswitch.signaling.call.CallEndListener;
import io.softswitch.signaling.call.EndedCall;
import io.softswitch.signaling.call.Party;

/**
 * The seam between the call model and the CDR journal: told of every ended call on the call's
 * own event loop, it copies the {@link EndedCall} view into that loop's reusable
 * {@link CdrRecord} and appends it to the loop's own queue. Nothing is allocated per call once a
 * loop has its record and writer, and no lock is taken between loops.
 */
public final class CdrJournalListener implements CallEndListener
{
    private final CdrJournal journal;
    private final String nodeId;
    private final ThreadLocal<CdrRecord> records = ThreadLocal.withInitial(CdrRecord::new);

    /**
     * Creates the listener.
     *
     * @param journal the node's journal.
     */
    public CdrJournalListener(final CdrJournal journal)
    {
        this.journal = journal;
        this.nodeId = journal.settings().nodeId();
    }

    @Override
    public void onCallEnded(final EndedCall call)
    {
        final CdrRecord record = records.get();
        fill(record, call, nodeId);
        final JournalWriter writer = journal.writerForCurrentThread();
        writer.append(record);
    }

    /**
     * Copies an ended call into a record.
     *
     * @param record the record to fill.
     * @param call   the ended call.
     * @param nodeId this node's id.
     * @return the record.
     */
    static CdrRecord fill(final CdrRecord record, final EndedCall call, final String nodeId)
    {
        record.clear()
            .nodeId(nodeId)
            .customer(call.customerTrunk(), call.customerCallId(), call.callingNumber(), call.calledNumberReceived(),
                call.calledNumberNormalised())
            .times(call.inviteReceivedEpochMs(), call.firstProvisionalEpochMs(), call.answerEpochMs(),
                call.endEpochMs())
            .ending(call.customerFinalCode(), call.endReason().name(),
                call.hungUpBy() == null ? CallParty.UNKNOWN : party(call.hungUpBy()))
            .sell(call.sellPrefix(), call.sellRateMicrosPerMinute());
        final int attempts = call.attemptCount();
        for (int i = 0; i < attempts; i++)
        {
            record.addAttempt()
                .route(call.vendorTrunk(i), call.vendorCallId(i), call.calledNumberSent(i), call.vendorPrefix(i),
                    call.vendorRateMicrosPerMinute(i))
                .outcome(call.attemptStartEpochMs(i), call.attemptFirstProvisionalEpochMs(i),
                    call.attemptAnswerEpochMs(i), call.attemptEndEpochMs(i), call.attemptFinalCode(i));
        }
        media(record.customerMedia(), call, 0);
        media(record.vendorMedia(), call, 1);
        return record;
    }

    /** A leg's media as the relay last reported it; expected is what arrived plus what was lost. */
    private static void media(final MediaLegStats stats, final EndedCall call, final int leg)
    {
        final long lost = call.mediaLost(leg);
        stats.set(saturated(lost), saturated(call.mediaPackets(leg) + lost), saturated(call.mediaJitterUs(leg)),
            call.mediaMosX100(leg));
    }

    private static int saturated(final long value)
    {
        return (int)Math.min(Integer.MAX_VALUE, Math.max(0, value));
    }

    private static CallParty party(final Party party)
    {
        return switch (party)
        {
            case CUSTOMER -> CallParty.CUSTOMER;
            case VENDOR -> CallParty.VENDOR;
            case SWITCH -> CallParty.SWITCH;
        };
    }
}
