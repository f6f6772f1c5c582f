package io.softswitch.cdr.billing;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Deletes a journal queue's rolled files once they are both older than the retention and
 * entirely billed: a cycle's file is removed only when the cycle ended more than the retention
 * ago and the billing position is in a later cycle. Unbilled CDRs are never deleted, whatever the
 * retention says.
 *
 * <p>A file's cycle is read from its name: the name is parsed with the roll cycle's pattern, and
 * the cycle is the one, among that instant's and its neighbours, whose start, counted from the
 * queue's epoch and formatted as Chronicle names its files, gives the name back; a name that
 * matches no cycle (a stray file) is kept. Weekly cycles are refused by the configuration
 * ({@code JournalSettings.rollCycle}).
 */
final class JournalRetention
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    private static final String SUFFIX = ".cq4";
    private static final long NO_CYCLE = Long.MIN_VALUE;

    private JournalRetention()
    {
    }

    /**
     * Removes what may go from every queue, each up to its committed billing position.
     *
     * @param cursors   the queues.
     * @param committed the index of the last billed record per queue name (absent: nothing billed).
     * @param nowMs     the time now.
     * @param retention how long files are kept after their cycle ends.
     */
    static void sweepBilled(final Collection<JournalCursor> cursors, final Map<String, Long> committed,
        final long nowMs, final Duration retention)
    {
        for (final JournalCursor cursor : cursors)
        {
            final long last = committed.getOrDefault(cursor.name, -1L);
            if (last >= 0)
            {
                sweep(cursor.queue, cursor.queue.rollCycle().toCycle(last), nowMs, retention);
            }
        }
    }

    /**
     * Removes what may go.
     *
     * @param queue           the queue.
     * @param committedCycle  the cycle of the last billed record (-1: nothing billed, nothing goes).
     * @param nowMs           the time now.
     * @param retention       how long files are kept after their cycle ends.
     * @return the files deleted.
     */
    static List<Path> sweep(final SingleChronicleQueue queue, final int committedCycle, final long nowMs,
        final Duration retention)
    {
        final List<Path> deleted = new ArrayList<>();
        if (committedCycle < 0)
        {
            return deleted;
        }
        final RollCycle rollCycle = queue.rollCycle();
        final long lengthMs = rollCycle.lengthInMillis();
        final long epochMs = queue.epoch();
        final DateTimeFormatter names = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        final DateTimeFormatter parser = new DateTimeFormatterBuilder().appendPattern(rollCycle.format())
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0).toFormatter();
        final Path directory = queue.file().toPath();
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : files.toList())
            {
                final String name = file.getFileName().toString();
                if (!name.endsWith(SUFFIX))
                {
                    continue;
                }
                final long cycle = cycleOf(name.substring(0, name.length() - SUFFIX.length()), names, parser,
                    epochMs, lengthMs);
                if (cycle == NO_CYCLE)
                {
                    continue;
                }
                final long endMs = epochMs + (cycle + 1) * lengthMs;
                if (cycle < committedCycle && endMs + retention.toMillis() <= nowMs)
                {
                    Files.deleteIfExists(file);
                    deleted.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("journal retention sweep failed: dir={}: {}", directory, ex.toString());
        }
        if (!deleted.isEmpty())
        {
            LOG.info("journal retention removed {} billed file(s) from {}", deleted.size(), directory);
        }
        return deleted;
    }

    private static long cycleOf(final String stem, final DateTimeFormatter names, final DateTimeFormatter parser,
        final long epochMs, final long lengthMs)
    {
        final long approxMs;
        try
        {
            final TemporalAccessor parsed = parser.parse(stem);
            final LocalDate date = parsed.query(TemporalQueries.localDate());
            final LocalTime time = parsed.query(TemporalQueries.localTime());
            if (date == null)
            {
                return NO_CYCLE;
            }
            approxMs = date.atTime(time == null ? LocalTime.MIDNIGHT : time).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        catch (final DateTimeException ex)
        {
            return NO_CYCLE;
        }
        final long near = Math.floorDiv(approxMs - epochMs, lengthMs);
        for (long cycle = near - 1; cycle <= near + 1; cycle++)
        {
            if (names.format(Instant.ofEpochMilli(epochMs + cycle * lengthMs)).equals(stem))
            {
                return cycle;
            }
        }
        return NO_CYCLE;
    }
}
