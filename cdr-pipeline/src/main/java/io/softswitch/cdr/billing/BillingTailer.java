package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.rating.DeckHistory;
import io.softswitch.cdr.rating.RateBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The billing tailer, off the call path: it reads every queue of one node's CDR journal, rates
 * each call at the customer's and the answered vendor's deck in force at the call's start, and
 * writes CDRs, attempts, hourly aggregates and the queues' positions in one PostgreSQL
 * transaction per batch: exactly once.
 *
 * <p>Started, it is a pipeline of two threads: {@code billing-reader} reads, rates and encodes
 * batch N+1 ({@link BatchReader}) while {@code billing-writer} writes and commits batch N, with a
 * hand-off of one batch between them. Only the writer touches the database and only it commits
 * positions, each in its batch's transaction. When PostgreSQL fails (down, restarted, locked past
 * a statement timeout), the writer drops the batch and the connection, waits (doubling up to the
 * configured maximum), reads its committed positions back from the database and starts a new
 * epoch: the reader drops whatever it had read ahead and rewinds to those positions, and batches
 * of an older epoch still in the hand-off are dropped. The journal holds the backlog meanwhile
 * and calls are not affected. {@link #pollOnce()} runs one batch on the caller's thread instead.
 */
public final class BillingTailer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(BillingTailer.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long BACKLOG_MEASURE_INTERVAL_MS = 1_000;
    private static final long RETENTION_SWEEP_INTERVAL_MS = 60_000;
    private static final long HAND_OFF_WAIT_MS = 100;

    /** Where the reader starts an epoch: the positions committed when the writer resumed. */
    private record Resume(long epoch, Map<String, Long> committed)
    {
    }

    private final BillingSettings settings;
    private final JournalSettings journal;
    private final DataSource dataSource;
    private final Clock clock;
    private final BillingBacklog backlog;
    private final BatchReader reader;
    private final CdrRecord scratch = new CdrRecord();
    private final DeckHistory history = new DeckHistory();
    private final CdrPartitions partitions = new CdrPartitions();
    private final CdrNames names = new CdrNames();
    private final Map<String, Long> committed = new HashMap<>();
    private final BlockingQueue<RatedBatch> handOff = new ArrayBlockingQueue<>(1);
    private final BillingMeters meters;
    private final BatchFault fault;
    private Connection connection;
    private long epoch;
    private long lastSweepMs;
    private volatile Resume resume;
    private volatile boolean rewindRequested;
    private volatile RateBook book;
    private volatile boolean running;
    private volatile BillingPacer pacer = BillingPacer.NEVER;
    private Thread readerThread;
    private Thread writerThread;

    /**
     * A hook called inside each batch's transaction just before the commit: tests use it to
     * kill the tailer in the middle of a batch.
     */
    @FunctionalInterface
    public interface BatchFault
    {
        /**
         * Called before a commit.
         *
         * @param calls the batch's size.
         * @throws SQLException to abort the batch as a failing database would.
         */
        void beforeCommit(int calls) throws SQLException;
    }

    /**
     * Creates the tailer; {@link #start()} runs it on its thread, {@link #pollOnce()} runs one
     * batch on the caller's.
     *
     * @param settings   tailer settings.
     * @param dataSource the billing database (migrated).
     * @param registry   where its meters go.
     * @param clock      for the backlog's age.
     */
    public BillingTailer(final BillingSettings settings, final DataSource dataSource, final MeterRegistry registry,
        final Clock clock)
    {
        this(settings, dataSource, registry, clock, calls -> { });
    }

    /**
     * Creates the tailer with a fault hook (tests).
     *
     * @param settings   tailer settings.
     * @param dataSource the billing database (migrated).
     * @param registry   where its meters go.
     * @param clock      for the backlog's age.
     * @param fault      called before each commit.
     */
    public BillingTailer(final BillingSettings settings, final DataSource dataSource, final MeterRegistry registry,
        final Clock clock, final BatchFault fault)
    {
        this.settings = settings;
        this.journal = settings.journal();
        this.dataSource = dataSource;
        this.clock = clock;
        this.backlog = new BillingBacklog(clock);
        this.fault = fault;
        this.meters = new BillingMeters(registry, backlog);
        this.reader = new BatchReader(journal, backlog, meters.unreadable());
    }

    /**
     * Makes the started tailer wait for the call path under pressure before each batch it reads
     * (the default never waits). Set before {@link #start()}.
     *
     * @param billingPacer decides when billing waits.
     * @return this.
     */
    public BillingTailer pacedBy(final BillingPacer billingPacer)
    {
        this.pacer = billingPacer;
        return this;
    }

    /**
     * Starts the reader's and the writer's threads.
     */
    public synchronized void start()
    {
        if (writerThread != null)
        {
            return;
        }
        running = true;
        readerThread = new Thread(this::readLoop, "billing-reader");
        writerThread = new Thread(this::writeLoop, "billing-writer");
        readerThread.setDaemon(true);
        writerThread.setDaemon(true);
        readerThread.start();
        writerThread.start();
    }

    /**
     * Records not yet billed (as last measured).
     *
     * @return the backlog.
     */
    public long backlogRecords()
    {
        return backlog.records();
    }

    /**
     * Seconds billing is behind (0 when caught up).
     *
     * @return the age in seconds.
     */
    public long backlogSeconds()
    {
        return backlog.seconds();
    }

    /**
     * Batches the reader has handed off and the writer not yet taken (tests).
     *
     * @return 0 or 1.
     */
    int batchesWaiting()
    {
        return handOff.size();
    }

    /**
     * Runs one batch on the caller's thread (the tailer must not be started): reads up to the
     * batch size from the queues, rates and commits it.
     *
     * @return calls committed (0 when the journal had nothing new).
     * @throws SQLException when the database failed; the batch is not committed and the next
     *                      call resumes from the committed positions.
     */
    public int pollOnce() throws SQLException
    {
        try
        {
            final Connection c = resumed();
            book = history.current(c);
            c.commit();
            final RatedBatch batch = reader.read(book, settings.batchSize(), epoch);
            if (batch == null)
            {
                measureBacklog();
                return 0;
            }
            return store(batch);
        }
        catch (final SQLException | RuntimeException ex)
        {
            dropConnection();
            throw ex;
        }
    }

    /**
     * A connection whose positions were read back: after a (re)connect, a new epoch starts from the
     * positions the database holds, which the reader resumes from (at once on the caller's thread in
     * {@link #pollOnce()}, at its next batch in the pipeline).
     */
    private Connection resumed() throws SQLException
    {
        if (connection != null)
        {
            return connection;
        }
        final Connection c = BillingSession.open(dataSource);
        connection = c;
        committed.clear();
        committed.putAll(BillingSession.positions(c, journal.nodeId()));
        partitions.forget();
        names.forget();
        epoch++;
        if (readerThread == null)
        {
            reader.resume(committed);
        }
        else
        {
            resume = new Resume(epoch, Map.copyOf(committed));
        }
        return c;
    }

    /** Writes and commits a batch of the current epoch. */
    private int store(final RatedBatch batch) throws SQLException
    {
        final Connection c = connection;
        partitions.ensure(c, batch.days());
        BillingBatchWriter.write(c, journal.nodeId(), batch, names);
        fault.beforeCommit(batch.calls());
        c.commit();
        committed.putAll(batch.positions());
        meters.committed(batch);
        backlog.committed(batch.batchEndMs(), reader.cursors(), committed, scratch);
        sweepRetention(c);
        return batch.calls();
    }

    private void sweepRetention(final Connection c) throws SQLException
    {
        final long nowMs = clock.millis();
        if (nowMs - lastSweepMs < RETENTION_SWEEP_INTERVAL_MS)
        {
            return;
        }
        lastSweepMs = nowMs;
        // Batches commit asynchronously: one durable commit flushes the WAL up to here, so that no
        // position the sweep trusts can be lost in a crash of PostgreSQL afterwards.
        try (Statement durable = c.createStatement())
        {
            durable.execute("SET LOCAL synchronous_commit = on");
            durable.execute("SELECT pg_current_xact_id()");
        }
        c.commit();
        JournalRetention.sweepBilled(reader.cursors(), committed, nowMs, journal.retention());
    }

    private void measureBacklog()
    {
        backlog.measure(reader.cursors(), committed, scratch);
    }

    private void dropConnection()
    {
        // Whatever was read ahead belongs to the failed epoch: the reader waits for the next one.
        resume = null;
        if (connection != null)
        {
            try
            {
                connection.close();
            }
            catch (final SQLException ex)
            {
                LOG.debug("closing a failed billing connection: {}", ex.toString());
            }
            connection = null;
        }
    }

    /** The reader's thread: reads, rates and encodes the next batch while the writer commits the last. */
    private void readLoop()
    {
        BackgroundPriority.lowerCurrentThread();
        long readerEpoch = -1;
        long failedEpoch = -1;
        while (running)
        {
            final Resume from = resume;
            final RateBook rates = book;
            if (from == null || rates == null || from.epoch() == failedEpoch)
            {
                sleep(settings.idlePoll().toMillis());
                continue;
            }
            if (pacer.defers())
            {
                // The journal holds the CDRs; the queues are still found, so that the backlog counts them.
                reader.discoverQueues();
                sleep(settings.idlePoll().toMillis());
                continue;
            }
            try
            {
                if (from.epoch() != readerEpoch)
                {
                    reader.resume(from.committed());
                    readerEpoch = from.epoch();
                }
                final int batchSize = pacer.batchSize(settings.batchSize());
                final RatedBatch batch = reader.read(rates, batchSize, readerEpoch);
                if (batch == null || batch.calls() < batchSize)
                {
                    pacer.caughtUp();
                }
                if (batch == null)
                {
                    sleep(settings.idlePoll().toMillis());
                    continue;
                }
                boolean handedOff = false;
                while (running && resume == from && !handedOff)
                {
                    // Waits while the writer is still on the previous batch (or waiting for PostgreSQL).
                    handedOff = handOff.offer(batch, HAND_OFF_WAIT_MS, TimeUnit.MILLISECONDS);
                }
                if (!handedOff)
                {
                    meters.dropped();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final RuntimeException ex)
            {
                // The cursors may be anywhere, and the writer may have committed past the epoch's
                // start: the reader reads nothing more in this epoch and asks the writer for a new one.
                LOG.error("billing reader failed, resuming from the committed positions: {}", ex.toString());
                failedEpoch = from.epoch();
                readerEpoch = -1;
                rewindRequested = true;
                sleep(FIRST_BACKOFF_MS);
            }
        }
    }

    /** The writer's thread: commits the reader's batches, one transaction each, in order. */
    private void writeLoop()
    {
        BackgroundPriority.lowerCurrentThread();
        long backoffMs = FIRST_BACKOFF_MS;
        long lastMeasureMs = 0;
        while (running)
        {
            try
            {
                if (rewindRequested)
                {
                    // The reader failed: a new epoch from the positions in the database.
                    rewindRequested = false;
                    dropConnection();
                }
                final Connection c = resumed();
                book = history.current(c);
                c.commit();
                final RatedBatch batch = handOff.poll(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
                if (batch == null)
                {
                    final long nowMs = clock.millis();
                    if (nowMs - lastMeasureMs >= BACKLOG_MEASURE_INTERVAL_MS)
                    {
                        lastMeasureMs = nowMs;
                        measureBacklog();
                    }
                }
                else if (batch.epoch() != epoch)
                {
                    meters.dropped();
                }
                else
                {
                    store(batch);
                    backoffMs = FIRST_BACKOFF_MS;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final SQLException | RuntimeException ex)
            {
                dropConnection();
                meters.failed();
                measureBacklog();
                LOG.warn("billing batch failed, retrying in {} ms (backlog {} records): {}", backoffMs,
                    backlog.records(), ex.toString());
                awaitRetry(backoffMs);
                backoffMs = Math.min(backoffMs * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    /**
     * Waits before a retry, measuring the backlog every second meanwhile: during a long outage
     * the backlog gauges keep rising instead of standing still between two tries.
     */
    private void awaitRetry(final long ms)
    {
        final long until = System.nanoTime() + ms * 1_000_000L;
        long left = ms;
        while (running && left > 0)
        {
            sleep(Math.min(left, BACKLOG_MEASURE_INTERVAL_MS));
            measureBacklog();
            left = (until - System.nanoTime()) / 1_000_000L;
        }
    }

    private void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Stops both threads (the writer after its current batch; a batch read ahead is dropped
     * uncommitted, and read again by the next start) and closes the queues and the connection.
     */
    @Override
    public void close()
    {
        final Thread r;
        final Thread w;
        synchronized (this)
        {
            running = false;
            r = readerThread;
            w = writerThread;
        }
        join(r);
        join(w);
        dropConnection();
        reader.close();
    }

    private static void join(final Thread thread)
    {
        if (thread == null)
        {
            return;
        }
        try
        {
            thread.join(60_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
