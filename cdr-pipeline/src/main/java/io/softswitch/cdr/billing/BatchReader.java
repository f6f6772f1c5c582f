package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.Counter;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.rating.RateBook;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The billing tailer's reading side: finds the journal's queues, reads the next batch of calls
 * from them, rates each call and encodes the batch for the database ({@link RatedBatch}). One
 * thread reads (the Chronicle tailers are single-threaded); the queues' list can be looked at
 * from another (the writer measures the backlog and sweeps retention with it).
 */
final class BatchReader implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(BatchReader.class);

    private final JournalSettings journal;
    private final BillingBacklog backlog;
    private final Counter unreadable;
    private final Map<String, JournalCursor> cursors = new ConcurrentSkipListMap<>();
    private final CdrRecord record = new CdrRecord();
    private Map<String, Long> resumedFrom = Map.of();

    BatchReader(final JournalSettings journal, final BillingBacklog backlog, final Counter unreadable)
    {
        this.journal = journal;
        this.backlog = backlog;
        this.unreadable = unreadable;
    }

    /**
     * The queues found so far.
     *
     * @return the cursors, safe to iterate from another thread.
     */
    Collection<JournalCursor> cursors()
    {
        return cursors.values();
    }

    /**
     * Moves every queue to just after its committed record, dropping whatever was read ahead.
     *
     * @param committed per queue, the last index committed to the database (absent: none).
     */
    void resume(final Map<String, Long> committed)
    {
        resumedFrom = Map.copyOf(committed);
        for (final JournalCursor cursor : cursors.values())
        {
            cursor.resumeAfter(resumedFrom.getOrDefault(cursor.name, -1L));
        }
    }

    /**
     * Reads, rates and encodes the next batch.
     *
     * @param book      the rate decks' history.
     * @param batchSize most calls.
     * @param epoch     stamped on the batch.
     * @return the batch, or {@code null} when no queue had a new record.
     */
    RatedBatch read(final RateBook book, final int batchSize, final long epoch)
    {
        discoverQueues();
        final List<BilledCall> calls = new ArrayList<>();
        final Map<String, Long> positions = new LinkedHashMap<>();
        final Set<LocalDate> days = new HashSet<>();
        long batchEndMs = 0;
        int unratedSell = 0;
        int unratedBuy = 0;
        for (final JournalCursor cursor : cursors.values())
        {
            while (calls.size() < batchSize)
            {
                try (DocumentContext dc = cursor.tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final long index = dc.index();
                    if (index <= cursor.committed)
                    {
                        continue;
                    }
                    positions.put(cursor.name, index);
                    try
                    {
                        record.readMarshallable(dc.wire().bytes());
                    }
                    catch (final RuntimeException ex)
                    {
                        unreadable.increment();
                        LOG.error("unreadable CDR skipped: queue={} index={}: {}", cursor.name, index, ex.toString());
                        continue;
                    }
                    final BilledCall call = BilledCall.rate(cursor.name, index, record, book);
                    unratedSell += call.answered() && call.sellRate() == null ? 1 : 0;
                    unratedBuy += unratedAttempts(call);
                    calls.add(call);
                    days.add(LocalDate.ofInstant(Instant.ofEpochMilli(call.inviteMs()), ZoneOffset.UTC));
                    backlog.read(call.endMs(), calls.size() == 1);
                    batchEndMs = Math.max(batchEndMs, call.endMs());
                }
            }
        }
        if (positions.isEmpty())
        {
            return null;
        }
        return new RatedBatch(epoch, calls.size(), BillingBatchWriter.encodeCalls(calls),
            BillingBatchWriter.encodeAttempts(calls), BatchAggregates.of(calls), positions, days, batchEndMs,
            unratedSell, unratedBuy);
    }

    private static int unratedAttempts(final BilledCall call)
    {
        int unrated = 0;
        if (call.answered())
        {
            for (final BilledAttempt attempt : call.attempts())
            {
                unrated += attempt.answered() && attempt.buyRate() == null ? 1 : 0;
            }
        }
        return unrated;
    }

    /** Opens a cursor on every queue that appeared since the last look, at its committed position. */
    void discoverQueues()
    {
        final Path root = journal.directory().toAbsolutePath();
        if (!Files.isDirectory(root))
        {
            return;
        }
        try (Stream<Path> entries = Files.list(root))
        {
            for (final Path dir : entries.filter(Files::isDirectory).toList())
            {
                final String name = dir.getFileName().toString();
                if (name.startsWith(CdrJournal.QUEUE_PREFIX) && !cursors.containsKey(name))
                {
                    // A queue that appeared since the writer last resumed was not in the database then,
                    // and this tailer has committed nothing of it since: it starts where the database says.
                    final JournalCursor cursor = new JournalCursor(name, dir, journal);
                    cursor.resumeAfter(resumedFrom.getOrDefault(name, -1L));
                    cursors.put(name, cursor);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.error("cannot list CDR journal: dir={}: {}", root, ex.toString());
        }
    }

    @Override
    public void close()
    {
        cursors.values().forEach(JournalCursor::close);
        cursors.clear();
    }
}
