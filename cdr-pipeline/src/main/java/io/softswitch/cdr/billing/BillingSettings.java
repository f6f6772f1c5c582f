package io.softswitch.cdr.billing;

import io.softswitch.cdr.JournalSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * How the billing tailer runs.
 *
 * @param journal      the journal it reads (directory, node id, roll cycle, retention).
 * @param batchSize    most calls per transaction.
 * @param idlePoll     how long to wait when the journal has nothing new.
 * @param maxBackoff   longest wait between retries when PostgreSQL fails.
 */
public record BillingSettings(JournalSettings journal, int batchSize, Duration idlePoll, Duration maxBackoff)
{
    /** Default calls per transaction. */
    public static final int DEFAULT_BATCH_SIZE = 10_000;

    /**
     * Validates the settings.
     */
    public BillingSettings
    {
        Objects.requireNonNull(journal, "journal");
        if (batchSize < 1 || idlePoll.isNegative() || maxBackoff.isNegative())
        {
            throw new IllegalArgumentException("bad billing settings: batchSize=" + batchSize);
        }
    }

    /**
     * Defaults: 10,000 calls per batch, 50 ms idle poll, 30 s longest backoff.
     *
     * @param journal the journal.
     * @return the settings.
     */
    public static BillingSettings defaults(final JournalSettings journal)
    {
        return new BillingSettings(journal, DEFAULT_BATCH_SIZE, Duration.ofMillis(50), Duration.ofSeconds(30));
    }
}
