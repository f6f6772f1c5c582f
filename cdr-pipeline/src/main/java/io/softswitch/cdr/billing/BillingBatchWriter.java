package io.softswitch.cdr.billing;

import io.softswitch.cdr.rating.Charge;
import io.softswitch.ratedeck.Rate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Encodes a batch of rated calls for binary {@code COPY} ({@link BinaryCopyRows}: no text for the
 * server to parse) on the reader's side, and writes it inside the caller's transaction on the
 * database's side: the CDR rows, the attempt rows, the aggregates ({@link BatchAggregates}, keyed by
 * the ids of {@link CdrNames}) and the journal positions.
 */
final class BillingBatchWriter
{
    private static final String COPY_CDR = "COPY cdr (call_start, node_id, queue, journal_index, customer_trunk, " +
        "customer_call_id, calling_number, called_number_received, called_number, first_provisional_at, answer_at, " +
        "end_at, pdd_ms, duration_ms, final_code, end_reason, hung_up_by, attempts, vendor_trunk, destination, " +
        "routed_sell_prefix, routed_sell_rate, sell_prefix, sell_rate, sell_connect_fee, sell_first_increment_s, " +
        "sell_next_increment_s, sell_minimum_s, sell_billed_s, revenue, cost, customer_packets_lost, " +
        "customer_packets_expected, customer_jitter_us, customer_mos_x100, vendor_packets_lost, " +
        "vendor_packets_expected, vendor_jitter_us, vendor_mos_x100, truncated) FROM STDIN (FORMAT binary)";
    private static final String COPY_ATTEMPT = "COPY cdr_attempt (call_start, node_id, queue, journal_index, " +
        "attempt_no, customer_trunk, vendor_trunk, vendor_call_id, called_number_sent, routed_prefix, " +
        "routed_rate, start_at, first_provisional_at, answer_at, end_at, final_code, pdd_ms, duration_ms, buy_prefix, " +
        "buy_rate, buy_connect_fee, buy_first_increment_s, buy_next_increment_s, buy_minimum_s, buy_billed_s, cost, " +
        "buy_destination) FROM STDIN (FORMAT binary)";
    private static final int CDR_COLUMNS = 40;
    private static final int ATTEMPT_COLUMNS = 27;
    private static final String UPSERT_POSITION = "INSERT INTO cdr_journal_position (node_id, queue, last_index, " +
        "updated_at) VALUES (?, ?, ?, now()) ON CONFLICT (node_id, queue) DO UPDATE SET last_index = " +
        "EXCLUDED.last_index, updated_at = now()";

    private BillingBatchWriter()
    {
    }

    /**
     * Writes an encoded batch. Does not commit.
     *
     * @param connection a connection in a transaction.
     * @param nodeId     the node whose journal the batch came from.
     * @param batch      the batch.
     * @param names      the writer's copy of the name dictionary: names new to it are added (and
     *                   committed) before the batch's statements.
     * @throws SQLException when a statement fails.
     */
    static void write(final Connection connection, final String nodeId, final RatedBatch batch, final CdrNames names)
        throws SQLException
    {
        if (batch.calls() > 0)
        {
            names.ensure(connection, batch.aggregates().names());
            batch.cdrRows().copy(connection, COPY_CDR);
            if (!batch.attemptRows().isEmpty())
            {
                batch.attemptRows().copy(connection, COPY_ATTEMPT);
            }
            batch.aggregates().merge(connection, names);
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_POSITION))
        {
            for (final Map.Entry<String, Long> position : batch.positions().entrySet())
            {
                statement.setString(1, nodeId);
                statement.setString(2, position.getKey());
                statement.setLong(3, position.getValue());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * The {@code cdr} rows of rated calls.
     *
     * @param calls the calls.
     * @return the rows.
     */
    static BinaryCopyRows encodeCalls(final List<BilledCall> calls)
    {
        final BinaryCopyRows rows = new BinaryCopyRows(CDR_COLUMNS);
        for (final BilledCall call : calls)
        {
            rows.timestamptz(call.inviteMs()).text(call.nodeId()).text(call.queue()).int8(call.journalIndex())
                .text(call.customerTrunk()).text(call.customerCallId()).text(call.callingNumber())
                .text(call.calledReceived()).text(call.calledNumber()).timestamptzOrNull(call.firstProvisionalMs())
                .timestamptzOrNull(call.answerMs()).timestamptz(call.endMs()).int4(Math.toIntExact(call.pddMs()))
                .int8(call.durationMs()).int4(call.finalCode()).text(call.endReason()).text(call.hungUpBy())
                .int4(call.attempts().size()).text(call.finalVendor()).text(call.destination())
                .text(call.routedSellPrefix()).numeric(call.routedSellRateMicros());
            rateColumns(rows, call.sellRate(), call.revenue());
            rows.numeric(call.revenue().amountMicros()).numeric(call.costMicros());
            for (final int value : call.customerMedia())
            {
                rows.int4(value);
            }
            for (final int value : call.vendorMedia())
            {
                rows.int4(value);
            }
            rows.bool(call.truncated());
            rows.endRow();
        }
        return rows;
    }

    /**
     * The {@code cdr_attempt} rows of rated calls.
     *
     * @param calls the calls.
     * @return the rows (empty when no call had an attempt).
     */
    static BinaryCopyRows encodeAttempts(final List<BilledCall> calls)
    {
        final BinaryCopyRows rows = new BinaryCopyRows(ATTEMPT_COLUMNS);
        for (final BilledCall call : calls)
        {
            for (final BilledAttempt attempt : call.attempts())
            {
                rows.timestamptz(call.inviteMs()).text(call.nodeId()).text(call.queue()).int8(call.journalIndex())
                    .int4(attempt.attemptNo()).text(call.customerTrunk()).text(attempt.vendorTrunk())
                    .text(attempt.vendorCallId()).text(attempt.calledNumberSent())
                    .text(attempt.routedPrefix()).numeric(attempt.routedRateMicros())
                    .timestamptz(attempt.startMs()).timestamptzOrNull(attempt.firstProvisionalMs())
                    .timestamptzOrNull(attempt.answerMs()).timestamptz(attempt.endMs()).int4(attempt.finalCode())
                    .int4(Math.toIntExact(attempt.pddMs())).int8(attempt.durationMs());
                buyColumns(rows, attempt);
                rows.endRow();
            }
        }
        return rows;
    }

    /**
     * prefix, rate, connect fee, first, next, minimum, billed seconds, cost, destination: the rate's
     * columns NULL for an attempt without a buy rate (V8_8), billed seconds and cost 0.
     */
    private static void buyColumns(final BinaryCopyRows rows, final BilledAttempt attempt)
    {
        final Rate rate = attempt.buyRate();
        if (rate == null)
        {
            rows.sqlNull().sqlNull().sqlNull().sqlNull().sqlNull().sqlNull().int8(attempt.cost().billedSeconds())
                .numeric(attempt.cost().amountMicros()).sqlNull();
            return;
        }
        rateColumns(rows, rate, attempt.cost());
        rows.numeric(attempt.cost().amountMicros()).text(rate.destination());
    }

    /** prefix, rate, connect fee, first, next, minimum, billed seconds. */
    private static void rateColumns(final BinaryCopyRows rows, final Rate rate, final Charge charge)
    {
        if (rate == null)
        {
            rows.text("").numeric(0).numeric(0).int4(0).int4(0).int4(0).int8(charge.billedSeconds());
            return;
        }
        rows.text(rate.prefix()).numeric(rate.ratePerMinuteMicros()).numeric(rate.connectFeeMicros())
            .int4(rate.firstIncrementSeconds()).int4(rate.nextIncrementSeconds())
            .int4(rate.minimumDurationSeconds()).int8(charge.billedSeconds());
    }
}
