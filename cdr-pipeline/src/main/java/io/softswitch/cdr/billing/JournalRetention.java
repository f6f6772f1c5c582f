package io.softswitch.cdr.billing;

import net.openhft.chronicle.queue.RollCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes a journal queue's rolled files ({@code <cycle>.cq4}, named by the roll cycle's date
 * format, UTC) once they are both older than the retention and entirely billed: a file is
 * removed only when its cycle ended more than the retention ago and the billing position is in
 * a later cycle. Unbilled CDRs are never deleted, whatever the retention says.
 */
final class JournalRetention
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    private static final String SUFFIX = ".cq4";

    private JournalRetention()
    {
    }

    /**
     * Removes what may go.
     *
     * @param queueDirectory  the queue's directory.
     * @param rollCycle       its roll cycle.
     * @param committedCycle  the cycle of the last billed record (-1: nothing billed, nothing goes).
     * @param nowMs           the time now.
     * @param retention       how long files are kept after their cycle ends.
     * @return the files deleted.
     */
    static List<Path> sweep(final Path queueDirectory, final RollCycle rollCycle, final int committedCycle,
        final long nowMs, final Duration retention)
    {
        final List<Path> deleted = new ArrayList<>();
        if (committedCycle < 0)
        {
            return deleted;
        }
        final DateTimeFormatter format = new DateTimeFormatterBuilder().appendPattern(rollCycle.format())
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter();
        final long lengthMs = rollCycle.lengthInMillis();
        try (Stream<Path> files = Files.list(queueDirectory))
        {
            for (final Path file : files.toList())
            {
                final String name = file.getFileName().toString();
                if (!name.endsWith(SUFFIX))
                {
                    continue;
                }
                final long startMs;
                try
                {
                    startMs = LocalDateTime.parse(name.substring(0, name.length() - SUFFIX.length()), format)
                        .toInstant(ZoneOffset.UTC).toEpochMilli();
                }
                catch (final DateTimeParseException ex)
                {
                    // Not a cycle file of this roll cycle (a weekly cycle's name, a stray file): kept.
                    continue;
                }
                final long cycle = Math.floorDiv(startMs, lengthMs);
                final long endMs = startMs + lengthMs;
                if (cycle < committedCycle && endMs + retention.toMillis() <= nowMs)
                {
                    Files.deleteIfExists(file);
                    deleted.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("journal retention sweep failed: dir={}: {}", queueDirectory, ex.toString());
        }
        if (!deleted.isEmpty())
        {
            LOG.info("journal retention removed {} billed file(s) from {}", deleted.size(), queueDirectory);
        }
        return deleted;
    }
}
