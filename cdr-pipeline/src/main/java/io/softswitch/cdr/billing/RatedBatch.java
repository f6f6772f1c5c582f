package io.softswitch.cdr.billing;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * One batch read from the journal and rated, ready for the database: its rows already encoded
 * for binary {@code COPY} (CDRs, attempts, aggregate sums), the day partitions they go to, and
 * per queue the index of its last record, to be committed in the same transaction.
 *
 * @param epoch       the reader's epoch: a batch read before the writer last resumed is dropped.
 * @param calls       calls in the batch.
 * @param cdrRows     the {@code cdr} rows.
 * @param attemptRows the {@code cdr_attempt} rows (empty when no call had an attempt).
 * @param aggregates  the batch's sums for the aggregate tables.
 * @param positions   per queue, the index of the batch's last record.
 * @param days        UTC days of the calls' starts.
 * @param batchEndMs  latest end time in the batch.
 * @param unratedSell answered calls without a sell rate.
 * @param unratedBuy  answered attempts without a buy rate.
 */
record RatedBatch(long epoch, int calls, BinaryCopyRows cdrRows, BinaryCopyRows attemptRows, BatchAggregates aggregates,
    Map<String, Long> positions, Set<LocalDate> days, long batchEndMs, int unratedSell, int unratedBuy)
{
}
