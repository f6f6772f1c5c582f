package io.softswitch.ratedeck.internal;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The deck schema ({@code db/migration/V1__rate_decks.sql}) as jOOQ tables and fields, for
 * type-safe queries without generated code.
 */
final class DeckTables
{
    static final Table<Record> DECK = DSL.table(DSL.name("deck"));
    static final Field<Long> DECK_ID = DSL.field(DSL.name("deck", "deck_id"), SQLDataType.BIGINT);
    static final Field<String> DECK_TRUNK = DSL.field(DSL.name("deck", "trunk"), SQLDataType.VARCHAR);
    static final Field<String> DECK_DIRECTION = DSL.field(DSL.name("deck", "direction"), SQLDataType.VARCHAR);

    static final Table<Record> VERSION = DSL.table(DSL.name("deck_version"));
    static final Field<Long> VERSION_ID = DSL.field(DSL.name("deck_version", "version_id"), SQLDataType.BIGINT);
    static final Field<Long> VERSION_DECK_ID = DSL.field(DSL.name("deck_version", "deck_id"), SQLDataType.BIGINT);
    static final Field<Integer> VERSION_NO = DSL.field(DSL.name("deck_version", "version_no"), SQLDataType.INTEGER);
    static final Field<String> VERSION_MODE = DSL.field(DSL.name("deck_version", "mode"), SQLDataType.VARCHAR);
    static final Field<Instant> VERSION_FROM = DSL.field(DSL.name("deck_version", "effective_from"), SQLDataType.INSTANT);
    static final Field<Instant> VERSION_IMPORTED_AT = DSL.field(DSL.name("deck_version", "imported_at"), SQLDataType.INSTANT);
    static final Field<String> VERSION_FILE = DSL.field(DSL.name("deck_version", "file_name"), SQLDataType.VARCHAR);
    static final Field<String> VERSION_MAPPING = DSL.field(DSL.name("deck_version", "mapping"), SQLDataType.VARCHAR);
    static final Field<Long> VERSION_ROWS_READ = DSL.field(DSL.name("deck_version", "rows_read"), SQLDataType.BIGINT);
    static final Field<Long> VERSION_ROWS_DROPPED = DSL.field(DSL.name("deck_version", "rows_dropped"), SQLDataType.BIGINT);
    static final Field<Long> VERSION_NEW = DSL.field(DSL.name("deck_version", "new_count"), SQLDataType.BIGINT);
    static final Field<Long> VERSION_INCREASED = DSL.field(DSL.name("deck_version", "increased_count"), SQLDataType.BIGINT);
    static final Field<Long> VERSION_DECREASED = DSL.field(DSL.name("deck_version", "decreased_count"), SQLDataType.BIGINT);
    static final Field<Long> VERSION_REMOVED = DSL.field(DSL.name("deck_version", "removed_count"), SQLDataType.BIGINT);
    static final Field<Long> VERSION_UNCHANGED = DSL.field(DSL.name("deck_version", "unchanged_count"), SQLDataType.BIGINT);

    static final Table<Record> RATE = DSL.table(DSL.name("deck_rate"));
    static final Field<Long> RATE_ID = DSL.field(DSL.name("deck_rate", "rate_id"), SQLDataType.BIGINT);
    static final Field<Long> RATE_DECK_ID = DSL.field(DSL.name("deck_rate", "deck_id"), SQLDataType.BIGINT);
    static final Field<Long> RATE_VERSION_ID = DSL.field(DSL.name("deck_rate", "version_id"), SQLDataType.BIGINT);
    static final Field<Long> RATE_LINE = DSL.field(DSL.name("deck_rate", "source_line"), SQLDataType.BIGINT);
    static final Field<String> RATE_PREFIX = DSL.field(DSL.name("deck_rate", "prefix"), SQLDataType.VARCHAR);
    static final Field<String> RATE_DESTINATION = DSL.field(DSL.name("deck_rate", "destination"), SQLDataType.VARCHAR);
    static final Field<BigDecimal> RATE_PER_MINUTE = DSL.field(DSL.name("deck_rate", "rate_per_minute"), SQLDataType.NUMERIC(18, 6));
    static final Field<BigDecimal> RATE_CONNECT_FEE = DSL.field(DSL.name("deck_rate", "connect_fee"), SQLDataType.NUMERIC(18, 6));
    static final Field<Integer> RATE_FIRST_INCREMENT = DSL.field(DSL.name("deck_rate", "first_increment_s"), SQLDataType.INTEGER);
    static final Field<Integer> RATE_NEXT_INCREMENT = DSL.field(DSL.name("deck_rate", "next_increment_s"), SQLDataType.INTEGER);
    static final Field<Integer> RATE_MINIMUM_DURATION = DSL.field(DSL.name("deck_rate", "minimum_duration_s"), SQLDataType.INTEGER);
    static final Field<Instant> RATE_FROM = DSL.field(DSL.name("deck_rate", "effective_from"), SQLDataType.INSTANT);
    static final Field<Instant> RATE_UNTIL = DSL.field(DSL.name("deck_rate", "effective_until"), SQLDataType.INSTANT);
    static final Field<String> RATE_CHANGE = DSL.field(DSL.name("deck_rate", "change"), SQLDataType.VARCHAR);
    static final Field<BigDecimal> RATE_PREVIOUS = DSL.field(DSL.name("deck_rate", "previous_rate_per_minute"), SQLDataType.NUMERIC(18, 6));
    static final Field<Long> RATE_ENDED_BY = DSL.field(DSL.name("deck_rate", "ended_by_version_id"), SQLDataType.BIGINT);
    static final Field<Long> RATE_SUPERSEDED_BY = DSL.field(DSL.name("deck_rate", "superseded_by_version_id"), SQLDataType.BIGINT);

    /** Rate per minute in micro-units, converted exactly by the database. */
    static final Field<Long> RATE_MICROS = micros(RATE_PER_MINUTE);
    /** Connect fee in micro-units. */
    static final Field<Long> CONNECT_FEE_MICROS = micros(RATE_CONNECT_FEE);
    /** Previous rate per minute in micro-units, or null. */
    static final Field<Long> PREVIOUS_MICROS = micros(RATE_PREVIOUS);

    /** Start of a rate's period in microseconds since the epoch: cheaper to send and read than a timestamp. */
    static final Field<Long> FROM_MICROS = epochMicros(RATE_FROM);
    /** End of a rate's period in microseconds since the epoch, or null. */
    static final Field<Long> UNTIL_MICROS = epochMicros(RATE_UNTIL);

    private DeckTables()
    {
    }

    private static Field<Long> micros(final Field<BigDecimal> money)
    {
        // NUMERIC(18,6) times 1e6 is an exact integer: no rounding happens in the cast.
        return DSL.field("({0} * 1000000)::bigint", SQLDataType.BIGINT, money);
    }

    private static Field<Long> epochMicros(final Field<Instant> instant)
    {
        // extract() returns NUMERIC since PostgreSQL 14: exact to the microsecond.
        return DSL.field("(extract(epoch from {0}) * 1000000)::bigint", SQLDataType.BIGINT, instant);
    }

    /**
     * An instant from microseconds since the epoch.
     *
     * @param micros the microseconds.
     * @return the instant.
     */
    static Instant instant(final long micros)
    {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * Money in micro-units as the {@code NUMERIC(18,6)} value jOOQ binds.
     *
     * @param micros the amount.
     * @return the same amount with scale 6.
     */
    static BigDecimal money(final long micros)
    {
        return BigDecimal.valueOf(micros, 6);
    }
}
