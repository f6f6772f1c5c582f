package io.softswitch.app;

import io.softswitch.app.admin.ApiTokenStore;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.DeckSeed;
import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DatabaseMigrations;
import io.softswitch.ratedeck.DeckImportRequest;
import io.softswitch.ratedeck.DeckImportResult;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.EmbeddedDatabase;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.ImportProgress;
import io.softswitch.ratedeck.PostgresRateSource;
import io.softswitch.ratedeck.RateSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The rate deck database of a running switch: an external PostgreSQL, or an embedded one started
 * here; migrated on open; the deck store the admin API imports through and the rate source the
 * routing snapshot is built from.
 */
public final class RateDecks implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RateDecks.class);

    private final EmbeddedDatabase embedded;
    private final DataSource dataSource;
    private final DeckStore store;
    private final RateSource rates;
    private final RouteBlockStore blocks;
    private final ApiTokenStore tokens;
    private final TrunkStore trunks;
    private final String jdbcUrl;

    private RateDecks(final EmbeddedDatabase embedded, final DataSource dataSource, final Clock clock,
        final String jdbcUrl, final long maxRatePerMinuteMicros)
    {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
        this.store = new DeckStore(dataSource, clock, maxRatePerMinuteMicros);
        this.rates = new PostgresRateSource(dataSource, clock);
        this.blocks = new RouteBlockStore(dataSource, clock);
        this.tokens = new ApiTokenStore(dataSource);
        this.trunks = new TrunkStore(dataSource);
    }

    /**
     * Opens the database the settings name (starting the embedded one when none is named) and
     * migrates its schema.
     *
     * @param settings where the database is.
     * @param env      the environment: {@code SOFTSWITCH_JDBC_USER} / {@code SOFTSWITCH_JDBC_PASSWORD}.
     * @param clock    the wall clock of imports and rates in force.
     * @return the open database.
     * @throws UncheckedIOException when the embedded database cannot start.
     */
    public static RateDecks open(final DatabaseSettings settings, final Map<String, String> env, final Clock clock)
    {
        return open(settings, env, clock, DeckStore.DEFAULT_MAX_RATE_PER_MINUTE_MICROS);
    }

    /**
     * Opens the database as {@link #open(DatabaseSettings, Map, Clock)} does, with a ceiling on
     * the rates its imports accept.
     *
     * @param settings               where the database is.
     * @param env                    the environment.
     * @param clock                  the wall clock of imports and rates in force.
     * @param maxRatePerMinuteMicros highest rate per minute an import accepts, micro-units.
     * @return the open database.
     * @throws UncheckedIOException when the embedded database cannot start.
     */
    public static RateDecks open(final DatabaseSettings settings, final Map<String, String> env, final Clock clock,
        final long maxRatePerMinuteMicros)
    {
        EmbeddedDatabase embedded = null;
        try
        {
            final DataSource dataSource;
            if (settings.external())
            {
                final PGSimpleDataSource external = new PGSimpleDataSource();
                external.setUrl(settings.jdbcUrl());
                if (env.get("SOFTSWITCH_JDBC_USER") != null)
                {
                    external.setUser(env.get("SOFTSWITCH_JDBC_USER"));
                }
                if (env.get("SOFTSWITCH_JDBC_PASSWORD") != null)
                {
                    external.setPassword(env.get("SOFTSWITCH_JDBC_PASSWORD"));
                }
                dataSource = external;
            }
            else
            {
                embedded = EmbeddedDatabase.start(settings.dataDirectory());
                LOG.info("embedded PostgreSQL in {} on port {}", settings.dataDirectory(), embedded.port());
                dataSource = embedded.dataSource();
            }
            DatabaseMigrations.migrate(dataSource);
            return new RateDecks(embedded, dataSource, clock,
                embedded == null ? settings.jdbcUrl() : embedded.jdbcUrl(), maxRatePerMinuteMicros);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start embedded PostgreSQL: dataDirectory=" + settings.dataDirectory(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(embedded);
            throw ex;
        }
    }

    /**
     * Imports each seed deck whose trunk has no deck in that direction yet; a seed that is refused
     * is logged and skipped (the switch still starts).
     *
     * @param seeds the decks named in the configuration.
     * @return how many were imported.
     */
    public int seed(final List<DeckSeed> seeds)
    {
        int imported = 0;
        for (final DeckSeed seed : seeds)
        {
            if (!store.history(seed.trunk(), seed.direction()).isEmpty())
            {
                continue;
            }
            final DeckImportRequest request = new DeckImportRequest(seed.trunk(), seed.direction(), seed.file(),
                ColumnMapping.parse(seed.mapping()), ImportMode.REPLACE, store.now(), false, false);
            try
            {
                final DeckImportResult result = store.importDeck(request, ImportProgress.NONE);
                if (result.outcome() == DeckImportResult.Outcome.STORED)
                {
                    imported++;
                    LOG.info("seeded {} deck of {} from {}: {} rows", seed.direction(), seed.trunk(), seed.file(),
                        result.rowsAccepted());
                }
                else
                {
                    LOG.warn("seed deck {} refused: {} errors, first: {}", seed.file(), result.errors().size(),
                        result.errors().isEmpty() ? "-" : result.errors().getFirst());
                }
            }
            catch (final IOException ex)
            {
                LOG.warn("seed deck {} unreadable: {}", seed.file(), ex.toString());
            }
        }
        return imported;
    }

    /**
     * The database (migrated): for billing and reports.
     *
     * @return the data source.
     */
    public DataSource dataSource()
    {
        return dataSource;
    }

    /**
     * The deck store: imports and history.
     *
     * @return the store.
     */
    public DeckStore store()
    {
        return store;
    }

    /**
     * Every rate in force now or later, for the routing snapshot.
     *
     * @return the rate source.
     */
    public RateSource rates()
    {
        return rates;
    }

    /**
     * The NOC route blocks kept in the same database.
     *
     * @return the block store.
     */
    public RouteBlockStore blocks()
    {
        return blocks;
    }

    /**
     * The database's JDBC URL (without the credentials of the environment).
     *
     * @return the URL.
     */
    public String jdbcUrl()
    {
        return jdbcUrl;
    }

    /**
     * The provisioned trunks kept in the same database.
     *
     * @return the trunk store.
     */
    public TrunkStore trunks()
    {
        return trunks;
    }

    /**
     * The admin API's tokens kept in the same database.
     *
     * @return the token store.
     */
    public ApiTokenStore tokens()
    {
        return tokens;
    }

    /**
     * Stops the embedded database, if this started one.
     */
    @Override
    public void close()
    {
        closeQuietly(embedded);
    }

    private static void closeQuietly(final EmbeddedDatabase embedded)
    {
        if (embedded == null)
        {
            return;
        }
        try
        {
            embedded.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", ex.toString());
        }
    }
}
