package io.softswitch.cdr;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the CDR journal is kept: where, under which node id, how its files roll, how long rolled
 * files are kept once billed, and how much free disk space must remain before the switch refuses
 * new calls.
 *
 * @param directory            the journal root; one queue per event loop in its sub-directories.
 * @param nodeId               this switch node's id, written into every CDR (several nodes may
 *                             share one billing database).
 * @param rollCycle            Chronicle roll cycle name, e.g. {@code FAST_HOURLY}, {@code FAST_DAILY}.
 * @param retention            how long a rolled file is kept; it is deleted after that only once
 *                             billing has read past it.
 * @param freeSpaceFloorBytes  below this much usable space the journal reports itself unwritable.
 * @param diskCheckInterval    how often the free space is measured.
 */
public record JournalSettings(
    Path directory,
    String nodeId,
    String rollCycle,
    Duration retention,
    long freeSpaceFloorBytes,
    Duration diskCheckInterval)
{
    /** Default roll cycle: one file per hour per queue. */
    public static final String DEFAULT_ROLL_CYCLE = "FAST_HOURLY";

    /** The roll cycles a journal may use. */
    public static final String SUPPORTED = "FIVE_MINUTELY, TEN_MINUTELY, TWENTY_MINUTELY, HALF_HOURLY, FAST_HOURLY, " +
        "TWO_HOURLY, FOUR_HOURLY, SIX_HOURLY, FAST_DAILY";

    /** Default retention of billed files: 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /** Default free-space floor: 512 MiB, room for hours of CDRs at full load. */
    public static final long DEFAULT_FREE_SPACE_FLOOR_BYTES = 512L * 1024 * 1024;

    /** Default interval between free-space measurements. */
    public static final Duration DEFAULT_DISK_CHECK_INTERVAL = Duration.ofSeconds(1);

    /**
     * Validates the settings.
     */
    public JournalSettings
    {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(diskCheckInterval, "diskCheckInterval");
        if (nodeId == null || nodeId.isEmpty() || nodeId.length() > CdrLayout.MAX_NAME ||
            !nodeId.chars().allMatch(c -> c > ' ' && c < 0x7F))
        {
            throw new IllegalArgumentException("bad node id: nodeId=" + nodeId);
        }
        rollCycle(rollCycle);
        if (retention.isNegative() || freeSpaceFloorBytes < 0 || diskCheckInterval.isNegative() ||
            diskCheckInterval.isZero())
        {
            throw new IllegalArgumentException("bad journal settings: retention=" + retention +
                " freeSpaceFloorBytes=" + freeSpaceFloorBytes + " diskCheckInterval=" + diskCheckInterval);
        }
    }

    /**
     * Settings with the defaults for everything but the directory and node id.
     *
     * @param directory the journal root.
     * @param nodeId    the node id.
     * @return the settings.
     */
    public static JournalSettings defaults(final Path directory, final String nodeId)
    {
        return new JournalSettings(directory, nodeId, DEFAULT_ROLL_CYCLE, DEFAULT_RETENTION,
            DEFAULT_FREE_SPACE_FLOOR_BYTES, DEFAULT_DISK_CHECK_INTERVAL);
    }

    /**
     * The Chronicle roll cycle named.
     *
     * @param name e.g. {@code FAST_HOURLY} (case-insensitive).
     * @return the roll cycle.
     * @throws IllegalArgumentException for an unknown name, or {@code WEEKLY}: Chronicle Queue
     *                                  2026.4 cannot parse its own weekly file names
     *                                  ({@code 2026W48}, no day), so once retention has deleted a
     *                                  weekly file a tailer from the start finds nothing.
     */
    public static RollCycle rollCycle(final String name)
    {
        if (name == null)
        {
            throw new IllegalArgumentException("roll cycle missing");
        }
        final RollCycles cycle;
        try
        {
            cycle = RollCycles.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("unknown roll cycle: rollCycle=" + name + " (" + SUPPORTED + ")", ex);
        }
        if (cycle == RollCycles.WEEKLY)
        {
            throw new IllegalArgumentException("roll cycle not supported: rollCycle=" + name + " (Chronicle Queue " +
                "cannot list weekly files once retention removed one; use FAST_DAILY or shorter: " + SUPPORTED + ")");
        }
        return cycle;
    }

    /**
     * The roll cycle of these settings.
     *
     * @return the roll cycle.
     */
    public RollCycle roll()
    {
        return rollCycle(rollCycle);
    }
}
