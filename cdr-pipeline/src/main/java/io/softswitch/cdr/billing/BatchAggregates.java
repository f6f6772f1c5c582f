package io.softswitch.cdr.billing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One batch of rated calls summed for the aggregates: the sums are made in memory first, on the
 * reader's side (hourly per customer, vendor and destination; daily per key of each dimension;
 * hourly totals), so that each aggregate row is touched once per batch. Inside the writer's
 * transaction the keys' names become their ids ({@link CdrNames}), the sums go by one
 * {@code COPY} to a temporary staging table and are merged by one set-based upsert per aggregate
 * table, in key order so that two nodes' tailers take row locks in the same order and never
 * deadlock.
 */
final class BatchAggregates
{
    private static final long DAY_MS = 86_400_000L;
    private static final int HOURLY = 0;
    private static final int DAILY_KEY = 1;
    private static final int HOURLY_TOTAL = 2;
    /** {@code cdr_daily_sums.dimension}: customer, vendor, destination. */
    private static final int CUSTOMER = 0;
    private static final int VENDOR = 1;
    private static final int DESTINATION = 2;
    private static final String SUMS = "calls, attempts, answered, duration_ms, sell_billed_s, buy_billed_s, revenue, cost";
    private static final String ADD_SUMS = "calls = %1$s.calls + EXCLUDED.calls, " +
        "attempts = %1$s.attempts + EXCLUDED.attempts, answered = %1$s.answered + EXCLUDED.answered, " +
        "duration_ms = %1$s.duration_ms + EXCLUDED.duration_ms, " +
        "sell_billed_s = %1$s.sell_billed_s + EXCLUDED.sell_billed_s, " +
        "buy_billed_s = %1$s.buy_billed_s + EXCLUDED.buy_billed_s, " +
        "revenue = %1$s.revenue + EXCLUDED.revenue, cost = %1$s.cost + EXCLUDED.cost";
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS cdr_batch_id_sums (" +
        "target SMALLINT NOT NULL, bucket TIMESTAMPTZ NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL, " +
        "c INTEGER NOT NULL, calls BIGINT NOT NULL, attempts BIGINT NOT NULL, answered BIGINT NOT NULL, " +
        "duration_ms BIGINT NOT NULL, sell_billed_s BIGINT NOT NULL, buy_billed_s BIGINT NOT NULL, " +
        "revenue NUMERIC(24, 6) NOT NULL, cost NUMERIC(24, 6) NOT NULL) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY cdr_batch_id_sums (target, bucket, a, b, c, " + SUMS + ") " +
        "FROM STDIN (FORMAT binary)";
    private static final int STAGING_COLUMNS = 13;
    private static final String MERGE_HOURLY = "INSERT INTO cdr_hourly_sums (hour, customer_id, vendor_id, " +
        "destination_id, " + SUMS + ") SELECT bucket, a, b, c, " + SUMS + " FROM cdr_batch_id_sums WHERE target = " +
        HOURLY + " ORDER BY bucket, a, b, c ON CONFLICT (hour, customer_id, vendor_id, destination_id) " +
        "DO UPDATE SET " + ADD_SUMS.formatted("cdr_hourly_sums");
    private static final String MERGE_DAILY_KEY = "INSERT INTO cdr_daily_sums (dimension, day, key_id, " + SUMS +
        ") SELECT a, (bucket AT TIME ZONE 'UTC')::date, b, " + SUMS + " FROM cdr_batch_id_sums WHERE target = " +
        DAILY_KEY + " ORDER BY a, bucket, b ON CONFLICT (dimension, day, key_id) DO UPDATE SET " +
        ADD_SUMS.formatted("cdr_daily_sums");
    private static final String MERGE_HOURLY_TOTAL = "INSERT INTO cdr_hourly_total (hour, " + SUMS + ") " +
        "SELECT bucket, " + SUMS + " FROM cdr_batch_id_sums WHERE target = " + HOURLY_TOTAL + " ORDER BY bucket " +
        "ON CONFLICT (hour) DO UPDATE SET " + ADD_SUMS.formatted("cdr_hourly_total");

    /**
     * An aggregate row's key: hourly (customer, vendor, destination), daily (dimension, key name)
     * or the hour's total (no names).
     */
    private record Key(int target, long bucketMs, int dimension, String a, String b, String c)
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

    private final Map<Key, Sums> sums;
    private final Set<String> names;

    private BatchAggregates(final Map<Key, Sums> sums, final Set<String> names)
    {
        this.sums = sums;
        this.names = names;
    }

    /**
     * Sums the calls for every aggregate table.
     *
     * @param calls the rated calls.
     * @return the batch's sums.
     */
    static BatchAggregates of(final List<BilledCall> calls)
    {
        final Map<Key, Sums> hourly = hourlySums(calls);
        final Map<Key, Sums> all = new HashMap<>(hourly);
        final Set<String> names = new HashSet<>();
        hourly.forEach((key, sums) ->
        {
            names.add(key.a());
            names.add(key.b());
            names.add(key.c());
            final long dayMs = Math.floorDiv(key.bucketMs(), DAY_MS) * DAY_MS;
            all.computeIfAbsent(new Key(DAILY_KEY, dayMs, CUSTOMER, key.a(), "", ""), k -> new Sums()).add(sums);
            all.computeIfAbsent(new Key(DAILY_KEY, dayMs, VENDOR, key.b(), "", ""), k -> new Sums()).add(sums);
            all.computeIfAbsent(new Key(DAILY_KEY, dayMs, DESTINATION, key.c(), "", ""), k -> new Sums()).add(sums);
            all.computeIfAbsent(new Key(HOURLY_TOTAL, key.bucketMs(), 0, "", "", ""), k -> new Sums()).add(sums);
        });
        return new BatchAggregates(all, names);
    }

    /**
     * The trunk names and destinations the batch's aggregate rows are keyed by.
     *
     * @return the names.
     */
    Set<String> names()
    {
        return names;
    }

    /**
     * Adds the batch's sums to every aggregate table. Does not commit.
     *
     * @param connection a connection in a transaction.
     * @param ids        the ids of {@link #names()}, already ensured.
     * @throws SQLException when a statement fails.
     */
    void merge(final Connection connection, final CdrNames ids) throws SQLException
    {
        final BinaryCopyRows rows = new BinaryCopyRows(STAGING_COLUMNS);
        sums.forEach((key, s) ->
        {
            rows.int2(key.target()).timestamptz(key.bucketMs());
            switch (key.target())
            {
                case HOURLY -> rows.int4(ids.id(key.a())).int4(ids.id(key.b())).int4(ids.id(key.c()));
                case DAILY_KEY -> rows.int4(key.dimension()).int4(ids.id(key.a())).int4(0);
                default -> rows.int4(0).int4(0).int4(0);
            }
            rows.int8(s.calls).int8(s.attempts).int8(s.answered).int8(s.durationMs).int8(s.sellBilledS)
                .int8(s.buyBilledS).numeric(s.revenue).numeric(s.cost);
            rows.endRow();
        });
        try (Statement statement = connection.createStatement())
        {
            statement.execute(CREATE_STAGING);
            rows.copy(connection, COPY_STAGING);
            statement.executeUpdate(MERGE_HOURLY);
            statement.executeUpdate(MERGE_DAILY_KEY);
            statement.executeUpdate(MERGE_HOURLY_TOTAL);
            // Emptied at once (not only at commit) so that no later merge in this session can see them.
            statement.executeUpdate("TRUNCATE cdr_batch_id_sums");
        }
    }

    private static Map<Key, Sums> hourlySums(final List<BilledCall> calls)
    {
        final Map<Key, Sums> sums = new HashMap<>();
        for (final BilledCall call : calls)
        {
            final long hourMs = Instant.ofEpochMilli(call.inviteMs()).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
            final Sums callSums = sums.computeIfAbsent(
                new Key(HOURLY, hourMs, 0, call.customerTrunk(), call.finalVendor(), call.destination()),
                k -> new Sums());
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
                    new Key(HOURLY, hourMs, 0, call.customerTrunk(), attempt.vendorTrunk(), call.destination()),
                    k -> new Sums());
                attemptSums.attempts++;
                attemptSums.buyBilledS += attempt.cost().billedSeconds();
                attemptSums.cost += attempt.cost().amountMicros();
            }
        }
        return sums;
    }
}
