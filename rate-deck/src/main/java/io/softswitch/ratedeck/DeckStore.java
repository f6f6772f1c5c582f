package io.softswitch.ratedeck;

import io.softswitch.ratedeck.internal.DeckCsvReader;
import io.softswitch.ratedeck.internal.DeckPlan;
import io.softswitch.ratedeck.internal.DeckRepository;
import io.softswitch.ratedeck.internal.ParsedDeck;
import io.softswitch.ratedeck.internal.ScheduledRate;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The rate decks in PostgreSQL: import a file as a new version, read the history, the rates in
 * force at a time, and the diff stored with a version. Thread-safe: every call takes its own
 * connection; imports into one deck are serialised by a row lock.
 *
 * <p>An import reads and validates the whole file first, then, in one transaction: locks the
 * deck, loads its schedule from the version's time on, diffs the file against it, and (unless a
 * dry run, or rows were refused and not accepted for dropping) stores the version, its rows by
 * COPY and the ends of the rows it replaces. It is all or nothing. A row that repeats the stored
 * rate in force exactly is carried over rather than written again (see the rules in the module's
 * README).
 */
public final class DeckStore
{
    private final DataSource dataSource;
    private final Clock clock;

    /**
     * Creates a store over a migrated database (see {@link DatabaseMigrations#migrate(DataSource)}).
     *
     * @param dataSource the database.
     * @param clock      what "now" is (import time, default effective time).
     */
    public DeckStore(final DataSource dataSource, final Clock clock)
    {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The store's notion of now, truncated to PostgreSQL's microsecond precision.
     *
     * @return now.
     */
    public Instant now()
    {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Imports a deck file as a new version of a trunk's deck.
     *
     * @param request  what to import, where and how.
     * @param progress told of progress while the file is read.
     * @return the outcome, the refused rows and the diff.
     * @throws IOException when the file cannot be read.
     */
    public DeckImportResult importDeck(final DeckImportRequest request, final ImportProgress progress) throws IOException
    {
        final Instant versionFrom = request.effectiveAt().truncatedTo(ChronoUnit.MICROS);
        final ParsedDeck parsed = DeckCsvReader.read(request.file(), request.mapping(), versionFrom, progress);
        progress.onValidated(parsed.rowsRead(), parsed.rowsRead() - parsed.rows().size());
        if (parsed.mappingBroken())
        {
            return new DeckImportResult(DeckImportResult.Outcome.REJECTED, 0, parsed.rowsRead(), 0, parsed.errors(),
                new DeckDiff(new DiffCounts(0, 0, 0, 0, 0), List.of()));
        }
        if (parsed.rowsRead() == 0)
        {
            // An empty or header-only upload is a mistake, never a request to empty the deck.
            return new DeckImportResult(DeckImportResult.Outcome.REJECTED, 0, 0, 0, !parsed.errors().isEmpty() ?
                parsed.errors() : List.of(new RowError(request.file().getFileName().toString(), 1, RowProblem.NO_ROWS,
                    "the file holds no rate rows (empty, or a header alone)")),
                new DeckDiff(new DiffCounts(0, 0, 0, 0, 0), List.of()));
        }
        final boolean rejected = !parsed.errors().isEmpty() && !request.acceptDropBadRows();
        try (Connection connection = dataSource.getConnection())
        {
            connection.setAutoCommit(false);
            try
            {
                final DeckRepository repository = new DeckRepository(connection);
                final long deckId = repository.lockDeck(request.trunk(), request.direction());
                final Map<String, ScheduledRate> schedule = repository.loadSchedule(deckId, versionFrom);
                final DeckPlan plan = DeckPlan.plan(parsed, schedule, request.mode(), versionFrom);
                final RowError unconfirmed = unconfirmedRemovals(request, schedule.size(), plan.diff());
                if (unconfirmed != null && !rejected && !request.dryRun())
                {
                    connection.rollback();
                    final List<RowError> errors = new ArrayList<>(parsed.errors());
                    errors.add(unconfirmed);
                    return new DeckImportResult(DeckImportResult.Outcome.NEEDS_CONFIRMATION, 0, parsed.rowsRead(),
                        parsed.rows().size(), errors, plan.diff());
                }
                if (rejected || request.dryRun())
                {
                    connection.rollback();
                    return new DeckImportResult(rejected ? DeckImportResult.Outcome.REJECTED : DeckImportResult.Outcome.DRY_RUN,
                        0, parsed.rowsRead(), parsed.rows().size(), parsed.errors(), plan.diff());
                }
                final int versionNo = repository.storeVersion(deckId, request.mode(), versionFrom, now(),
                    request.file().getFileName().toString(), request.mapping().spec(), parsed, plan);
                connection.commit();
                return new DeckImportResult(DeckImportResult.Outcome.STORED, versionNo, parsed.rowsRead(),
                    parsed.rows().size(), parsed.errors(), plan.diff());
            }
            catch (final RuntimeException | SQLException ex)
            {
                connection.rollback();
                throw ex;
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("deck import failed: trunk=" + request.trunk()
                + " direction=" + request.direction() + " file=" + request.file(), ex);
        }
    }

    private static RowError unconfirmedRemovals(final DeckImportRequest request, final int livePrefixes,
        final DeckDiff diff)
    {
        final long removed = diff.counts().removed();
        if (request.mode() != ImportMode.REPLACE || request.removalsConfirmed() || removed == 0 ||
            removed * 100 <= (long)livePrefixes * request.confirmOverPercent())
        {
            return null;
        }
        return new RowError(request.file().getFileName().toString(), 0, RowProblem.REMOVALS_UNCONFIRMED,
            "removed=" + removed + " live=" + livePrefixes + " max_percent=" + request.confirmOverPercent());
    }

    /**
     * Every version of a trunk's deck, oldest first.
     *
     * @param trunk     trunk name.
     * @param direction vendor or customer.
     * @return the versions; empty when the trunk has no such deck.
     */
    public List<DeckVersion> history(final String trunk, final DeckDirection direction)
    {
        return read(repository ->
        {
            final long deckId = repository.findDeck(trunk, direction);
            return deckId < 0 ? List.of() : repository.history(deckId);
        });
    }

    /**
     * A trunk's rates in force at an instant.
     *
     * @param trunk      trunk name.
     * @param direction  vendor or customer.
     * @param at         the instant.
     * @param prefixHead only prefixes that start with these digits; empty for all.
     * @return the rates ordered by prefix; empty when the trunk has no such deck.
     */
    public List<Rate> ratesAt(final String trunk, final DeckDirection direction, final Instant at, final String prefixHead)
    {
        return read(repository ->
        {
            final long deckId = repository.findDeck(trunk, direction);
            return deckId < 0 ? List.of() : repository.ratesAt(deckId, at, prefixHead);
        });
    }

    /**
     * The diff stored with a version: each row it wrote with how it changed the price, and the
     * prefixes it removed. Rows that only repeated the rate in force were carried over, not
     * written: the version's counts include them, its rows do not.
     *
     * @param trunk     trunk name.
     * @param direction vendor or customer.
     * @param versionNo version within the deck.
     * @return the diff, or {@code null} when there is no such version.
     */
    public DeckDiff storedDiff(final String trunk, final DeckDirection direction, final int versionNo)
    {
        return read(repository ->
        {
            final long deckId = repository.findDeck(trunk, direction);
            return deckId < 0 ? null : repository.storedDiff(deckId, versionNo);
        });
    }

    private <T> T read(final RepositoryRead<T> read)
    {
        try (Connection connection = dataSource.getConnection())
        {
            connection.setReadOnly(true);
            return read.apply(new DeckRepository(connection));
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("deck query failed", ex);
        }
    }

    /**
     * A read done with one connection.
     *
     * @param <T> what it returns.
     */
    @FunctionalInterface
    private interface RepositoryRead<T>
    {
        T apply(DeckRepository repository);
    }
}
