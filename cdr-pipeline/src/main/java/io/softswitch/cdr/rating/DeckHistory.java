package io.softswitch.cdr.rating;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate decks' history as the billing tailer rates with it: every row of every deck that was
 * ever in force (superseded rows never applied and are left out), loaded from the rate-deck
 * schema into a {@link RateBook}, and loaded again only when a deck version was added since.
 */
public final class DeckHistory
{
    private static final String STAMP = "SELECT COALESCE(MAX(version_id), 0), COUNT(*) FROM deck_version";
    private static final String RATES = """
        SELECT d.trunk, d.direction, r.prefix, r.destination, r.rate_per_minute, r.connect_fee,
               r.first_increment_s, r.next_increment_s, r.minimum_duration_s, r.effective_from, r.effective_until
          FROM deck_rate r JOIN deck d ON d.deck_id = r.deck_id
         WHERE r.superseded_by_version_id IS NULL
        """;

    private long stampMaxVersion = -1;
    private long stampVersions = -1;
    private RateBook book;

    /**
     * The book for the decks as they are now, reloaded when a version was imported.
     *
     * @param connection a connection to the billing database.
     * @return the current book.
     * @throws SQLException when the database cannot be read.
     */
    public RateBook current(final Connection connection) throws SQLException
    {
        final long maxVersion;
        final long versions;
        try (PreparedStatement statement = connection.prepareStatement(STAMP);
            ResultSet rows = statement.executeQuery())
        {
            rows.next();
            maxVersion = rows.getLong(1);
            versions = rows.getLong(2);
        }
        if (book == null || maxVersion != stampMaxVersion || versions != stampVersions)
        {
            book = load(connection);
            stampMaxVersion = maxVersion;
            stampVersions = versions;
        }
        return book;
    }

    /**
     * Loads every applicable rate row.
     *
     * @param connection the database.
     * @return the book.
     * @throws SQLException when the database cannot be read.
     */
    public static RateBook load(final Connection connection) throws SQLException
    {
        final Map<RateBook.DeckKey, List<Rate>> rates = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(RATES))
        {
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    final RateBook.DeckKey key = new RateBook.DeckKey(rows.getString(1),
                        DeckDirection.valueOf(rows.getString(2)));
                    final Timestamp until = rows.getTimestamp(11);
                    rates.computeIfAbsent(key, k -> new ArrayList<>()).add(new Rate(
                        rows.getString(3),
                        rows.getString(4),
                        micros(rows.getBigDecimal(5)),
                        micros(rows.getBigDecimal(6)),
                        rows.getInt(7),
                        rows.getInt(8),
                        rows.getInt(9),
                        rows.getTimestamp(10).toInstant(),
                        until == null ? null : until.toInstant()));
                }
            }
        }
        return RateBook.of(rates);
    }

    private static long micros(final BigDecimal value)
    {
        return value.movePointRight(6).longValueExact();
    }
}
