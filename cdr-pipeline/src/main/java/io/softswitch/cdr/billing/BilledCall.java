package io.softswitch.cdr.billing;

import io.softswitch.cdr.CdrAttempt;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.MediaLegStats;
import io.softswitch.cdr.rating.Charge;
import io.softswitch.cdr.rating.RateBook;
import io.softswitch.cdr.rating.Rating;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One journaled call after rating: the CDR as read, where it came from in the journal, the
 * customer's sell rate in force at the call's start with the revenue, and its attempts with the
 * answered one's cost. Built by the billing tailer, off the call path.
 *
 * @param nodeId         switch node.
 * @param queue          journal queue name.
 * @param journalIndex   Chronicle index of the record.
 * @param customerTrunk  customer trunk.
 * @param customerCallId the customer's Call-ID.
 * @param callingNumber  calling number.
 * @param calledReceived called number as received.
 * @param calledNumber   called number normalised.
 * @param inviteMs       INVITE received.
 * @param firstProvisionalMs first provisional, 0 if none.
 * @param answerMs       answer, 0 if not answered.
 * @param endMs          end.
 * @param pddMs          post-dial delay.
 * @param durationMs     answered duration.
 * @param finalCode      code sent to the customer.
 * @param endReason      end reason.
 * @param hungUpBy       who hung up.
 * @param routedSellPrefix sell prefix the switch matched at routing.
 * @param routedSellRateMicros sell rate the switch used at routing.
 * @param sellRate       the sell rate billed, {@code null} if none.
 * @param revenue        the charge at it.
 * @param customerMedia  customer leg: lost, expected, jitter µs, MOS×100.
 * @param vendorMedia    vendor leg: lost, expected, jitter µs, MOS×100.
 * @param truncated      whether some journal text was cut.
 * @param attempts       the vendor attempts.
 */
public record BilledCall(
    String nodeId,
    String queue,
    long journalIndex,
    String customerTrunk,
    String customerCallId,
    String callingNumber,
    String calledReceived,
    String calledNumber,
    long inviteMs,
    long firstProvisionalMs,
    long answerMs,
    long endMs,
    long pddMs,
    long durationMs,
    int finalCode,
    String endReason,
    String hungUpBy,
    String routedSellPrefix,
    long routedSellRateMicros,
    Rate sellRate,
    Charge revenue,
    int[] customerMedia,
    int[] vendorMedia,
    boolean truncated,
    List<BilledAttempt> attempts)
{
    private static final Charge NONE = new Charge(0, 0);

    /**
     * Rates a journal record.
     *
     * @param queue  the queue it was read from.
     * @param index  its Chronicle index.
     * @param record the record.
     * @param book   the rate decks' history.
     * @return the rated call.
     */
    public static BilledCall rate(final String queue, final long index, final CdrRecord record, final RateBook book)
    {
        final Instant start = Instant.ofEpochMilli(record.inviteReceivedEpochMs());
        final String number = record.calledNumberNormalised().toString();
        final String customer = record.customerTrunk().toString();
        final Rate sell = book.find(customer, DeckDirection.CUSTOMER, number, start);
        final boolean answered = record.answerEpochMs() != 0;
        final Charge revenue = answered && sell != null ? Rating.charge(record.durationMs(), sell) : NONE;
        final List<BilledAttempt> attempts = new ArrayList<>(record.attemptCount());
        for (int i = 0; i < record.attemptCount(); i++)
        {
            final CdrAttempt attempt = record.attempt(i);
            Rate buy = null;
            Charge cost = NONE;
            if (attempt.answered())
            {
                buy = book.find(attempt.vendorTrunk().toString(), DeckDirection.VENDOR, number, start);
                if (buy != null)
                {
                    cost = Rating.charge(attempt.durationMs(), buy);
                }
            }
            attempts.add(BilledAttempt.of(i + 1, attempt, buy, cost));
        }
        return new BilledCall(record.nodeId().toString(), queue, index, customer,
            record.customerCallId().toString(), record.callingNumber().toString(),
            record.calledNumberReceived().toString(), number, record.inviteReceivedEpochMs(),
            record.firstProvisionalEpochMs(), record.answerEpochMs(), record.endEpochMs(), record.pddMs(),
            record.durationMs(), record.customerFinalCode(), record.endReason().toString(),
            record.hungUpBy().name(), record.sellPrefix().toString(), record.sellRateMicrosPerMinute(), sell,
            revenue, media(record.customerMedia()), media(record.vendorMedia()), record.truncated(),
            List.copyOf(attempts));
    }

    private static int[] media(final MediaLegStats stats)
    {
        return new int[] {stats.packetsLost(), stats.packetsExpected(), stats.jitterMicros(), stats.mosTimes100()};
    }

    /**
     * Whether the call was answered.
     *
     * @return true when answered.
     */
    public boolean answered()
    {
        return answerMs != 0;
    }

    /**
     * The vendor the call is counted under: the answered one, else the last tried, else empty.
     *
     * @return the vendor trunk or {@code ""}.
     */
    public String finalVendor()
    {
        for (final BilledAttempt attempt : attempts)
        {
            if (attempt.answered())
            {
                return attempt.vendorTrunk();
            }
        }
        return attempts.isEmpty() ? "" : attempts.getLast().vendorTrunk();
    }

    /**
     * The cost of the call: the answered attempt's charge.
     *
     * @return the cost in micro-units.
     */
    public long costMicros()
    {
        long cost = 0;
        for (final BilledAttempt attempt : attempts)
        {
            cost += attempt.cost().amountMicros();
        }
        return cost;
    }

    /**
     * The destination name: the sell rate's, else empty.
     *
     * @return the destination.
     */
    public String destination()
    {
        return sellRate == null ? "" : sellRate.destination();
    }
}
