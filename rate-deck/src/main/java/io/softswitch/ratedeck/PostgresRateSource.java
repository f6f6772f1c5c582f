package io.softswitch.ratedeck;

import io.softswitch.ratedeck.internal.DeckRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The provisioned rate decks as the routing engine reads them: every deck's rates in force now
 * or later, streamed from PostgreSQL in one read-only transaction (one consistent snapshot, fetched
 * in batches, in index order, so that millions of rows load without sorting or buffering the
 * whole result in the driver).
 */
public final class PostgresRateSource implements RateSource
{
    private final DataSource dataSource;
    private final Clock clock;

    /**
     * Creates the source.
     *
     * @param dataSource the migrated database.
     * @param clock      what "now" is: rates that ended before it are left out.
     */
    public PostgresRateSource(final DataSource dataSource, final Clock clock)
    {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<TrunkRates> loadRates()
    {
        return read(repository -> repository.liveRates(clock.instant()));
    }

    /**
     * The rates in force at an instant for the prefixes of a number, from the deck history: rates
     * ended or replaced since are included as they were, superseded rows (which never applied) are not.
     *
     * @param at     the instant.
     * @param number the number, digits only.
     * @return the rates per deck that has any.
     */
    @Override
    public List<TrunkRates> loadRatesAt(final Instant at, final String number)
    {
        final List<String> prefixes = new ArrayList<>();
        for (int length = 1; length <= number.length(); length++)
        {
            prefixes.add(number.substring(0, length));
        }
        return read(repository -> repository.ratesInForce(at, prefixes));
    }

    private List<TrunkRates> read(final Function<DeckRepository, List<TrunkRates>> query)
    {
        try (Connection connection = dataSource.getConnection())
        {
            // A cursor (fetch size) needs a transaction in PgJDBC; read-only and repeatable read
            // give one snapshot even while an import commits.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try
            {
                return query.apply(new DeckRepository(connection));
            }
            finally
            {
                connection.rollback();
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("loading rates failed", ex);
        }
    }
}
