package io.softswitch.app.config;

import io.softswitch.cdr.billing.BillingPacer;
import io.softswitch.cdr.billing.BillingSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code cdr} block: whether calls are journaled, where and under which node id, how the
 * journal rolls and how long billed files are kept, the free-space floor below which new calls
 * are refused, and whether this process runs the billing tailer.
 *
 * @param enabled             journal every ended call.
 * @param journalDirectory    the journal root (one queue per event loop below it).
 * @param nodeId              this node's id in CDRs and billing positions.
 * @param rollCycle           Chronicle roll cycle name ({@code FAST_HOURLY}, {@code FAST_DAILY} ...).
 * @param retention           how long billed journal files are kept.
 * @param freeSpaceFloorBytes usable bytes below which new calls get 503.
 * @param billing             run the billing tailer into the configured database.
 * @param batchSize           calls per billing transaction.
 * @param billingMaxDefer     the longest billing waits for the event loops under pressure before it
 *                            bills anyway (zero: it never waits).
 */
public record CdrSettings(boolean enabled, Path journalDirectory, String nodeId, String rollCycle,
    Duration retention, long freeSpaceFloorBytes, boolean billing, int batchSize, Duration billingMaxDefer)
{
    /** Default node id. */
    public static final String DEFAULT_NODE_ID = "node-1";

    /**
     * Validates the settings.
     */
    public CdrSettings
    {
        Objects.requireNonNull(journalDirectory, "journalDirectory");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(billingMaxDefer, "billingMaxDefer");
    }

    /**
     * The defaults for a database kept in {@code dataDirectory}: the journal beside it
     * ({@code data/postgres} gives {@code data/cdr}).
     *
     * @param database the database settings.
     * @return the settings.
     */
    public static CdrSettings defaults(final DatabaseSettings database)
    {
        final Path parent = database.dataDirectory().toAbsolutePath().getParent();
        return new CdrSettings(true, parent == null ? Path.of("data", "cdr") : parent.resolve("cdr"), DEFAULT_NODE_ID,
            "FAST_HOURLY", Duration.ofDays(7), 512L * 1024 * 1024, true, BillingSettings.DEFAULT_BATCH_SIZE,
            BillingPacer.DEFAULT_MAX_DEFER);
    }
}
