package io.softswitch.ratedeck.internal;

import io.softswitch.ratedeck.ChangeKind;
import io.softswitch.ratedeck.DeckDiff;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckVersion;
import io.softswitch.ratedeck.DiffCounts;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.Money;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.RateChange;
import io.softswitch.ratedeck.TrunkRates;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.softswitch.ratedeck.internal.DeckTables.*;

/**
 * The deck tables read and written over one JDBC connection: jOOQ for queries, PostgreSQL COPY
 * for the bulk rows of an import. The caller owns the connection and its transaction.
 */
public final class DeckRepository
{
    private static final int FETCH_ROWS = 10_000;
    private static final int COPY_BUFFER_BYTES = 1 << 20;

    private final Connection connection;
    private final DSLContext dsl;

    /**
     * Wraps a connection.
     *
     * @param connection a PostgreSQL connection, not in auto-commit when a write or a large read follows.
     */
    public DeckRepository(final Connection connection)
    {
        this.connection = connection;
        this.dsl = DSL.using(connection, SQLDialect.POSTGRES);
    }

    /**
     * Finds or creates a deck and locks it until the transaction ends, so that imports into one
     * deck run one after the other.
     *
     * @param trunk     trunk name.
     * @param direction vendor or customer.
     * @return the deck id.
     */
    public long lockDeck(final String trunk, final DeckDirection direction)
    {
        dsl.insertInto(DECK, DECK_TRUNK, DECK_DIRECTION)
            .values(trunk, direction.name())
            .onConflictDoNothing()
            .execute();
        return dsl.select(DECK_ID).from(DECK)
            .where(DECK_TRUNK.eq(trunk).and(DECK_DIRECTION.eq(direction.name())))
            .forUpdate()
            .fetchSingle(DECK_ID);
    }

    /**
     * Finds a deck.
     *
     * @param trunk     trunk name.
     * @param direction vendor or customer.
     * @return the deck id, or -1 when the trunk has no deck in that direction.
     */
    public long findDeck(final String trunk, final DeckDirection direction)
    {
        final Long id = dsl.select(DECK_ID).from(DECK)
            .where(DECK_TRUNK.eq(trunk).and(DECK_DIRECTION.eq(direction.name())))
            .fetchOne(DECK_ID);
        return id == null ? -1 : id;
    }

    /**
     * The deck's stored rates that apply at or after an instant, chained per prefix in time order.
     *
     * @param deckId the deck.
     * @param from   the instant.
     * @return first rate of each prefix.
     */
    public Map<String, ScheduledRate> loadSchedule(final long deckId, final Instant from)
    {
        final Map<String, ScheduledRate> schedule = new HashMap<>();
        // Read through the JDBC result set: a million jOOQ records and timestamp conversions
        // cost more than the query.
        try (ResultSet rows = dsl
            .select(RATE_ID, RATE_PREFIX, RATE_DESTINATION, RATE_MICROS, CONNECT_FEE_MICROS, RATE_FIRST_INCREMENT,
                RATE_NEXT_INCREMENT, RATE_MINIMUM_DURATION, FROM_MICROS, UNTIL_MICROS)
            .from(RATE)
            .where(live(deckId, from))
            .orderBy(RATE_PREFIX, RATE_FROM)
            .fetchSize(FETCH_ROWS)
            .fetchResultSet())
        {
            final InstantCache starts = new InstantCache();
            final InstantCache ends = new InstantCache();
            ScheduledRate tail = null;
            while (rows.next())
            {
                final long untilMicros = rows.getLong(10);
                final Instant until = rows.wasNull() ? null : ends.of(untilMicros);
                final ScheduledRate rate = new ScheduledRate(rows.getLong(1), rows.getString(2), rows.getString(3),
                    rows.getLong(4), rows.getLong(5), rows.getInt(6), rows.getInt(7), rows.getInt(8),
                    starts.of(rows.getLong(9)), until);
                if (tail != null && tail.prefix.equals(rate.prefix))
                {
                    tail.next = rate;
                }
                else
                {
                    schedule.put(rate.prefix, rate);
                }
                tail = rate;
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("loading deck schedule failed: deck_id=" + deckId, ex);
        }
        return schedule;
    }

    private static Condition live(final long deckId, final Instant at)
    {
        return RATE_DECK_ID.eq(deckId)
            .and(RATE_SUPERSEDED_BY.isNull())
            .and(RATE_UNTIL.isNull().or(RATE_UNTIL.gt(at)));
    }

    /**
     * Stores a new version of a deck: its row, its rates (by COPY), and the ends and supersessions
     * of the stored rates it replaces.
     *
     * @param deckId      the deck.
     * @param mode        replace or update.
     * @param versionFrom when the version takes effect.
     * @param importedAt  now.
     * @param fileName    the file imported.
     * @param mapping     the mapping used.
     * @param parsed      the validated file.
     * @param plan        the plan made against the deck's schedule.
     * @return the version number within the deck.
     */
    public int storeVersion(
        final long deckId,
        final ImportMode mode,
        final Instant versionFrom,
        final Instant importedAt,
        final String fileName,
        final String mapping,
        final ParsedDeck parsed,
        final DeckPlan plan)
    {
        final Integer last = dsl.select(DSL.max(VERSION_NO)).from(VERSION).where(VERSION_DECK_ID.eq(deckId))
            .fetchOne(0, Integer.class);
        final int versionNo = last == null ? 1 : last + 1;
        final DiffCounts counts = plan.diff().counts();
        final long versionId = dsl.insertInto(VERSION)
            .set(VERSION_DECK_ID, deckId)
            .set(VERSION_NO, versionNo)
            .set(VERSION_MODE, mode.name())
            .set(VERSION_FROM, versionFrom)
            .set(VERSION_IMPORTED_AT, importedAt)
            .set(VERSION_FILE, fileName)
            .set(VERSION_MAPPING, mapping)
            .set(VERSION_ROWS_READ, parsed.rowsRead())
            .set(VERSION_ROWS_DROPPED, parsed.rowsRead() - parsed.rows().size())
            .set(VERSION_NEW, counts.newCount())
            .set(VERSION_INCREASED, counts.increased())
            .set(VERSION_DECREASED, counts.decreased())
            .set(VERSION_REMOVED, counts.removed())
            .set(VERSION_UNCHANGED, counts.unchanged())
            .returningResult(VERSION_ID)
            .fetchSingle()
            .get(0, Long.class);
        copyRates(deckId, versionId, parsed.rows());
        endReplaced(versionId, plan);
        return versionNo;
    }

    private void copyRates(final long deckId, final long versionId, final List<DeckRow> rows)
    {
        final String sql = "COPY deck_rate (deck_id, version_id, source_line, prefix, destination, rate_per_minute,"
            + " connect_fee, first_increment_s, next_increment_s, minimum_duration_s, effective_from, declared_until,"
            + " effective_until, change, previous_rate_per_minute) FROM STDIN";
        try (Writer out = new BufferedWriter(new OutputStreamWriter(
            new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, COPY_BUFFER_BYTES), StandardCharsets.UTF_8),
            COPY_BUFFER_BYTES))
        {
            final CopyText text = new CopyText();
            final String deck = Long.toString(deckId);
            final String version = Long.toString(versionId);
            for (final DeckRow row : rows)
            {
                if (row.carriedOver)
                {
                    continue;
                }
                final StringBuilder line = text.line();
                line.append(deck).append('\t').append(version).append('\t').append(row.line).append('\t')
                    .append(row.prefix).append('\t');
                text.appendEscaped(row.destination).append('\t');
                Money.appendTo(line, row.rateMicros).append('\t');
                Money.appendTo(line, row.connectFeeMicros).append('\t');
                line.append(row.firstIncrementSeconds).append('\t').append(row.nextIncrementSeconds).append('\t')
                    .append(row.minimumDurationSeconds).append('\t');
                text.appendInstant(row.effectiveFrom).append('\t');
                text.appendInstant(row.declaredUntil).append('\t');
                text.appendInstant(row.effectiveUntil).append('\t');
                line.append(row.change.name()).append('\t');
                if (row.previousRateMicros == RateChange.NO_RATE)
                {
                    line.append(CopyText.NULL);
                }
                else
                {
                    Money.appendTo(line, row.previousRateMicros);
                }
                line.append('\n');
                out.append(line);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("COPY of deck rates failed: version_id=" + versionId, ex);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("not a PostgreSQL connection", ex);
        }
    }

    private void endReplaced(final long versionId, final DeckPlan plan)
    {
        if (plan.ended().isEmpty() && plan.superseded().isEmpty())
        {
            return;
        }
        dsl.execute("CREATE TEMP TABLE deck_rate_end (rate_id BIGINT NOT NULL, effective_until TIMESTAMPTZ,"
            + " supersede BOOLEAN NOT NULL) ON COMMIT DROP");
        final String sql = "COPY deck_rate_end (rate_id, effective_until, supersede) FROM STDIN";
        try (Writer out = new BufferedWriter(new OutputStreamWriter(
            new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, COPY_BUFFER_BYTES), StandardCharsets.UTF_8),
            COPY_BUFFER_BYTES))
        {
            final CopyText text = new CopyText();
            for (int i = 0; i < plan.ended().size(); i++)
            {
                final StringBuilder line = text.line().append(plan.ended().get(i).rateId).append('\t');
                text.appendInstant(plan.endedAt().get(i)).append("\tf\n");
                out.append(line);
            }
            for (final ScheduledRate stored : plan.superseded())
            {
                out.append(text.line().append(stored.rateId).append('\t').append(CopyText.NULL).append("\tt\n"));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("COPY of ended rates failed: version_id=" + versionId, ex);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("not a PostgreSQL connection", ex);
        }
        dsl.execute("UPDATE deck_rate r SET"
            + " effective_until = CASE WHEN e.supersede THEN r.effective_until ELSE e.effective_until END,"
            + " ended_by_version_id = CASE WHEN e.supersede THEN r.ended_by_version_id ELSE {0} END,"
            + " superseded_by_version_id = CASE WHEN e.supersede THEN {0} ELSE r.superseded_by_version_id END"
            + " FROM deck_rate_end e WHERE r.rate_id = e.rate_id", DSL.val(versionId));
        dsl.execute("DROP TABLE deck_rate_end");
    }

    /**
     * Every version of a deck, oldest first.
     *
     * @param deckId the deck.
     * @return its versions.
     */
    public List<DeckVersion> history(final long deckId)
    {
        return dsl.select(VERSION_NO, VERSION_MODE, VERSION_FROM, VERSION_IMPORTED_AT, VERSION_FILE, VERSION_MAPPING,
                VERSION_ROWS_READ, VERSION_ROWS_DROPPED, VERSION_NEW, VERSION_INCREASED, VERSION_DECREASED,
                VERSION_REMOVED, VERSION_UNCHANGED)
            .from(VERSION)
            .where(VERSION_DECK_ID.eq(deckId))
            .orderBy(VERSION_NO)
            .fetch(record -> new DeckVersion(record.get(VERSION_NO), ImportMode.valueOf(record.get(VERSION_MODE)),
                record.get(VERSION_FROM), record.get(VERSION_IMPORTED_AT), record.get(VERSION_FILE),
                record.get(VERSION_MAPPING), record.get(VERSION_ROWS_READ), record.get(VERSION_ROWS_DROPPED),
                new DiffCounts(record.get(VERSION_NEW), record.get(VERSION_INCREASED), record.get(VERSION_DECREASED),
                    record.get(VERSION_REMOVED), record.get(VERSION_UNCHANGED))));
    }

    /**
     * The deck's rates in force at an instant, by prefix.
     *
     * @param deckId     the deck.
     * @param at         the instant.
     * @param prefixHead only prefixes starting with these digits; empty for all.
     * @return the rates, ordered by prefix.
     */
    public List<Rate> ratesAt(final long deckId, final Instant at, final String prefixHead)
    {
        return dsl.select(rateColumns())
            .from(RATE)
            .where(live(deckId, at).and(RATE_FROM.le(at)).and(RATE_PREFIX.startsWith(prefixHead)))
            .orderBy(RATE_PREFIX)
            .fetch(DeckRepository::toRate);
    }

    /**
     * The diff stored with a version: the rows it wrote, as compared on import, and the prefixes it
     * removed. Rows it carried over (repeating the stored rate) are only in its counts.
     *
     * @param deckId    the deck.
     * @param versionNo the version within the deck.
     * @return the diff, or {@code null} when the deck has no such version.
     */
    public DeckDiff storedDiff(final long deckId, final int versionNo)
    {
        final Record version = dsl.select(VERSION_ID, VERSION_FROM, VERSION_NEW, VERSION_INCREASED, VERSION_DECREASED,
                VERSION_REMOVED, VERSION_UNCHANGED)
            .from(VERSION)
            .where(VERSION_DECK_ID.eq(deckId).and(VERSION_NO.eq(versionNo)))
            .fetchOne();
        if (version == null)
        {
            return null;
        }
        final long versionId = version.get(VERSION_ID);
        final List<RateChange> changes = new ArrayList<>(dsl
            .select(RATE_CHANGE, RATE_PREFIX, RATE_DESTINATION, PREVIOUS_MICROS, RATE_MICROS, RATE_FROM, RATE_LINE)
            .from(RATE)
            .where(RATE_VERSION_ID.eq(versionId))
            .orderBy(RATE_LINE)
            .fetch(record -> new RateChange(ChangeKind.valueOf(record.get(RATE_CHANGE)), record.get(RATE_PREFIX),
                record.get(RATE_DESTINATION), record.get(PREVIOUS_MICROS) == null ? RateChange.NO_RATE
                : record.get(PREVIOUS_MICROS), record.get(RATE_MICROS), record.get(RATE_FROM), record.get(RATE_LINE))));
        final Instant versionFrom = version.get(VERSION_FROM);
        changes.addAll(dsl.resultQuery("SELECT DISTINCT ON (o.prefix) o.prefix, o.destination,"
                + " (o.rate_per_minute * 1000000)::bigint AS micros"
                + " FROM deck_rate o WHERE o.deck_id = {0} AND (o.ended_by_version_id = {1} OR o.superseded_by_version_id = {1})"
                + " AND NOT EXISTS (SELECT 1 FROM deck_rate n WHERE n.version_id = {1} AND n.prefix = o.prefix)"
                + " ORDER BY o.prefix, o.effective_from", DSL.val(deckId), DSL.val(versionId))
            .fetch(record -> new RateChange(ChangeKind.REMOVED, record.get(0, String.class), record.get(1, String.class),
                record.get(2, Long.class), RateChange.NO_RATE, versionFrom, 0)));
        return new DeckDiff(new DiffCounts(version.get(VERSION_NEW), version.get(VERSION_INCREASED),
            version.get(VERSION_DECREASED), version.get(VERSION_REMOVED), version.get(VERSION_UNCHANGED)), changes);
    }

    /**
     * Every deck's rates that apply at or after an instant, one entry per trunk and direction.
     *
     * @param now the instant.
     * @return the rates per deck.
     */
    public List<TrunkRates> liveRates(final Instant now)
    {
        return rates(RATE_SUPERSEDED_BY.isNull().and(RATE_UNTIL.isNull().or(RATE_UNTIL.gt(now))));
    }

    /**
     * Every deck's rates in force at one instant (ended rates included, superseded ones never)
     * whose prefix is one of the given ones: what routing used at that instant for numbers that
     * start with them, from the deck history.
     *
     * @param at       the instant.
     * @param prefixes the prefixes wanted (for a number: each of its leading digit strings).
     * @return the rates per deck that has any.
     */
    public List<TrunkRates> ratesInForce(final Instant at, final Collection<String> prefixes)
    {
        return rates(RATE_SUPERSEDED_BY.isNull().and(RATE_FROM.le(at))
            .and(RATE_UNTIL.isNull().or(RATE_UNTIL.gt(at))).and(RATE_PREFIX.in(prefixes)));
    }

    private List<TrunkRates> rates(final Condition condition)
    {
        final List<TrunkRates> decks = new ArrayList<>();
        final Map<Long, String[]> names = new HashMap<>();
        dsl.select(DECK_ID, DECK_TRUNK, DECK_DIRECTION).from(DECK)
            .forEach(record -> names.put(record.get(DECK_ID), new String[] {record.get(DECK_TRUNK), record.get(DECK_DIRECTION)}));
        try (ResultSet rows = dsl
            .select(RATE_DECK_ID, RATE_PREFIX, RATE_DESTINATION, RATE_MICROS, CONNECT_FEE_MICROS, RATE_FIRST_INCREMENT,
                RATE_NEXT_INCREMENT, RATE_MINIMUM_DURATION, FROM_MICROS, UNTIL_MICROS)
            .from(RATE)
            .where(condition)
            .orderBy(RATE_DECK_ID, RATE_PREFIX, RATE_FROM)
            .fetchSize(FETCH_ROWS)
            .fetchResultSet())
        {
            final InstantCache starts = new InstantCache();
            final InstantCache ends = new InstantCache();
            final Map<String, String> destinations = new HashMap<>();
            long deckId = -1;
            List<Rate> rates = null;
            while (rows.next())
            {
                final long rowDeck = rows.getLong(1);
                if (rowDeck != deckId)
                {
                    addDeck(decks, names.get(deckId), rates);
                    deckId = rowDeck;
                    rates = new ArrayList<>();
                }
                final String destination = rows.getString(3);
                final String knownDestination = destinations.putIfAbsent(destination, destination);
                final long untilMicros = rows.getLong(10);
                final Instant until = rows.wasNull() ? null : ends.of(untilMicros);
                rates.add(new Rate(rows.getString(2), knownDestination == null ? destination : knownDestination,
                    rows.getLong(4), rows.getLong(5), rows.getInt(6), rows.getInt(7), rows.getInt(8),
                    starts.of(rows.getLong(9)), until));
            }
            addDeck(decks, names.get(deckId), rates);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("loading live rates failed", ex);
        }
        return decks;
    }

    private static void addDeck(final List<TrunkRates> decks, final String[] name, final List<Rate> rates)
    {
        if (rates != null && name != null)
        {
            decks.add(new TrunkRates(name[0], DeckDirection.valueOf(name[1]), rates));
        }
    }

    private static List<SelectField<?>> rateColumns()
    {
        return List.of(RATE_PREFIX, RATE_DESTINATION, RATE_MICROS, CONNECT_FEE_MICROS, RATE_FIRST_INCREMENT,
            RATE_NEXT_INCREMENT, RATE_MINIMUM_DURATION, RATE_FROM, RATE_UNTIL);
    }

    private static Rate toRate(final Record record)
    {
        return new Rate(record.get(RATE_PREFIX), record.get(RATE_DESTINATION), record.get(RATE_MICROS),
            record.get(CONNECT_FEE_MICROS), record.get(RATE_FIRST_INCREMENT), record.get(RATE_NEXT_INCREMENT),
            record.get(RATE_MINIMUM_DURATION), record.get(RATE_FROM), record.get(RATE_UNTIL));
    }

    /**
     * Turns epoch microseconds into instants, reusing the last one: a deck's rows mostly share
     * their start and end.
     */
    private static final class InstantCache
    {
        private long lastMicros = Long.MIN_VALUE;
        private Instant last;

        Instant of(final long micros)
        {
            if (micros != lastMicros)
            {
                lastMicros = micros;
                last = instant(micros);
            }
            return last;
        }
    }
}
