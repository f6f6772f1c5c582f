package io.softswitch.cdr.billing;

import io.softswitch.cdr.CdrRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;

/**
 * How far the billing tailer is behind its journal: records not yet billed, and the age of the
 * oldest of them. Written by the tailer's threads (the reader dates what it reads, the writer
 * measures after each commit), read by the metrics' (hence volatile).
 */
final class BillingBacklog
{
    private static final Logger LOG = LoggerFactory.getLogger(BillingBacklog.class);

    private final Clock clock;
    private volatile long records;
    private volatile long behindSinceMs;
    private long lastCommittedEndMs;

    BillingBacklog(final Clock clock)
    {
        this.clock = clock;
    }

    long records()
    {
        return records;
    }

    long seconds()
    {
        final long since = behindSinceMs;
        return records == 0 || since == 0 ? 0 : Math.max(0, (clock.millis() - since) / 1000);
    }

    /** A record read for the batch: the first of a batch, or the first since caught up, dates the backlog. */
    void read(final long endMs, final boolean firstOfBatch)
    {
        if (behindSinceMs == 0 || firstOfBatch)
        {
            behindSinceMs = endMs;
        }
    }

    /** A batch committed: what is left is dated from the last billed call's end. */
    void committed(final long batchEndMs, final Collection<JournalCursor> cursors, final Map<String, Long> committed,
        final CdrRecord scratch)
    {
        lastCommittedEndMs = Math.max(lastCommittedEndMs, batchEndMs);
        measure(cursors, committed, scratch);
        behindSinceMs = records == 0 ? 0 : lastCommittedEndMs;
    }

    /** Counts the records after every queue's committed one. */
    void measure(final Collection<JournalCursor> cursors, final Map<String, Long> committed, final CdrRecord scratch)
    {
        long total = 0;
        for (final JournalCursor cursor : cursors)
        {
            try
            {
                total += cursor.backlog(committed.getOrDefault(cursor.name, -1L));
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("backlog of {} not measured: {}", cursor.name, ex.toString());
            }
        }
        if (total > 0 && behindSinceMs == 0)
        {
            // Behind without a batch read (PostgreSQL down before the first read): the age is
            // that of the oldest record waiting, not 0. Dated before the count is published, so
            // that no reader sees records waiting with no age.
            behindSinceMs = oldestUnbilledEndMs(cursors, committed, scratch);
        }
        records = total;
    }

    private long oldestUnbilledEndMs(final Collection<JournalCursor> cursors, final Map<String, Long> committed,
        final CdrRecord scratch)
    {
        long oldest = Long.MAX_VALUE;
        for (final JournalCursor cursor : cursors)
        {
            try
            {
                final long endMs = cursor.firstUnbilledEndMs(scratch, committed.getOrDefault(cursor.name, -1L));
                if (endMs > 0)
                {
                    oldest = Math.min(oldest, endMs);
                }
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("oldest record of {} not read: {}", cursor.name, ex.toString());
            }
        }
        return oldest == Long.MAX_VALUE ? clock.millis() : oldest;
    }
}
