package io.softswitch.app;

import io.softswitch.app.config.DatabaseSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A configuration file naming an embedded PostgreSQL in a test's directory, rate decks beside
 * it, and the offline commands ({@code softswitch deck|simulate|token|report ...}) run against
 * them with their output captured. A JUnit extension: each test gets a fresh temporary directory
 * (removed after it) and fresh output.
 */
final class OfflineSwitchFixture implements BeforeEachCallback, AfterEachCallback
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path directory;
    private Path config;

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException
    {
        directory = Files.createTempDirectory("offline-switch");
        config = directory.resolve("switch.yaml");
        out.reset();
        err.reset();
    }

    @Override
    public void afterEach(final ExtensionContext context) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(file);
            }
        }
    }

    /**
     * The test's directory: the configuration, the decks and the database are there.
     */
    Path directory()
    {
        return directory;
    }

    /**
     * Writes the configuration file: the given sections and a {@code database} section naming the
     * embedded PostgreSQL.
     *
     * @param sections YAML of the other sections (trunks, decks), may be empty.
     * @return the file.
     */
    Path writeConfig(final String sections) throws IOException
    {
        Files.writeString(config, sections + "database:\n  data-directory: " + database() + "\n");
        return config;
    }

    /**
     * The configuration file, as a command-line argument.
     */
    String config()
    {
        return config.toString();
    }

    /**
     * Writes a rate deck named {@code trunk.csv} beside the configuration.
     *
     * @return the file, as a command-line argument.
     */
    String writeDeck(final String trunk, final String csv) throws IOException
    {
        final Path file = directory.resolve(trunk + ".csv");
        Files.writeString(file, csv);
        return file.toString();
    }

    /**
     * Imports the deck {@link #writeDeck} wrote for a trunk with {@code softswitch deck import}.
     *
     * @return the command's exit status.
     */
    int importDeck(final String trunk, final String direction)
    {
        return run("deck", "import", "--config", config(), "--trunk", trunk, "--direction", direction,
            "--file", directory.resolve(trunk + ".csv").toString());
    }

    /**
     * Opens the configuration's database directly, to seed or check what the commands see.
     */
    RateDecks openDecks()
    {
        return RateDecks.open(new DatabaseSettings(null, database()), Map.of(), Clock.systemUTC());
    }

    /**
     * Runs one offline command with an empty environment.
     *
     * @return its exit status.
     */
    int run(final String... args)
    {
        return OfflineCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    /**
     * What the commands printed on standard output since the last {@link #clearOut()}.
     */
    String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * What the commands printed on standard error.
     */
    String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * Forgets the standard output so far.
     */
    void clearOut()
    {
        out.reset();
    }

    private Path database()
    {
        return directory.resolve("postgres");
    }
}
