package io.softswitch.app;

import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.ratedeck.DeckDirection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code softswitch deck} and {@code softswitch simulate} against an embedded PostgreSQL named by
 * the configuration: decks imported from the command line, and the blocks kept in the database,
 * drive the offline simulator.
 */
@Tag("e2e")
@Timeout(120)
class OfflineCommandTest
{
    @TempDir
    private Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldImportDecksAndSimulateFromTheCommandLine() throws Exception
    {
        final Path config = directory.resolve("switch.yaml");
        Files.writeString(config, """
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            vendors:
              - name: cheap
                host: 127.0.0.1
              - name: dear
                host: 127.0.0.1
            database:
              data-directory: %s
            """.formatted(directory.resolve("postgres")));
        Files.writeString(directory.resolve("acme.csv"), "prefix,destination,rate\n44,United Kingdom,0.020\n");
        Files.writeString(directory.resolve("cheap.csv"), "prefix,destination,rate\n4420,London,0.006\n");
        Files.writeString(directory.resolve("dear.csv"), "prefix,destination,rate\n44,United Kingdom,0.025\n");

        assertThat(run("deck", "import", "--config", config.toString(), "--trunk", "acme", "--direction", "customer",
            "--file", directory.resolve("acme.csv").toString())).as(text(err)).isZero();
        assertThat(run("deck", "import", "--config", config.toString(), "--trunk", "cheap", "--direction", "vendor",
            "--file", directory.resolve("cheap.csv").toString())).as(text(err)).isZero();
        assertThat(run("deck", "import", "--config", config.toString(), "--trunk", "dear", "--direction", "vendor",
            "--file", directory.resolve("dear.csv").toString())).as(text(err)).isZero();
        out.reset();

        assertThat(run("simulate", "--config", config.toString(), "--customer", "acme", "--number", "442079460000"))
            .as(text(err)).isZero();

        final String table = text(out);
        assertThat(table).contains("outcome=ROUTED");
        assertThat(table).containsPattern("(?m)^1\\s+cheap\\s+4420\\s+0\\.006000");
        assertThat(table).containsPattern("(?m)^-\\s+dear\\s+44\\s+0\\.025000.*below minimum margin");

        out.reset();
        assertThat(run("simulate", "--config", config.toString(), "--customer", "acme", "--number", "+442079460000",
            "--at", "2020-01-01")).as(text(err)).isZero();
        assertThat(text(out)).contains("dialled=+442079460000 number=442079460000 at=2020-01-01T00:00:00Z " +
            "(rates from deck history) outcome=NO_SELL_RATE");
        assertThat(run("simulate", "--config", config.toString(), "--customer", "cheap", "--number", "44")).isEqualTo(1);
        assertThat(text(err)).contains("'cheap' is a vendor trunk, not a customer trunk");
        // A deck imported with a price above the configuration's ceiling (100 per minute by default) is refused.
        Files.writeString(directory.resolve("typo.csv"), "prefix,destination,rate\n44,United Kingdom,250\n");
        assertThat(run("deck", "import", "--config", config.toString(), "--trunk", "dear", "--direction", "vendor",
            "--file", directory.resolve("typo.csv").toString())).isEqualTo(1);
        assertThat(text(out)).contains("typo.csv:2: rate_above_ceiling rate=250 max=100.000000");
    }

    @Test
    void shouldHonourTheBlocksKeptInTheDatabaseWhenSimulatingOffline() throws Exception
    {
        final Path config = directory.resolve("switch.yaml");
        Files.writeString(config, """
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            vendors:
              - name: cheap
                host: 127.0.0.1
              - name: spare
                host: 127.0.0.1
            database:
              data-directory: %s
            """.formatted(directory.resolve("postgres")));
        Files.writeString(directory.resolve("acme.csv"), "prefix,destination,rate\n44,United Kingdom,0.020\n");
        Files.writeString(directory.resolve("cheap.csv"), "prefix,destination,rate\n4420,London,0.006\n");
        Files.writeString(directory.resolve("spare.csv"), "prefix,destination,rate\n44,United Kingdom,0.010\n");
        for (final String[] deck : new String[][] {{"acme", "customer"}, {"cheap", "vendor"}, {"spare", "vendor"}})
        {
            assertThat(run("deck", "import", "--config", config.toString(), "--trunk", deck[0], "--direction", deck[1],
                "--file", directory.resolve(deck[0] + ".csv").toString())).as(text(err)).isZero();
        }
        try (RateDecks decks = RateDecks.open(new DatabaseSettings(null, directory.resolve("postgres")), Map.of(),
            Clock.systemUTC()))
        {
            decks.blocks().add("cheap", "4420", "ticket 4711");
        }
        out.reset();

        assertThat(run("simulate", "--config", config.toString(), "--customer", "acme", "--number", "442079460000"))
            .as(text(err)).isZero();

        final String table = text(out);
        assertThat(table).containsPattern("(?m)^1\\s+spare\\s+44\\s+0\\.010000");
        assertThat(table).containsPattern("(?m)^-\\s+cheap\\s+4420\\s.*excluded: prefix blocked for vendor");
    }

    @Test
    void shouldRefuseSimulateWithoutNumber()
    {
        assertThat(run("simulate", "--customer", "acme")).isEqualTo(2);
        assertThat(text(err)).contains("simulate needs --customer and --number");
    }

    @Test
    void shouldSimulateForATrunkProvisionedIntoTheTrunkTable() throws Exception
    {
        final Path config = directory.resolve("switch.yaml");
        Files.writeString(config, """
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            vendors:
              - name: cheap
                host: 127.0.0.1
            database:
              data-directory: %s
            """.formatted(directory.resolve("postgres")));
        final SoftswitchConfig read = new ConfigFileReader(Map.of()).read(config);
        try (RateDecks decks = RateDecks.open(read.database(), Map.of(), Clock.systemUTC()))
        {
            decks.trunks().seedOnce(read.trunkDefinitions(), config.toString());
            decks.trunks().put(new TrunkStore.StoredTrunk("initech", DeckDirection.CUSTOMER,
                "name: initech\nsources: [127.0.0.9/32]\n"));
        }

        assertThat(run("simulate", "--config", config.toString(), "--customer", "initech", "--number", "442079460000"))
            .as(text(err)).isZero();
        assertThat(text(out)).contains("outcome=NO_SELL_RATE");
    }

    private int run(final String... args)
    {
        return OfflineCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
