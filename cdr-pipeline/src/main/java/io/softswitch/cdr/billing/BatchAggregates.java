package io.softswitch.cdr.billing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds one batch of rated calls to the aggregates: the sums are made in memory first, on the
 * reader's side (hourly per customer, vendor and destination; daily per key of each dimension;
 * hourly totals), then, inside the writer's transaction, sent in one {@code COPY} to a temporary
 * staging table and merged
 * by one set-based upsert per aggregate table, in key order so that two nodes' tailers take row
 * locks in the same order and never deadlock.
 */
final class BatchAggregates
{
    private static final long DAY_MS = 86_400_000L;
    private static final int HOURLY = 0;
    private static final int DAILY_KEY = 1;
    private static final int HOURLY_TOTAL = 2;
    private static final String[] DIMENSIONS = {"customer", "vendor", "destination"};
    private static final String SUMS = "calls, attempts, answered, duration_ms, sell_billed_s, buy_billed_s, revenue, cost";
    private static final String ADD_SUMS = "calls = %1$s.calls + EXCLUDED.calls, " +
        "attempts = %1$s.attempts + EXCLUDED.attempts, answered = %1$s.answered + EXCLUDED.answered, " +
        "duration_ms = %1$s.duration_ms + EXCLUDED.duration_ms, " +
        "sell_billed_s = %1$s.sell_billed_s + EXCLUDED.sell_billed_s, " +
        "buy_billed_s = %1$s.buy_billed_s + EXCLUDED.buy_billed_s, " +
        "revenue = %1$s.revenue + EXCLUDED.revenue, cost = %1$s.cost + EXCLUDED.cost";
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS cdr_batch_sums (target SMALLINT NOT NULL, " +
        "bucket TIMESTAMPTZ NOT NULL, a TEXT COLLATE \"C\" NOT NULL, b TEXT COLLATE \"C\" NOT NULL, " +
        "c TEXT COLLATE \"C\" NOT NULL, calls BIGINT NOT NULL, " +
        "attempts BIGINT NOT NULL, answered BIGINT NOT NULL, duration_ms BIGINT NOT NULL, " +
        "sell_billed_s BIGINT NOT NULL, buy_billed_s BIGINT NOT NULL, revenue NUMERIC(24, 6) NOT NULL, " +
        "cost NUMERIC(24, 6) NOT NULL) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY cdr_batch_sums (target, bucket, a, b, c, " + SUMS + ") " +
        "FROM STDIN (FORMAT binary)";
    private static final int STAGING_COLUMNS = 13;
    private static final String MERGE_HOURLY = "INSERT INTO cdr_hourly (hour, customer_trunk, vendor_trunk, " +
        "destination, " + SUMS + ") SELECT bucket, a, b, c, " + SUMS + " FROM cdr_batch_sums WHERE target = " +
        HOURLY + " ORDER BY bucket, a, b, c ON CONFLICT (hour, customer_trunk, vendor_trunk, destination) " +
        "DO UPDATE SET " + ADD_SUMS.formatted("cdr_hourly");
    private static final String MERGE_DAILY_KEY = "INSERT INTO cdr_daily_key (day, dimension, key, " + SUMS + ") " +
        "SELECT (bucket AT TIME ZONE 'UTC')::date, a, b, " + SUMS + " FROM cdr_batch_sums WHERE target = " +
        DAILY_KEY + " ORDER BY a, bucket, b ON CONFLICT (dimension, day, key) DO UPDATE SET " +
        ADD_SUMS.formatted("cdr_daily_key");
    private static final String MERGE_HOURLY_TOTAL = "INSERT INTO cdr_hourly_total (hour, " + SUMS + ") " +
        "SELECT bucket, " + SUMS + " FROM cdr_batch_sums WHERE target = " + HOURLY_TOTAL + " ORDER BY bucket " +
        "ON CONFLICT (hour) DO UPDATE SET " + ADD_SUMS.formatted("cdr_hourly_total");

    /** An aggregate row's key in the staging table. */
    private record Key(int target, long bucketMs, String a, String b, String c)
    {
    }

    /** An aggregate's sums within one batch. */
    private static final class Sums
    {
        long calls;
        long attempts;
        long answered;
        long durationMs;
        long sellBilledS;
        long buyBilledS;
        long revenue;
        long cost;

        void add(final Sums other)
        {
            calls += other.calls;
            attempts += other.attempts;
            answered += other.answered;
            durationMs += other.durationMs;
            sellBilledS += other.sellBilledS;
            buyBilledS += other.buyBilledS;
            revenue += other.revenue;
            cost += other.cost;
        }
    }

    private BatchAggregates()
    {
    }

    /**
     * Sums the calls for every aggregate table.
     *
     * @param calls the rated calls.
     * @return the staging rows.
     */
    static BinaryCopyRows sums(final List<BilledCall> calls)
    {
        final Map<Key, Sums> hourly = hourlySums(calls);
        final Map<Key, Sums> all = new HashMap<>(hourly);
        hourly.forEach((key, sums) ->
        {
            final long dayMs = Math.floorDiv(key.bucketMs(), DAY_MS) * DAY_MS;
            all.computeIfAbsent(new Key(DAILY_KEY, dayMs, DIMENSIONS[0], key.a(), ""), k -> new Sums()).add(sums);
            all.computeIfAbsent(new Key(DAILY_KEY, dayMs, DIMENSIONS[1], key.b(), ""), k -> new Sums()).add(sums);
            all.computeIfAbsent(new Key(DAILY_KEY, dayMs, DIMENSIONS[2], key.c(), ""), k -> new Sums()).add(sums);
            all.computeIfAbsent(new Key(HOURLY_TOTAL, key.bucketMs(), "", "", ""), k -> new Sums()).add(sums);
        });
        final BinaryCopyRows rows = new BinaryCopyRows(STAGING_COLUMNS);
        all.forEach((key, s) ->
        {
            rows.int2(key.target()).timestamptz(key.bucketMs()).text(key.a()).text(key.b()).text(key.c())
                .int8(s.calls).int8(s.attempts).int8(s.answered).int8(s.durationMs).int8(s.sellBilledS)
                .int8(s.buyBilledS).numeric(s.revenue).numeric(s.cost);
            rows.endRow();
        });
        return rows;
    }

    /**
     * Adds a batch's sums to every aggregate table. Does not commit.
     *
     * @param connection a connection in a transaction.
     * @param rows       the staging rows from {@link #sums(List)}.
     * @throws SQLException when a statement fails.
     */
    static void merge(final Connection connection, final BinaryCopyRows rows) throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.execute(CREATE_STAGING);
            rows.copy(connection, COPY_STAGING);
            statement.executeUpdate(MERGE_HOURLY);
            statement.executeUpdate(MERGE_DAILY_KEY);
            statement.executeUpdate(MERGE_HOURLY_TOTAL);
            // Emptied at once (not only at commit) so that no later merge in this session can see them.
            statement.executeUpdate("TRUNCATE cdr_batch_sums");
        }
    }

    private static Map<Key, Sums> hourlySums(final List<BilledCall> calls)
    {
        final Map<Key, Sums> sums = new HashMap<>();
        for (final BilledCall call : calls)
        {
            final long hourMs = Instant.ofEpochMilli(call.inviteMs()).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
            final Sums callSums = sums.computeIfAbsent(
                new Key(HOURLY, hourMs, call.customerTrunk(), call.finalVendor(), call.destination()), k -> new Sums());
            callSums.calls++;
            if (call.answered())
            {
                callSums.answered++;
                callSums.durationMs += call.durationMs();
                callSums.sellBilledS += call.revenue().billedSeconds();
                callSums.revenue += call.revenue().amountMicros();
            }
            for (final BilledAttempt attempt : call.attempts())
            {
                final Sums attemptSums = sums.computeIfAbsent(
                    new Key(HOURLY, hourMs, call.customerTrunk(), attempt.vendorTrunk(), call.destination()),
                    k -> new Sums());
                attemptSums.attempts++;
                attemptSums.buyBilledS += attempt.cost().billedSeconds();
                attemptSums.cost += attempt.cost().amountMicros();
            }
        }
        return sums;
    }
}
