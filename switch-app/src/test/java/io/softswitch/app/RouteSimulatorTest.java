package io.softswitch.app;

import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.lcr.ExclusionReason;
import io.softswitch.lcr.RouteResult;
import io.softswitch.lcr.RouteSimulation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route simulator of a running switch (demo configuration, embedded PostgreSQL) answers like
 * a live call: the number as dialled through the trunk's tech prefix and number rules, "not
 * found" for a name that is not a customer trunk, every deck date form for {@code at}, and a past
 * instant from the deck history after a later import and reload.
 */
@Tag("e2e")
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteSimulatorTest
{
    private Softswitch softswitch;
    private LiveRouting routing;
    private LiveDecks decks;

    @BeforeAll
    void start(@TempDir final Path directory)
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(-1)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        softswitch = Softswitch.start(config, Map.of());
        routing = softswitch.routing();
        decks = new LiveDecks(softswitch.deckStore(), routing, TrunkDirectory.of(config.signaling()), 10);
    }

    @AfterAll
    void stop()
    {
        if (softswitch != null)
        {
            softswitch.close();
        }
    }

    private ApiReply simulate(final String... keyValues)
    {
        final Map<String, String> query = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            query.put(keyValues[i], keyValues[i + 1]);
        }
        return routing.simulate(query);
    }

    private RouteSimulation simulation(final String... keyValues)
    {
        final ApiReply reply = simulate(keyValues);
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
        return (RouteSimulation) reply.body();
    }

    @Test
    void shouldApplyTheTrunksNumberRulesToEveryWayTheNumberIsDialled()
    {
        for (final String dialled : new String[] {"07700900123", "00447700900123", "+447700900123"})
        {
            final RouteSimulation simulation = simulation("customer", "acme", "number", dialled);

            assertThat(simulation.dialled()).isEqualTo(dialled);
            assertThat(simulation.number()).isEqualTo("447700900123");
            assertThat(simulation.outcome()).isEqualTo(RouteResult.Outcome.ROUTED);
            assertThat(simulation.sellRate().prefix()).isEqualTo("447");
        }
    }

    @Test
    void shouldStripTheTechPrefixAndRefuseANumberWithoutIt()
    {
        final RouteSimulation withPrefix = simulation("customer", "globex", "number", "9901447700900123");
        assertThat(withPrefix.number()).isEqualTo("447700900123");
        assertThat(withPrefix.outcome()).isEqualTo(RouteResult.Outcome.ROUTED);
        assertThat(withPrefix.maxAttempts()).isEqualTo(2);

        final RouteSimulation without = simulation("customer", "globex", "number", "447700900123");
        assertThat(without.outcome()).isEqualTo(RouteResult.Outcome.NO_ROUTE);
        assertThat(without.number()).isNull();
        assertThat(without.note()).contains("tech prefix '9901'");
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownCustomerOrAVendorGivenAsOne()
    {
        assertThat(simulate("customer", "nobody", "number", "447700900123"))
            .isEqualTo(ApiReply.error(404, "no customer trunk named 'nobody'"));
        assertThat(simulate("customer", "vendor-a", "number", "447700900123"))
            .isEqualTo(ApiReply.error(404, "'vendor-a' is a vendor trunk, not a customer trunk"));
    }

    @Test
    void shouldRefuseBadInputNamingTheField()
    {
        assertThat(simulate("customer", "acme", "number", "44x").status()).isEqualTo(400);
        assertThat(simulate("customer", "acme", "number", "44", "at", "yesterday").body().toString())
            .contains("at must be a date");
        assertThat(simulate("customer", "acme", "number", "44", "when", "now").body().toString())
            .contains("unknown parameter 'when'");
    }

    @Test
    void shouldTakeEveryDateFormTheDecksTake()
    {
        assertThat(simulation("customer", "acme", "number", "442079460000", "at", "2026-06-01").at())
            .isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(simulation("customer", "acme", "number", "442079460000", "at", "2026-06-01T12:30").at())
            .isEqualTo(Instant.parse("2026-06-01T12:30:00Z"));
        assertThat(simulation("customer", "acme", "number", "442079460000", "at", "2026-06-01T12:30:00+02:00").at())
            .isEqualTo(Instant.parse("2026-06-01T10:30:00Z"));
    }

    @Test
    void shouldAnswerAPastInstantFromTheDeckHistoryAfterALaterImportAndReload(@TempDir final Path directory)
        throws Exception
    {
        final Instant before = Instant.now();
        Thread.sleep(5);
        final Path deck = Files.writeString(directory.resolve("vendor-c.csv"), "prefix,rate\n447,0.001000\n");
        final ApiReply imported = decks.importDeck(Map.of("trunk", "vendor-c", "direction", "vendor", "mode", "update"),
            deck);
        assertThat(imported.status()).as("%s", imported.body()).isEqualTo(200);
        routing.reload();

        final RouteSimulation now = simulation("customer", "acme", "number", "07700900123");
        final RouteSimulation then = simulation("customer", "acme", "number", "07700900123", "at", before.toString());

        assertThat(now.ratesFromHistory()).isFalse();
        assertThat(rateOf(now, "vendor-c")).isEqualTo(1_000L);
        assertThat(then.ratesFromHistory()).isTrue();
        assertThat(rateOf(then, "vendor-c")).isEqualTo(24_000L);
        assertThat(then.excluded()).extracting(RouteSimulation.VendorRoute::exclusion)
            .doesNotContainNull().doesNotContain(ExclusionReason.VENDOR_BLOCKED);
    }

    private static Long rateOf(final RouteSimulation simulation, final String vendor)
    {
        return java.util.stream.Stream.concat(simulation.routes().stream(), simulation.excluded().stream())
            .filter(route -> route.vendor().equals(vendor)).findFirst().orElseThrow().ratePerMinuteMicros();
    }
}
