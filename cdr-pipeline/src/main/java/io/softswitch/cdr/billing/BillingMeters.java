package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The billing tailer's meters: what it committed, what failed or was dropped and read again,
 * what could not be rated or decoded, and how far behind the journal it is.
 */
final class BillingMeters
{
    private final Counter billed;
    private final Counter batches;
    private final Counter failures;
    private final Counter dropped;
    private final Counter unratedSell;
    private final Counter unratedBuy;
    private final Counter unreadable;

    BillingMeters(final MeterRegistry registry, final BillingBacklog backlog)
    {
        billed = Counter.builder("softswitch.billing.cdrs")
            .description("Calls rated and committed to PostgreSQL by the billing tailer").register(registry);
        batches = Counter.builder("softswitch.billing.batches")
            .description("Billing transactions committed").register(registry);
        failures = Counter.builder("softswitch.billing.failures")
            .description("Billing batches that failed (database down, locked, restarted) and were retried").register(registry);
        dropped = Counter.builder("softswitch.billing.dropped.batches")
            .description("Batches read and rated ahead, dropped uncommitted after a failure and read again").register(registry);
        unreadable = Counter.builder("softswitch.billing.unreadable")
            .description("Journal records that could not be decoded and were skipped").register(registry);
        unratedSell = Counter.builder("softswitch.billing.unrated").tag("side", "sell")
            .description("Answered calls with no rate in force in the deck (stored with amount 0)").register(registry);
        unratedBuy = Counter.builder("softswitch.billing.unrated").tag("side", "buy")
            .description("Answered calls with no rate in force in the deck (stored with amount 0)").register(registry);
        Gauge.builder("softswitch.billing.backlog.records", backlog, b -> (double)b.records())
            .description("Journal records not yet committed to PostgreSQL").register(registry);
        Gauge.builder("softswitch.billing.backlog.seconds", backlog, b -> (double)b.seconds())
            .description("How far billing is behind: age of the oldest record not yet billed, 0 when caught up")
            .baseUnit("seconds").register(registry);
    }

    /** Counts a committed batch. */
    void committed(final RatedBatch batch)
    {
        billed.increment(batch.calls());
        batches.increment();
        unratedSell.increment(batch.unratedSell());
        unratedBuy.increment(batch.unratedBuy());
    }

    /** Counts a batch that failed in the database and will be retried. */
    void failed()
    {
        failures.increment();
    }

    /** Counts a batch read ahead and dropped uncommitted. */
    void dropped()
    {
        dropped.increment();
    }

    /** The counter of journal records that could not be decoded. */
    Counter unreadable()
    {
        return unreadable;
    }
}
