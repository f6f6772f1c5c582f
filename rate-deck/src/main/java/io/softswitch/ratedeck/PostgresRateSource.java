package io.softswitch.ratedeck;

import io.softswitch.ratedeck.internal.DeckRepository;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
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
        try (Connection connection = dataSource.getConnection())
        {
            // A cursor (fetch size) needs a transaction in PgJDBC; read-only and repeatable read
            // give one snapshot even while an import commits.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try
            {
                return new DeckRepository(connection).liveRates(clock.instant());
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
