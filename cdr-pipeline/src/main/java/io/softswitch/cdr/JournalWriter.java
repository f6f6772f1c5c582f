package io.softswitch.cdr;

import io.micrometer.core.instrument.Counter;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The appender of one event loop's journal queue: single writer (the loop that owns it), so no
 * lock is taken between loops and nothing is allocated per record once the appender exists.
 *
 * <p>A record is one Chronicle document, written in place into the memory-mapped queue file:
 * once {@link #append} returns, the record is in the operating system's page cache and survives
 * a crash ({@code kill -9}) of the switch; it reaches the disk when the kernel writes it back.
 */
public final class JournalWriter
{
    private static final VarHandle WRITTEN_UP_TO;
    private static final VarHandle WRITTEN_CYCLE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITTEN_UP_TO = lookup.findVarHandle(JournalWriter.class, "writtenUpTo", long.class);
            WRITTEN_CYCLE = lookup.findVarHandle(JournalWriter.class, "writtenCycle", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final CdrJournal journal;
    private final SingleChronicleQueue queue;
    private final String queueName;
    private final Counter appended;
    private final Counter failed;
    private final Counter truncated;
    private final ExcerptAppender appender;
    private boolean bound;
    private long lastIndex = -1;
    /** Where the last record ends in its cycle's file, published for the pre-toucher. */
    @SuppressWarnings("unused")
    private long writtenUpTo;
    @SuppressWarnings("unused")
    private int writtenCycle;

    JournalWriter(final CdrJournal journal, final SingleChronicleQueue queue, final String queueName,
        final Counter appended, final Counter failed, final Counter truncated)
    {
        this.journal = journal;
        this.queue = queue;
        this.queueName = queueName;
        this.appended = appended;
        this.failed = failed;
        this.truncated = truncated;
        // Opened here, on the thread that opens the journal, so that the loop's first call end
        // does not pay for it; the loop binds it to itself on its first append.
        this.appender = queue.createAppender();
    }

    /**
     * Appends a call's CDR and its attempts as one document.
     *
     * @param record the filled record; read only during the call.
     * @return true when written; false when the write failed (counted, logged, and the journal
     *         then reports itself unwritable so that new calls are refused).
     */
    public boolean append(final CdrRecord record)
    {
        try
        {
            if (!bound)
            {
                // Chronicle checks that one thread uses an appender: from now on, the loop's.
                appender.singleThreadedCheckReset();
                bound = true;
            }
            final DocumentContext context = appender.writingDocument();
            final long end;
            try
            {
                record.writeMarshallable(context.wire().bytes());
                end = context.wire().bytes().writePosition();
            }
            catch (final RuntimeException ex)
            {
                context.rollbackOnClose();
                throw ex;
            }
            finally
            {
                context.close();
            }
            lastIndex = appender.lastIndexAppended();
            // Release stores: no fence on the loop; the pre-toucher reads them with acquire.
            WRITTEN_CYCLE.setRelease(this, appender.cycle());
            WRITTEN_UP_TO.setRelease(this, end);
        }
        catch (final RuntimeException ex)
        {
            failed.increment();
            journal.onAppendFailure(queueName, ex);
            return false;
        }
        appended.increment();
        if (record.truncated())
        {
            truncated.increment();
        }
        journal.onAppendSuccess();
        return true;
    }

    /**
     * The queue's name under the journal root (e.g. {@code loop-0}).
     *
     * @return the name.
     */
    public String queueName()
    {
        return queueName;
    }

    /**
     * Index of the last record this writer appended.
     *
     * @return the Chronicle index, or -1 before the first append.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * The file offset where the last appended record ends, in {@link #writtenCycle()}'s file.
     *
     * @return the offset, 0 before the first append.
     */
    long writtenUpTo()
    {
        return (long)WRITTEN_UP_TO.getAcquire(this);
    }

    /**
     * The roll cycle of the last appended record.
     *
     * @return the cycle.
     */
    int writtenCycle()
    {
        return (int)WRITTEN_CYCLE.getAcquire(this);
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    void close()
    {
        appender.close();
        queue.close();
    }
}
