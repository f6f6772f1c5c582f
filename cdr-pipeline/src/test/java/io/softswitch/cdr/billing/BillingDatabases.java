package io.softswitch.cdr.billing;

import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DatabaseMigrations;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckImportRequest;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.EmbeddedDatabase;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.ImportProgress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL per test JVM and a migrated database (rate decks and CDR tables) per
 * test, copied from a template; and deck imports through the real rate-deck importer.
 */
public final class BillingDatabases
{
    private static final String TEMPLATE = "cdr_template";
    private static EmbeddedDatabase server;
    private static int created;

    private BillingDatabases()
    {
    }

    /**
     * A fresh migrated database.
     *
     * @return its data source.
     */
    public static synchronized DataSource newDatabase()
    {
        if (server == null)
        {
            try
            {
                final Path directory = Path.of("target", "test-postgres").toAbsolutePath();
                deleteRecursively(directory);
                server = EmbeddedDatabase.start(directory, Map.of("fsync", "off", "full_page_writes", "off"));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            server.createDatabase(TEMPLATE);
            DatabaseMigrations.migrate(server.dataSource(TEMPLATE));
        }
        final String name = "cdr_test_" + ++created;
        server.createDatabase(name, TEMPLATE);
        return server.dataSource(name);
    }

    /**
     * A fresh database with no schema at all (for a test that migrates it step by step).
     *
     * @return its data source.
     */
    public static synchronized DataSource emptyDatabase()
    {
        newDatabase();
        final String name = "cdr_empty_" + ++created;
        server.createDatabase(name);
        return server.dataSource(name);
    }

    /**
     * Imports a deck (replace mode) through the rate-deck importer.
     *
     * @param dataSource  the database.
     * @param directory   where to write the CSV.
     * @param trunk       the trunk.
     * @param direction   buy or sell.
     * @param csv         the deck with a header row.
     * @param effectiveAt when it takes effect.
     */
    public static void importDeck(final DataSource dataSource, final Path directory, final String trunk,
        final DeckDirection direction, final String csv, final Instant effectiveAt)
    {
        try
        {
            final Path file = Files.createTempFile(directory, trunk, ".csv");
            Files.writeString(file, csv);
            new DeckStore(dataSource, Clock.fixed(effectiveAt, ZoneOffset.UTC)).importDeck(new DeckImportRequest(trunk,
                direction, file, ColumnMapping.parse(ColumnMapping.GENERIC), ImportMode.UPDATE, effectiveAt, false,
                false), ImportProgress.NONE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteRecursively(final Path directory) throws IOException
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
