package io.softswitch.app.config;

import io.softswitch.cdr.JournalSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Reads the top-level {@code cdr} block (see {@code docs/configuration.md}); every key is
 * optional.
 */
final class CdrConfigReader
{
    private static final Set<String> KEYS = Set.of("enabled", "journal-directory", "node-id", "roll-cycle",
        "retention-hours", "free-space-floor-mb", "billing", "batch-size", "billing-max-defer-seconds");

    private CdrConfigReader()
    {
    }

    static CdrSettings cdr(final ConfigNode cdr, final DatabaseSettings database, final Path base)
    {
        final CdrSettings defaults = CdrSettings.defaults(database);
        if (cdr == null)
        {
            return defaults;
        }
        cdr.allowOnly(KEYS);
        final boolean enabled = cdr.bool("enabled", defaults.enabled());
        final String directory = cdr.string("journal-directory", null);
        final String nodeId = cdr.string("node-id", defaults.nodeId());
        final String roll = cdr.string("roll-cycle", defaults.rollCycle());
        final int retentionHours = cdr.integer("retention-hours", (int)defaults.retention().toHours(), 1, 24 * 3650);
        final long floorMb = cdr.longInteger("free-space-floor-mb", defaults.freeSpaceFloorBytes() >> 20, 0,
            1L << 30);
        final boolean billing = cdr.bool("billing", defaults.billing());
        final int batchSize = cdr.integer("batch-size", defaults.batchSize(), 1, 100_000);
        final int maxDeferSeconds = cdr.integer("billing-max-defer-seconds", (int)defaults.billingMaxDefer().toSeconds(),
            0, 86_400);
        final Path journalDirectory = directory == null ? defaults.journalDirectory() :
            base == null ? Path.of(directory) : base.resolve(directory);
        return cdr.build(() ->
        {
            // The journal's own checks (node id characters, roll cycle name) with this key's position.
            JournalSettings.rollCycle(roll);
            new JournalSettings(journalDirectory, nodeId, roll, Duration.ofHours(retentionHours), floorMb << 20,
                JournalSettings.DEFAULT_DISK_CHECK_INTERVAL);
            return new CdrSettings(enabled, journalDirectory, nodeId, roll, Duration.ofHours(retentionHours),
                floorMb << 20, billing, batchSize, Duration.ofSeconds(maxDeferSeconds));
        });
    }
}
