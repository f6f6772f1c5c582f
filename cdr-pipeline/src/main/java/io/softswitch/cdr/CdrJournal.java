package io.softswitch.cdr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The CDR journal of one switch node: one Chronicle Queue per event loop under one root
 * directory ({@code loop-0}, {@code loop-1}, ...), each written by its loop alone through a
 * {@link JournalWriter}, all read by the billing tailer.
 *
 * <p>The journal watches its disk: when the usable space falls below the configured floor, or an
 * append fails, {@link #writable()} turns false (logged, a gauge, the health text), and the
 * switch refuses new calls with 503 while calls in progress still end and are journaled in the
 * room the floor keeps.
 */
public final class CdrJournal implements AutoCloseable
{
    /** Prefix of each queue's directory name. */
    public static final String QUEUE_PREFIX = "loop-";
    /**
     * Records between two index entries of a queue file. Chronicle's default for the hourly
     * cycles (256) makes every 256th append find the position to index by scanning back over the
     * 255 records before it, cold in cache when calls are paced: 14-17 µs for that append against
     * under 1 µs for the others (docs/journal.md). At 16 the scan is 15 records and the index costs
     * half a byte per record.
     */
    static final int INDEX_SPACING = 16;

    private static final Logger LOG = LoggerFactory.getLogger(CdrJournal.class);

    private final JournalSettings settings;
    private final Path root;
    private final Counter appended;
    private final Counter failed;
    private final Counter truncated;
    private final List<JournalWriter> writers = new ArrayList<>();
    private final List<Boolean> threadBound = new ArrayList<>();
    private final ThreadLocal<JournalWriter> threadWriter = new ThreadLocal<>();
    private final ScheduledExecutorService diskWatch;
    private final JournalPretoucher pretoucher;
    private volatile long usableBytes = Long.MAX_VALUE;
    private volatile boolean appendFailed;
    private volatile boolean belowFloor;
    private boolean reportedUnwritable;

    private CdrJournal(final JournalSettings settings, final MeterRegistry registry, final boolean pretouch)
    {
        this.settings = settings;
        this.root = settings.directory().toAbsolutePath();
        this.appended = Counter.builder("softswitch.cdr.journal.appended")
            .description("Call CDRs (each with its attempts) appended to the journal").register(registry);
        this.failed = Counter.builder("softswitch.cdr.journal.append.failures")
            .description("CDR appends that failed (disk full, I/O error): the call's CDR is lost").register(registry);
        this.truncated = Counter.builder("softswitch.cdr.journal.truncated")
            .description("CDRs with a text field cut to its capacity, or attempts beyond the capacity").register(registry);
        Gauge.builder("softswitch.cdr.journal.disk.usable.bytes", this, j -> (double)j.usableBytes)
            .description("Usable bytes on the journal's file system").baseUnit("bytes").register(registry);
        Gauge.builder("softswitch.cdr.journal.writable", this, j -> j.writable() ? 1 : 0)
            .description("1 when the journal can take CDRs; 0 below the free-space floor or after a failed append (new calls refused)")
            .register(registry);
        this.diskWatch = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "cdr-disk-watch");
            thread.setDaemon(true);
            return thread;
        });
        this.pretoucher = pretouch ? new JournalPretoucher(this) : null;
    }

    /**
     * Opens (creating when missing) the journal root, starts watching its disk and pre-touching
     * the pages ahead of its writers ({@link JournalPretoucher}).
     *
     * @param settings the journal settings.
     * @param registry where the journal's meters go.
     * @return the journal.
     */
    public static CdrJournal open(final JournalSettings settings, final MeterRegistry registry)
    {
        return open(settings, registry, true);
    }

    /**
     * Opens (creating when missing) the journal root and starts watching its disk.
     *
     * @param settings the journal settings.
     * @param registry where the journal's meters go.
     * @param pretouch whether a thread faults in the pages ahead of the writers (the switch: yes;
     *                 off only to measure what it changes).
     * @return the journal.
     */
    public static CdrJournal open(final JournalSettings settings, final MeterRegistry registry,
        final boolean pretouch)
    {
        final CdrJournal journal = new CdrJournal(settings, registry, pretouch);
        try
        {
            Files.createDirectories(journal.root);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create CDR journal directory: dir=" + journal.root, ex);
        }
        journal.checkDisk();
        final long periodMs = settings.diskCheckInterval().toMillis();
        journal.diskWatch.scheduleWithFixedDelay(journal::checkDisk, periodMs, periodMs, TimeUnit.MILLISECONDS);
        if (journal.pretoucher != null)
        {
            journal.pretoucher.start();
        }
        return journal;
    }

    /**
     * The writer of queue {@code loop-N}, opened on first request. Each writer must be used by
     * one thread only.
     *
     * @param loop the event loop's index.
     * @return the writer.
     */
    public synchronized JournalWriter writer(final int loop)
    {
        if (loop < 0 || loop > 4096)
        {
            throw new IllegalArgumentException("bad loop index: loop=" + loop);
        }
        while (writers.size() <= loop)
        {
            writers.add(null);
            threadBound.add(Boolean.FALSE);
        }
        JournalWriter writer = writers.get(loop);
        if (writer == null)
        {
            final String name = QUEUE_PREFIX + loop;
            final SingleChronicleQueue queue = openQueue(root.resolve(name), settings);
            writer = new JournalWriter(this, queue, name, appended, failed, truncated);
            writers.set(loop, writer);
        }
        return writer;
    }

    /**
     * Opens the writers of {@code loop-0} to {@code loop-(count-1)} now, on the calling thread:
     * Chronicle's first use (class loading, mapping the queue files) then happens at start, not
     * on an event loop at its first call's end.
     *
     * @param count how many event loops will write.
     */
    public synchronized void prepareWriters(final int count)
    {
        for (int loop = 0; loop < count; loop++)
        {
            writer(loop);
        }
    }

    /**
     * The writer of the calling thread: each thread that asks gets a queue of its own (the
     * first {@code loop-N} no other thread has taken) and keeps it; for event loops that do not
     * know their index.
     *
     * @return the thread's writer.
     */
    public JournalWriter writerForCurrentThread()
    {
        final JournalWriter writer = threadWriter.get();
        if (writer != null)
        {
            return writer;
        }
        return assignThreadWriterSlowPath();
    }

    /**
     * The writers opened so far.
     *
     * @return a copy of the list.
     */
    synchronized List<JournalWriter> openWriters()
    {
        final List<JournalWriter> open = new ArrayList<>(writers.size());
        for (final JournalWriter writer : writers)
        {
            if (writer != null)
            {
                open.add(writer);
            }
        }
        return open;
    }

    /**
     * How far the pre-toucher has touched a queue's current file.
     *
     * @param queueName e.g. {@code loop-0}.
     * @return the file offset, 0 when nothing was touched or pre-touching is off.
     */
    long pretouchedUpTo(final String queueName)
    {
        return pretoucher == null ? 0 : pretoucher.touchedUpTo(queueName);
    }

    /**
     * Whether new calls may be admitted: the disk is above its floor and the last append did not
     * fail. Read at admission; cheap (two volatile reads).
     *
     * @return true when CDRs can be written.
     */
    public boolean writable()
    {
        return !belowFloor && !appendFailed;
    }

    /**
     * The journal's health for {@code /health}: {@code ok}, or why it is not writable.
     *
     * @return the health text.
     */
    public String health()
    {
        if (belowFloor)
        {
            return "cdr journal disk below floor: usableBytes=" + usableBytes + " floorBytes=" +
                settings.freeSpaceFloorBytes() + " dir=" + root;
        }
        if (appendFailed)
        {
            return "cdr journal append failed: dir=" + root;
        }
        return "ok";
    }

    /**
     * The journal's settings.
     *
     * @return the settings.
     */
    public JournalSettings settings()
    {
        return settings;
    }

    /**
     * Measures the free space now (also done every disk-check interval).
     */
    public void checkDisk()
    {
        try
        {
            usableBytes = Files.getFileStore(root).getUsableSpace();
        }
        catch (final IOException | RuntimeException ex)
        {
            // Unknown free space is treated as none: refusing calls is the safe side.
            usableBytes = 0;
            LOG.error("cannot measure CDR journal disk space: dir={}: {}", root, ex.toString());
        }
        belowFloor = usableBytes < settings.freeSpaceFloorBytes();
        reportTransition();
    }

    void onAppendFailure(final String queueName, final RuntimeException ex)
    {
        appendFailed = true;
        LOG.error("CDR append failed: queue={} dir={}: {}", queueName, root, ex.toString());
        reportTransition();
    }

    void onAppendSuccess()
    {
        if (appendFailed)
        {
            appendFailed = false;
        }
    }

    private synchronized void reportTransition()
    {
        final boolean unwritable = !writable();
        if (unwritable && !reportedUnwritable)
        {
            LOG.error("CDR journal NOT writable, new calls are refused with 503: {}", health());
        }
        else if (!unwritable && reportedUnwritable)
        {
            LOG.warn("CDR journal writable again: usableBytes={} dir={}", usableBytes, root);
        }
        reportedUnwritable = unwritable;
    }

    private synchronized JournalWriter assignThreadWriterSlowPath()
    {
        int loop = 0;
        while (loop < threadBound.size() && threadBound.get(loop))
        {
            loop++;
        }
        final JournalWriter writer = writer(loop);
        threadBound.set(loop, Boolean.TRUE);
        threadWriter.set(writer);
        return writer;
    }

    /**
     * Opens one queue of a journal with the settings' roll cycle.
     *
     * @param directory the queue's directory.
     * @param settings  the journal settings.
     * @return the queue.
     */
    static SingleChronicleQueue openQueue(final Path directory, final JournalSettings settings)
    {
        return SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(settings.roll())
            .indexSpacing(INDEX_SPACING)
            .build();
    }

    /**
     * Closes every queue and stops the disk watch. Writers must no longer be used.
     */
    @Override
    public void close()
    {
        // Stopped before the queues close, outside the lock that openWriters() takes.
        if (pretoucher != null)
        {
            pretoucher.close();
        }
        closeQueues();
    }

    private synchronized void closeQueues()
    {
        diskWatch.shutdownNow();
        for (final JournalWriter writer : writers)
        {
            if (writer != null)
            {
                writer.close();
            }
        }
        writers.clear();
        threadBound.clear();
    }
}
