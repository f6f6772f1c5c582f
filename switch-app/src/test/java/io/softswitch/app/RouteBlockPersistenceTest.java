package io.softswitch.app;

import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.lcr.ExclusionReason;
import io.softswitch.lcr.RouteSimulation;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NOC route blocks kept in the embedded PostgreSQL: a block set through the admin API is in force
 * again after the switch restarts on the same database, a lifted one is not, and a block written
 * to the table behind the switch's back takes effect on the next reload.
 */
@Tag("e2e")
@Timeout(180)
class RouteBlockPersistenceTest
{
    private static final String UK_MOBILE = "/api/routes/simulate?customer=acme&number=447700900123";

    /** An admin token, created on the switch's first start. */
    private String token;

    @TempDir
    private Path directory;

    @Test
    void shouldKeepABlockAcrossARestartAndNotBringBackALiftedOne() throws Exception
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(0)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        try (Softswitch softswitch = Softswitch.start(config, Map.of());
             HttpClient client = HttpClient.newHttpClient())
        {
            token = softswitch.tokens().create("test-admin", Role.ADMIN).token();
            final String base = "http://127.0.0.1:" + softswitch.adminPort();
            // Demo decks: vendor-b sells UK mobile (447) cheapest, then vendor-a (4477), then vendor-c.
            assertThat(send(client, "GET", base + UK_MOBILE, "").body()).contains("\"vendor\":\"vendor-b\",\"position\":1");

            final HttpResponse<String> blocked = send(client, "POST", base + "/api/blocks",
                "{\"vendor\":\"vendor-b\",\"reason\":\"ticket 4711: one-way audio\"}");
            assertThat(blocked.statusCode()).isEqualTo(200);
            assertThat(blocked.body()).startsWith(
                "{\"blocks\":[{\"vendor\":\"vendor-b\",\"prefix\":null,\"reason\":\"ticket 4711: one-way audio\"," +
                    "\"createdAt\":\"");
            assertThat(send(client, "POST", base + "/api/blocks?prefix=449&reason=premium", "").statusCode())
                .isEqualTo(200);
            assertThat(send(client, "POST", base + "/api/blocks?vendor=vendor-c&prefix=447", "").statusCode())
                .isEqualTo(200);
            final HttpResponse<String> lifted = send(client, "DELETE", base + "/api/blocks",
                "{\"vendor\":\"vendor-c\",\"prefix\":\"447\"}");
            assertThat(lifted.body()).contains("\"prefix\":\"449\"").doesNotContain("\"vendor\":\"vendor-c\"");
            assertThat(send(client, "GET", base + UK_MOBILE, "").body())
                .contains("\"vendor\":\"vendor-a\",\"position\":1")
                .contains("\"vendor\":\"vendor-c\",\"position\":2");
        }

        try (Softswitch restarted = Softswitch.start(config, Map.of());
             HttpClient client = HttpClient.newHttpClient())
        {
            final String base = "http://127.0.0.1:" + restarted.adminPort();
            final String blocks = send(client, "GET", base + "/api/blocks", "").body();
            assertThat(blocks)
                .contains("{\"vendor\":\"vendor-b\",\"prefix\":null,\"reason\":\"ticket 4711: one-way audio\"")
                .contains("{\"vendor\":null,\"prefix\":\"449\",\"reason\":\"premium\"")
                .doesNotContain("vendor-c");
            final RouteSimulation simulation =
                restarted.routing().engine().simulate("acme", "447700900123", Instant.now()).join();
            assertThat(simulation.vendorNames()).containsExactly("vendor-a", "vendor-c");
            assertThat(simulation.excluded()).anySatisfy(route ->
            {
                assertThat(route.vendor()).isEqualTo("vendor-b");
                assertThat(route.exclusion()).isEqualTo(ExclusionReason.VENDOR_BLOCKED);
            });
        }
    }

    @Test
    void shouldApplyBlocksFromTheTableOnReload()
    {
        try (RateDecks decks = RateDecks.open(new DatabaseSettings(null, directory.resolve("postgres")), Map.of(),
            Clock.systemUTC());
             LiveRouting routing = LiveRouting.start(() -> List.of(
                 deck("acme", DeckDirection.CUSTOMER, 20_000),
                 deck("vendor-a", DeckDirection.VENDOR, 12_000),
                 deck("vendor-b", DeckDirection.VENDOR, 11_000)), RoutingSettings.DEFAULT,
                 TrunkDirectory.of(new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml")).signaling()),
                 decks.blocks()))
        {
            assertThat(vendors(routing)).containsExactly("vendor-b", "vendor-a");

            decks.blocks().add("vendor-b", null, "set by hand");
            assertThat(vendors(routing)).containsExactly("vendor-b", "vendor-a");
            routing.reload();
            assertThat(vendors(routing)).containsExactly("vendor-a");

            assertThat(decks.blocks().remove("vendor-b", null)).isTrue();
            routing.reload();
            assertThat(vendors(routing)).containsExactly("vendor-b", "vendor-a");
        }
    }

    private static List<String> vendors(final LiveRouting routing)
    {
        return routing.engine().simulate("acme", "4420", Instant.now()).join().vendorNames();
    }

    private static TrunkRates deck(final String trunk, final DeckDirection direction, final long micros)
    {
        return new TrunkRates(trunk, direction, List.of(
            new Rate("44", "United Kingdom", micros, 0, 60, 60, 0, Instant.parse("2020-01-01T00:00:00Z"), null)));
    }

    private HttpResponse<String> send(final HttpClient client, final String method, final String uri,
        final String body) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
