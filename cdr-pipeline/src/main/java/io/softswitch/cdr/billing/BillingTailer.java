package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.rating.DeckHistory;
import io.softswitch.cdr.rating.RateBook;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The billing tailer: on a thread of its own ({@code billing-tailer}), off the call path, it
 * reads every queue of one node's CDR journal, rates each call at the customer's and the
 * answered vendor's deck in force at the call's start, and writes CDRs, attempts, hourly
 * aggregates and the queues' positions in one PostgreSQL transaction per batch: exactly once.
 *
 * <p>When PostgreSQL fails (down, restarted, locked past a statement timeout), the batch is
 * dropped, the tailer waits (doubling up to the configured maximum), reads its committed
 * positions back from the database and goes on from there; the journal holds the backlog
 * meanwhile and calls are not affected.
 */
public final class BillingTailer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(BillingTailer.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long BACKLOG_MEASURE_INTERVAL_MS = 1_000;
    private static final long RETENTION_SWEEP_INTERVAL_MS = 60_000;
    private static final long LOCK_TIMEOUT_MS = 5_000;
    private static final long STATEMENT_TIMEOUT_MS = 120_000;
    private static final String LOAD_POSITIONS = "SELECT queue, last_index FROM cdr_journal_position WHERE node_id = ?";

    private final BillingSettings settings;
    private final JournalSettings journal;
    private final DataSource dataSource;
    private final Clock clock;
    private final Map<String, JournalCursor> cursors = new TreeMap<>();
    private final CdrRecord record = new CdrRecord();
    private final DeckHistory history = new DeckHistory();
    private final CdrPartitions partitions = new CdrPartitions();
    private final BillingBatchWriter writer = new BillingBatchWriter();
    private final Counter billed;
    private final Counter batches;
    private final Counter failures;
    private final Counter unreadable;
    private final Counter unratedSell;
    private final Counter unratedBuy;
    private final BatchFault fault;
    private Connection connection;
    private boolean synced;
    private volatile boolean running;
    private final BillingBacklog backlog;
    private long lastSweepMs;
    private Thread thread;

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
        this.billed = Counter.builder("softswitch.billing.cdrs")
            .description("Calls rated and committed to PostgreSQL by the billing tailer").register(registry);
        this.batches = Counter.builder("softswitch.billing.batches")
            .description("Billing transactions committed").register(registry);
        this.failures = Counter.builder("softswitch.billing.failures")
            .description("Billing batches that failed (database down, locked, restarted) and were retried").register(registry);
        this.unreadable = Counter.builder("softswitch.billing.unreadable")
            .description("Journal records that could not be decoded and were skipped").register(registry);
        this.unratedSell = Counter.builder("softswitch.billing.unrated").tag("side", "sell")
            .description("Answered calls with no rate in force in the deck (stored with amount 0)").register(registry);
        this.unratedBuy = Counter.builder("softswitch.billing.unrated").tag("side", "buy")
            .description("Answered calls with no rate in force in the deck (stored with amount 0)").register(registry);
        Gauge.builder("softswitch.billing.backlog.records", this, t -> (double)t.backlogRecords())
            .description("Journal records not yet committed to PostgreSQL").register(registry);
        Gauge.builder("softswitch.billing.backlog.seconds", this, t -> (double)t.backlogSeconds())
            .description("How far billing is behind: age of the oldest record not yet billed, 0 when caught up")
            .baseUnit("seconds").register(registry);
    }

    /**
     * Starts the tailer's thread.
     */
    public synchronized void start()
    {
        if (thread != null)
        {
            return;
        }
        running = true;
        thread = new Thread(this::run, "billing-tailer");
        thread.setDaemon(true);
        thread.start();
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
     * Runs one batch: reads up to the batch size from the queues, rates and commits it.
     *
     * @return calls committed (0 when the journal had nothing new).
     * @throws SQLException when the database failed; the batch is not committed and the next
     *                      call resumes from the committed positions.
     */
    public int pollOnce() throws SQLException
    {
        try
        {
            return batch();
        }
        catch (final SQLException | RuntimeException ex)
        {
            dropConnection();
            throw ex;
        }
    }

    private int batch() throws SQLException
    {
        discoverQueues();
        final Connection c = connection();
        if (!synced)
        {
            resync(c);
        }
        final RateBook book = history.current(c);
        c.commit();
        final List<io.softswitch.cdr.billing.BilledCall> calls = new ArrayList<>();
        final Map<String, Long> positions = new LinkedHashMap<>();
        final Set<LocalDate> days = new HashSet<>();
        long batchEndMs = 0;
        for (final JournalCursor cursor : cursors.values())
        {
            while (calls.size() < settings.batchSize())
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
                    countUnrated(call);
                    calls.add(call);
                    days.add(LocalDate.ofInstant(Instant.ofEpochMilli(call.inviteMs()), ZoneOffset.UTC));
                    backlog.read(call.endMs(), calls.size() == 1);
                    batchEndMs = Math.max(batchEndMs, call.endMs());
                }
            }
        }
        if (positions.isEmpty())
        {
            measureBacklog();
            return 0;
        }
        partitions.ensure(c, days);
        writer.write(c, journal.nodeId(), calls, positions);
        fault.beforeCommit(calls.size());
        c.commit();
        positions.forEach((queue, index) -> cursors.get(queue).committed = index);
        billed.increment(calls.size());
        batches.increment();
        backlog.committed(batchEndMs, cursors.values(), record);
        sweepRetention(c);
        return calls.size();
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
        for (final JournalCursor cursor : cursors.values())
        {
            if (cursor.committed >= 0)
            {
                JournalRetention.sweep(cursor.queue, cursor.queue.rollCycle().toCycle(cursor.committed), nowMs,
                    journal.retention());
            }
        }
    }

    private void countUnrated(final BilledCall call)
    {
        if (!call.answered())
        {
            return;
        }
        if (call.sellRate() == null)
        {
            unratedSell.increment();
        }
        for (final BilledAttempt attempt : call.attempts())
        {
            if (attempt.answered() && attempt.buyRate() == null)
            {
                unratedBuy.increment();
            }
        }
    }

    private void measureBacklog()
    {
        backlog.measure(cursors.values(), record);
    }

    private void resync(final Connection c) throws SQLException
    {
        final Map<String, Long> stored = new HashMap<>();
        try (PreparedStatement statement = c.prepareStatement(LOAD_POSITIONS))
        {
            statement.setString(1, journal.nodeId());
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    stored.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        c.commit();
        for (final JournalCursor cursor : cursors.values())
        {
            cursor.resumeAfter(stored.getOrDefault(cursor.name, -1L));
        }
        partitions.forget();
        synced = true;
    }

    private void discoverQueues()
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
                    cursors.put(name, new JournalCursor(name, dir, journal));
                    // A new queue's position is read from the database before its first read.
                    synced = false;
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.error("cannot list CDR journal: dir={}: {}", root, ex.toString());
        }
    }

    private Connection connection() throws SQLException
    {
        if (connection == null)
        {
            connection = dataSource.getConnection();
            // A table locked by a long report, or a stuck server, fails the batch after a while
            // instead of holding it: the backlog is measured again and the batch retried.
            try (Statement settings = connection.createStatement())
            {
                settings.execute("SET lock_timeout = '" + LOCK_TIMEOUT_MS + "ms'");
                settings.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT_MS + "ms'");
                // Exactly once does not need each commit on disk before the next batch: a batch's
                // rows and its journal position are in one transaction, so a crash of PostgreSQL
                // that loses the last commits loses both together, and billing resumes from the
                // older position and writes those calls again, once (the journal still has them).
                settings.execute("SET synchronous_commit = off");
            }
            connection.setAutoCommit(false);
            synced = false;
        }
        return connection;
    }

    private void dropConnection()
    {
        synced = false;
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

    private void run()
    {
        long backoffMs = FIRST_BACKOFF_MS;
        while (running)
        {
            try
            {
                final int written = pollOnce();
                backoffMs = FIRST_BACKOFF_MS;
                if (written == 0)
                {
                    sleep(settings.idlePoll().toMillis());
                }
            }
            catch (final SQLException | RuntimeException ex)
            {
                failures.increment();
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
     * Stops the thread (after its current batch) and closes the queues and the connection.
     */
    @Override
    public void close()
    {
        final Thread t;
        synchronized (this)
        {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null)
        {
            try
            {
                t.join(60_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        dropConnection();
        cursors.values().forEach(JournalCursor::close);
        cursors.clear();
    }
}
