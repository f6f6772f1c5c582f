package io.softswitch.ratedeck;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/**
 * Brings a database's schema up to date with the migrations versioned in the repository
 * ({@code src/main/resources/db/migration}, Flyway's {@code V<n>__<what>.sql} naming).
 */
public final class DatabaseMigrations
{
    /** Where the migrations are on the class path; other modules add theirs with new version numbers. */
    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrations()
    {
    }

    /**
     * Applies every pending migration, in one transaction per migration.
     *
     * @param dataSource the database.
     * @return how many migrations were applied (0 when already up to date).
     */
    public static int migrate(final DataSource dataSource)
    {
        final MigrateResult result = Flyway.configure()
            .dataSource(dataSource)
            .locations(LOCATION)
            .load()
            .migrate();
        return result.migrationsExecuted;
    }
}
