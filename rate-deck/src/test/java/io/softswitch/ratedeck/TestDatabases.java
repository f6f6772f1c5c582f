package io.softswitch.ratedeck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL server per test JVM (startup costs seconds on two shared cores), and a
 * fresh migrated database per test, copied from a migrated template. Public for the tests of
 * the other packages of the module.
 */
public final class TestDatabases
{
    private static final String TEMPLATE = "deck_template";
    private static EmbeddedDatabase server;
    private static int created;

    private TestDatabases()
    {
    }

    /**
     * A database of its own for one test.
     *
     * @param dataSource where it is.
     * @param jdbcUrl    its URL, user included.
     */
    public record TestDatabase(DataSource dataSource, String jdbcUrl)
    {
    }

    /**
     * Creates a migrated database for one test, starting the server on first use.
     *
     * @return the database.
     */
    public static synchronized TestDatabase newDatabase()
    {
        if (server == null)
        {
            try
            {
                final Path directory = Path.of("target", "test-postgres").toAbsolutePath();
                deleteRecursively(directory);
                // A throw-away cluster: durability buys nothing here.
                server = EmbeddedDatabase.start(directory, Map.of("fsync", "off", "full_page_writes", "off"));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            server.createDatabase(TEMPLATE);
            DatabaseMigrations.migrate(server.dataSource(TEMPLATE));
        }
        final String name = "test_" + ++created;
        server.createDatabase(name, TEMPLATE);
        return new TestDatabase(server.dataSource(name), server.jdbcUrl(name));
    }

    private static void deleteRecursively(final Path directory) throws IOException
    {
        if (!Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
