package io.softswitch.app;

import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.ratedeck.DeckDirection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
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
    @RegisterExtension
    final OfflineSwitchFixture offline = new OfflineSwitchFixture();

    @Test
    void shouldImportDecksAndSimulateFromTheCommandLine() throws Exception
    {
        final String config = acmeCheapAndImported("dear", "prefix,destination,rate\n44,United Kingdom,0.025\n");

        assertThat(offline.run("simulate", "--config", config, "--customer", "acme", "--number", "442079460000"))
            .as(offline.err()).isZero();

        final String table = offline.out();
        assertThat(table).contains("outcome=ROUTED");
        assertThat(table).containsPattern("(?m)^1\\s+cheap\\s+4420\\s+0\\.006000");
        assertThat(table).containsPattern("(?m)^-\\s+dear\\s+44\\s+0\\.025000.*below minimum margin");

        offline.clearOut();
        assertThat(offline.run("simulate", "--config", config, "--customer", "acme", "--number", "+442079460000",
            "--at", "2020-01-01")).as(offline.err()).isZero();
        assertThat(offline.out()).contains("dialled=+442079460000 number=442079460000 at=2020-01-01T00:00:00Z " +
            "(rates from deck history) outcome=NO_SELL_RATE");
        assertThat(offline.run("simulate", "--config", config, "--customer", "cheap", "--number", "44")).isEqualTo(1);
        assertThat(offline.err()).contains("'cheap' is a vendor trunk, not a customer trunk");
        // A deck imported with a price above the configuration's ceiling (100 per minute by default) is refused.
        final String typo = offline.writeDeck("typo", "prefix,destination,rate\n44,United Kingdom,250\n");
        assertThat(offline.run("deck", "import", "--config", config, "--trunk", "dear", "--direction", "vendor",
            "--file", typo)).isEqualTo(1);
        assertThat(offline.out()).contains("typo.csv:2: rate_above_ceiling rate=250 max=100.000000");
    }

    @Test
    void shouldHonourTheBlocksKeptInTheDatabaseWhenSimulatingOffline() throws Exception
    {
        final String config = acmeCheapAndImported("spare", "prefix,destination,rate\n44,United Kingdom,0.010\n");
        try (RateDecks decks = offline.openDecks())
        {
            decks.blocks().add("cheap", "4420", "ticket 4711");
        }
        offline.clearOut();

        assertThat(offline.run("simulate", "--config", config, "--customer", "acme", "--number", "442079460000"))
            .as(offline.err()).isZero();

        final String table = offline.out();
        assertThat(table).containsPattern("(?m)^1\\s+spare\\s+44\\s+0\\.010000");
        assertThat(table).containsPattern("(?m)^-\\s+cheap\\s+4420\\s.*excluded: prefix blocked for vendor");
    }

    @Test
    void shouldRefuseSimulateWithoutNumber()
    {
        assertThat(offline.run("simulate", "--customer", "acme")).isEqualTo(2);
        assertThat(offline.err()).contains("simulate needs --customer and --number");
    }

    @Test
    void shouldSimulateForATrunkProvisionedIntoTheTrunkTable() throws Exception
    {
        final String config = acmeWithVendors("cheap");
        final SoftswitchConfig read = new ConfigFileReader(Map.of()).read(Path.of(config));
        try (RateDecks decks = offline.openDecks())
        {
            decks.trunks().seedOnce(read.trunkDefinitions(), config);
            decks.trunks().put(new TrunkStore.StoredTrunk("initech", DeckDirection.CUSTOMER,
                "name: initech\nsources: [127.0.0.9/32]\n"));
        }

        assertThat(offline.run("simulate", "--config", config, "--customer", "initech", "--number", "442079460000"))
            .as(offline.err()).isZero();
        assertThat(offline.out()).contains("outcome=NO_SELL_RATE");
    }

    /**
     * Writes a configuration with customer {@code acme} and vendors {@code cheap} and one more, and
     * imports their decks from the command line: acme sells 44 at 0.020, cheap buys 4420 at 0.006.
     *
     * @return the configuration file, as a command-line argument.
     */
    private String acmeCheapAndImported(final String vendor, final String vendorDeck) throws Exception
    {
        final String config = acmeWithVendors("cheap", vendor);
        offline.writeDeck("acme", "prefix,destination,rate\n44,United Kingdom,0.020\n");
        offline.writeDeck("cheap", "prefix,destination,rate\n4420,London,0.006\n");
        offline.writeDeck(vendor, vendorDeck);
        assertThat(offline.importDeck("acme", "customer")).as(offline.err()).isZero();
        assertThat(offline.importDeck("cheap", "vendor")).as(offline.err()).isZero();
        assertThat(offline.importDeck(vendor, "vendor")).as(offline.err()).isZero();
        offline.clearOut();
        return config;
    }

    /**
     * Writes a configuration with customer {@code acme} on 127.0.0.1 and the named vendors.
     *
     * @return the configuration file, as a command-line argument.
     */
    private String acmeWithVendors(final String... vendors) throws Exception
    {
        final StringBuilder yaml = new StringBuilder("""
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            vendors:
            """);
        for (final String vendor : vendors)
        {
            yaml.append("  - name: ").append(vendor).append("\n    host: 127.0.0.1\n");
        }
        offline.writeConfig(yaml.toString());
        return offline.config();
    }
}
