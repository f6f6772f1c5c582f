package io.softswitch.cdr;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Faults in the pages of each journal queue's current file just ahead of its writer, on a thread
 * of its own, so that an event loop's append finds the page already in the page cache, allocated
 * and dirty, instead of taking that fault (page allocation, zeroing, the file system's block
 * reservation, and the dirty-page throttling that comes with dirtying a new page) in the middle of
 * a call's end.
 *
 * <p>It maps the file itself (its own mapping of the same page-cache pages, never the appender's,
 * which Chronicle may unmap at any time) and asks the kernel to fault that range in writable,
 * as a write would, without writing ({@code madvise(MADV_POPULATE_WRITE)}, Linux 5.14 and later):
 * no byte of the file changes, so racing the writer is harmless, and a failure (no room for the
 * blocks, an older kernel) is an error code rather than the SIGBUS a touching write would take.
 * It works only below the file's current length and not while the journal is below its
 * free-space floor, and it stays clear of the pages the writer is about to reach (both faulting
 * the same page would make the writer wait). The writer still takes a minor fault per page to
 * map it into its own mapping; the costly part has been done here.
 *
 * <p>Chronicle Queue's own pre-toucher (creating the next cycle's file early, too) is in its
 * commercial release; the open-source {@code microTouch()} touches the next page on the writer's
 * own thread, which moves the fault to between two calls on the same loop rather than off it.
 */
final class JournalPretoucher implements AutoCloseable
{
    /** How far ahead of each writer pages are kept faulted in. */
    static final long LOOKAHEAD_BYTES = 1L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(JournalPretoucher.class);
    private static final long PAGE = 4096;
    private static final long INTERVAL_NS = 5_000_000L;
    /** Linux 5.14+: fault the range in writable, as a write would, without writing. */
    private static final int MADV_POPULATE_WRITE = 23;
    private static final MethodHandle MADVISE = madvise();

    private final CdrJournal journal;
    private final Thread thread;
    private final Map<String, Long> touchedUpTo = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    JournalPretoucher(final CdrJournal journal)
    {
        this.journal = journal;
        this.thread = new Thread(this::run, "cdr-journal-pretoucher");
        thread.setDaemon(true);
    }

    void start()
    {
        if (MADVISE != null)
        {
            thread.start();
        }
    }

    private static MethodHandle madvise()
    {
        try
        {
            final Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.info("CDR journal not pre-touched: madvise unavailable ({})", ex.toString());
            return null;
        }
    }

    private void run()
    {
        final Map<JournalWriter, Target> targets = new IdentityHashMap<>();
        try
        {
            while (running)
            {
                if (journal.writable())
                {
                    final List<JournalWriter> writers = journal.openWriters();
                    for (final JournalWriter writer : writers)
                    {
                        final Target target = targets.computeIfAbsent(writer, w -> new Target());
                        target.touchAhead(writer);
                        touchedUpTo.put(writer.queueName(), target.touchedUpTo);
                    }
                }
                LockSupport.parkNanos(INTERVAL_NS);
            }
        }
        finally
        {
            targets.values().forEach(Target::unmap);
        }
    }

    /**
     * How far the current file of a queue has been touched.
     *
     * @param queueName e.g. {@code loop-0}.
     * @return the file offset up to which its pages were touched, 0 before any.
     */
    long touchedUpTo(final String queueName)
    {
        return touchedUpTo.getOrDefault(queueName, 0L);
    }

    /**
     * Stops the thread and unmaps its mappings (the queue files stay as they are).
     */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** One queue's current file as mapped here, and how far it has been touched. */
    private static final class Target
    {
        private int cycle = Integer.MIN_VALUE;
        private File file;
        private Arena arena;
        private MemorySegment mapped;
        private long touchedUpTo;
        private long lastWrittenUpTo;
        private long length;

        void touchAhead(final JournalWriter writer)
        {
            final long writtenUpTo = writer.writtenUpTo();
            if (writtenUpTo <= 0)
            {
                return;
            }
            try
            {
                final int writtenCycle = writer.writtenCycle();
                if (writtenCycle != cycle)
                {
                    unmap();
                    file = cycleFile(writer.queue(), writtenCycle);
                    cycle = writtenCycle;
                    touchedUpTo = 0;
                    lastWrittenUpTo = 0;
                    length = 0;
                }
                if (file == null)
                {
                    return;
                }
                touch(writtenUpTo);
            }
            catch (final IOException | RuntimeException ex)
            {
                // Only latency is at stake: the writer faults the pages in itself.
                LOG.warn("journal pre-touch skipped: queue={} cycle={}: {}", writer.queueName(), cycle, ex.toString());
                unmap();
                file = null;
            }
        }

        private void touch(final long writtenUpTo) throws IOException
        {
            // Touching a page the writer is about to fault in itself makes both wait on the same
            // page: keep twice the writer's progress since the last pass clear of it (a writer
            // faster than the look-ahead per pass is left alone).
            final long moved = Math.max(0, writtenUpTo - lastWrittenUpTo);
            lastWrittenUpTo = writtenUpTo;
            if (length < writtenUpTo + LOOKAHEAD_BYTES)
            {
                // Asked again only when the look-ahead reaches past what was last seen: a file
                // only grows (Chronicle extends it by chunks), so a stale length is a safe one.
                length = file.length();
            }
            final long end = Math.min(length, writtenUpTo + LOOKAHEAD_BYTES) & -PAGE;
            final long page = Math.max(touchedUpTo, (writtenUpTo + 2 * moved + PAGE - 1) & -PAGE);
            if (page >= end)
            {
                return;
            }
            if (mapped == null || mapped.byteSize() < end)
            {
                unmap();
                arena = Arena.ofConfined();
                try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ,
                    StandardOpenOption.WRITE))
                {
                    mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
                }
            }
            final int result;
            try
            {
                result = (int)MADVISE.invokeExact(mapped.asSlice(page), end - page, MADV_POPULATE_WRITE);
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("madvise failed", ex);
            }
            if (result != 0)
            {
                // Kernel before 5.14, or no room for the blocks: an error, never a SIGBUS.
                throw new IOException("madvise(MADV_POPULATE_WRITE) refused: offset=" + page + " length=" + (end - page));
            }
            touchedUpTo = end;
        }

        void unmap()
        {
            if (arena != null)
            {
                arena.close();
            }
            arena = null;
            mapped = null;
        }

        private static File cycleFile(final SingleChronicleQueue queue, final int cycle)
        {
            final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            if (store == null)
            {
                return null;
            }
            try
            {
                return store.currentFile();
            }
            finally
            {
                queue.closeStore(store);
            }
        }
    }
}
