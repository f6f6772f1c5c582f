package io.softswitch.cdr.billing;

import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * The billing reader's place in one journal queue: the Chronicle tailer, and the index of the
 * last record committed to PostgreSQL when the reader last resumed. Records at or before that
 * index are skipped whatever the tailer's position, which is what keeps a rewind from billing
 * anything twice. The tailer is the reading thread's alone; the queue itself (backlog, retention)
 * may be used from the writer's.
 */
final class JournalCursor implements AutoCloseable
{
    final String name;
    final Path directory;
    final SingleChronicleQueue queue;
    final ExcerptTailer tailer;
    long committed = -1;

    JournalCursor(final String name, final Path directory, final JournalSettings settings)
    {
        this.name = name;
        this.directory = directory;
        this.queue = SingleChronicleQueueBuilder.binary(directory).rollCycle(settings.roll()).build();
        this.tailer = queue.createTailer();
    }

    /**
     * Moves the tailer to just after the committed record (or to the start).
     *
     * @param lastCommitted the committed index, -1 for none.
     */
    void resumeAfter(final long lastCommitted)
    {
        committed = lastCommitted;
        if (lastCommitted < 0 || !tailer.moveToIndex(lastCommitted))
        {
            // A file that retention removed held only billed records: they are skipped by index.
            tailer.toStart();
        }
    }

    /**
     * Records in the queue after the committed one.
     *
     * @param committed the last index committed, -1 for none.
     * @return the backlog of this queue.
     */
    long backlog(final long committed)
    {
        final long last = queue.lastIndex();
        if (last < 0)
        {
            return 0;
        }
        if (committed < 0)
        {
            return queue.entryCount();
        }
        if (last <= committed)
        {
            return 0;
        }
        return Math.max(0, queue.countExcerpts(committed, last));
    }

    /**
     * The end time of the first record after the committed one, read with a tailer of its own so
     * that the billing tailer's position is left alone.
     *
     * @param scratch   a record to read it into.
     * @param committed the last index committed, -1 for none.
     * @return its end time (epoch ms), or 0 when there is none.
     */
    long firstUnbilledEndMs(final CdrRecord scratch, final long committed)
    {
        try (ExcerptTailer peek = queue.createTailer())
        {
            if (committed >= 0 && !peek.moveToIndex(committed))
            {
                peek.toStart();
            }
            while (true)
            {
                try (DocumentContext dc = peek.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return 0;
                    }
                    if (dc.index() > committed)
                    {
                        scratch.readMarshallable(dc.wire().bytes());
                        return scratch.endEpochMs();
                    }
                }
            }
        }
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }
}
