package io.softswitch.app;

import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch with its embedded PostgreSQL, started from the demo configuration: the demo decks
 * are seeded, and a deck imported through the admin API changes what the route simulator answers
 * at once (import, then reload).
 */
@Tag("e2e")
@Timeout(120)
class SoftswitchDatabaseTest
{
    private static final String UK_MOBILE = "/api/routes/simulate?customer=acme&number=447700900123";

    /** An admin token, created on the switch's first start. */
    private String token;

    @TempDir
    private Path directory;

    @Test
    void shouldSeedDemoDecksAndRouteByADeckImportedThroughTheAdminApi() throws Exception
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(0)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        try (Softswitch softswitch = Softswitch.start(config, Map.of());
             HttpClient client = HttpClient.newHttpClient())
        {
            token = softswitch.tokens().create("test-admin", Role.ADMIN).token();
            final String base = "http://127.0.0.1:" + softswitch.adminPort();
            final String before = send(client, "GET", base + UK_MOBILE, "").body();
            // Demo decks: vendor-b sells UK mobile (447) cheapest at 0.0185, vendor-c at 0.024.
            assertThat(before).contains("\"vendor\":\"vendor-b\",\"position\":1");

            final HttpResponse<String> refused = send(client, "POST",
                base + "/api/decks/import?trunk=vendor-c&direction=vendor&mode=update&file=cut.csv",
                "Prefix,Destination,Rate\n447,United Kingdom Mobile,-0.01\n");
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("\"outcome\":\"rejected\"")
                .contains("{\"file\":\"cut.csv\",\"line\":2,\"problem\":\"negative_rate\"");

            final HttpResponse<String> imported = send(client, "POST",
                base + "/api/decks/import?trunk=vendor-c&direction=vendor&mode=update&file=cut.csv",
                "Prefix,Destination,Rate\n447,United Kingdom Mobile,0.010000\n");
            assertThat(imported.statusCode()).isEqualTo(200);
            assertThat(imported.body()).contains("\"outcome\":\"stored\"").contains("\"version\":2")
                .contains("\"decreased\":1");

            final String after = send(client, "GET", base + UK_MOBILE, "").body();
            assertThat(after).contains("\"vendor\":\"vendor-c\",\"position\":1");
            assertThat(send(client, "GET", base + "/api/decks/history?trunk=vendor-c&direction=vendor", "").body())
                .contains("\"version\":1,").contains("\"version\":2,");
        }
    }

    private HttpResponse<String> send(final HttpClient client, final String method, final String uri,
        final String body) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
