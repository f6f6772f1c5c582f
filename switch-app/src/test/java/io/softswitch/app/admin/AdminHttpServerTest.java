package io.softswitch.app.admin;

import io.micrometer.core.instrument.Counter;
import io.softswitch.app.LiveDecks;
import io.softswitch.app.LiveRouting;
import io.softswitch.app.TrunkDirectory;
import io.softswitch.app.config.AdminListen;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;
import io.softswitch.signaling.SwitchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class AdminHttpServerTest
{
    private final SwitchConfig config =
        new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml")).signaling();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private AdminMetrics metrics;
    private LiveRouting routing;
    private AdminHttpServer server;

    @BeforeEach
    void start()
    {
        metrics = new AdminMetrics();
        routing = LiveRouting.start(() -> List.of(
            deck("acme", DeckDirection.CUSTOMER, 20_000),
            deck("vendor-a", DeckDirection.VENDOR, 12_000),
            deck("vendor-b", DeckDirection.VENDOR, 11_000),
            deck("vendor-c", DeckDirection.VENDOR, 30_000)), RoutingSettings.DEFAULT, TrunkDirectory.of(config), null);
        server = start(new AdminListen("127.0.0.1", 0));
    }

    @AfterEach
    void stop()
    {
        server.close();
        routing.close();
        metrics.close();
        client.close();
    }

    private AdminHttpServer start(final AdminListen listen)
    {
        final AdminRouter router = new AdminRouter();
        AdminRoutes.addHealthAndMetrics(router, metrics);
        final TrunksView trunks = TrunksView.of(config);
        AdminRoutes.addRouting(router, () -> trunks, routing);
        AdminRoutes.addDecks(router, new LiveDecks(null, routing, TrunkDirectory.of(config), 10));
        return AdminHttpServer.start(listen, router, TestTokens.ONE_PER_ROLE);
    }

    private static TrunkRates deck(final String trunk, final DeckDirection direction, final long micros)
    {
        return new TrunkRates(trunk, direction, List.of(
            new Rate("44", "United Kingdom", micros, 0, 60, 60, 0, Instant.parse("2020-01-01T00:00:00Z"), null)));
    }

    @Test
    void shouldServeMetricsInPrometheusTextFormatWithJvmAndSwitchMeters() throws Exception
    {
        Counter.builder("sip.requests").tag("method", "INVITE").register(metrics.registry()).increment(3);

        final HttpResponse<String> response = get("/metrics", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
            .contains("# TYPE sip_requests_total counter")
            .contains("sip_requests_total{method=\"INVITE\"} 3.0")
            .contains("jvm_memory_used_bytes{")
            .contains("jvm_threads_live_threads")
            .contains("process_cpu_usage")
            .contains("process_uptime_seconds");
    }

    @Test
    void shouldServeOnlyTheMetricFamiliesNamedInTheFilter() throws Exception
    {
        Counter.builder("sip.requests").tag("method", "INVITE").register(metrics.registry()).increment(3);
        Counter.builder("sip.responses").register(metrics.registry()).increment();

        final HttpResponse<String> response = get("/metrics?name=sip_requests_total,process_uptime_seconds", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
            .contains("sip_requests_total{method=\"INVITE\"} 3.0")
            .contains("process_uptime_seconds ")
            .doesNotContain("sip_responses")
            .doesNotContain("jvm_memory_used_bytes");
    }

    @Test
    void shouldRefuseAMetricsFilterThatIsNotAListOfNames() throws Exception
    {
        final HttpResponse<String> response = get("/metrics?name=sip_requests_total,,x%7By%7D", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("metric names separated by commas");
    }

    @Test
    void shouldServeOpenMetricsWhenScraperAsksForIt() throws Exception
    {
        final HttpResponse<String> response =
            get("/metrics", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString()
            .startsWith("application/openmetrics-text");
        assertThat(response.body()).endsWith("# EOF\n");
    }

    @Test
    void shouldAnswerHealthWithUp() throws Exception
    {
        final HttpResponse<String> response = get("/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void shouldListConfiguredTrunksAsJson() throws Exception
    {
        final HttpResponse<String> response = get("/api/trunks", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
            .startsWith("{\"customers\":[{\"name\":\"acme\",\"sources\":[\"127.0.0.1/32\",\"::1/128\"]")
            .contains("\"failover\":{\"rerouteOn\":[408,500,501,")
            .contains("{\"name\":\"globex\",\"sources\":[\"127.0.0.3/32\",\"127.0.0.1/32\"],\"techPrefix\":\"9901\"")
            .contains("\"vendors\":[{\"name\":\"vendor-a\",\"host\":\"127.0.0.1\",\"port\":5070,\"transport\":\"UDP\"")
            .contains("{\"name\":\"vendor-c\",\"host\":\"127.0.0.1\",\"port\":5072,\"transport\":\"TCP\",\"cpsLimit\":50,"
                + "\"concurrentLimit\":200,\"probe\":{\"enabled\":false,\"intervalMs\":30000,\"failuresToDown\":3,"
                + "\"successesToUp\":1}}]}");
    }

    @Test
    void shouldSimulateCheapestFirstAndExplainTheVendorAboveTheSellRate() throws Exception
    {
        final HttpResponse<String> response = get("/api/routes/simulate?customer=acme&number=442079460000", null);

        assertThat(response.statusCode()).isEqualTo(200);
        final String body = response.body();
        assertThat(body).contains("\"outcome\":\"ROUTED\"");
        assertThat(body.indexOf("\"vendor\":\"vendor-b\",\"position\":1"))
            .isPositive()
            .isLessThan(body.indexOf("\"vendor\":\"vendor-a\",\"position\":2"));
        assertThat(body.substring(body.indexOf("\"excluded\""))).contains("\"vendor\":\"vendor-c\"");
    }

    @Test
    void shouldRefuseSimulationWithoutNumber() throws Exception
    {
        final HttpResponse<String> response = get("/api/routes/simulate?customer=acme", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("number");
    }

    @Test
    void shouldBlockAVendorUntilTheBlockIsRemoved() throws Exception
    {
        final HttpResponse<String> blocked = send("POST", "/api/blocks?vendor=vendor-b&reason=ticket%204711");
        assertThat(blocked.statusCode()).isEqualTo(200);
        assertThat(blocked.body()).startsWith(
            "{\"blocks\":[{\"vendor\":\"vendor-b\",\"prefix\":null,\"reason\":\"ticket 4711\",\"createdAt\":\"")
            .endsWith("Z\"}]}");
        final String whileBlocked = get("/api/routes/simulate?customer=acme&number=4420", null).body();
        assertThat(whileBlocked).contains("\"vendor\":\"vendor-a\",\"position\":1");

        assertThat(send("DELETE", "/api/blocks?vendor=vendor-b").body()).isEqualTo("{\"blocks\":[]}");
        assertThat(get("/api/blocks", null).body()).isEqualTo("{\"blocks\":[]}");
        assertThat(get("/api/routes/simulate?customer=acme&number=4420", null).body())
            .contains("\"vendor\":\"vendor-b\",\"position\":1");
    }

    @Test
    void shouldTakeABlockAsAJsonBody() throws Exception
    {
        final HttpResponse<String> blocked =
            send("POST", "/api/blocks", "{\"vendor\":\"vendor-b\",\"prefix\":\"44\",\"reason\":\"say \\\"no\\\"\"}");

        assertThat(blocked.statusCode()).isEqualTo(200);
        assertThat(blocked.body()).startsWith(
            "{\"blocks\":[{\"vendor\":\"vendor-b\",\"prefix\":\"44\",\"reason\":\"say \\\"no\\\"\",");
        assertThat(get("/api/routes/simulate?customer=acme&number=4420", null).body())
            .contains("\"vendor\":\"vendor-a\",\"position\":1")
            .contains("\"exclusion\":\"VENDOR_PREFIX_BLOCKED\"");
    }

    @Test
    void shouldRefuseABlockBodyThatIsNotABlockRequest() throws Exception
    {
        final HttpResponse<String> refused = send("POST", "/api/blocks", "{\"vendr\":\"vendor-b\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).startsWith("{\"error\":\"body is not a BlockRequest JSON object");
        assertThat(get("/api/blocks", null).body()).isEqualTo("{\"blocks\":[]}");
    }

    @Test
    void shouldRefuseABlockWithAPrefixThatIsNotDigits() throws Exception
    {
        final HttpResponse<String> refused = send("POST", "/api/blocks?prefix=44x");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"error\":\"prefix must be 1 to 15 digits: prefix=44x\"}");
    }

    @Test
    void shouldAnswer503ToDeckImportWithoutDatabase() throws Exception
    {
        assertThat(send("POST", "/api/decks/import?trunk=vendor-a&direction=vendor").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldReloadTheSnapshot() throws Exception
    {
        final HttpResponse<String> response = send("POST", "/api/reload");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"vendors\":3,\"customers\":1,\"rates\":4,\"buildMs\":")
            .endsWith(",\"blocks\":0}");
    }

    @Test
    void shouldAskATokenForHealthWhenNotOpenOnLoopback() throws Exception
    {
        server.close();
        final AdminListen closed = new AdminListen("127.0.0.1", 0, AdminListen.DEFAULT_MAX_BODY_BYTES,
            AdminListen.DEFAULT_READ_TIMEOUT_MS, AdminListen.DEFAULT_IDLE_TIMEOUT_MS, AdminListen.DEFAULT_MAX_CONNECTIONS,
            false, AdminListen.DEFAULT_REPLACE_CONFIRM_PERCENT);
        server = start(closed);

        final HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(uri("/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAnUnknownQueryParameterNamingItAndTheOnesTaken() throws Exception
    {
        final HttpResponse<String> response = get("/api/routes/simulate?customer=acme&number=44&when=now", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
            .isEqualTo("{\"error\":\"unknown query parameter: name=when (takes: at, customer, number)\"}");
    }

    @Test
    void shouldAnswer404ForUnknownPath() throws Exception
    {
        assertThat(get("/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer405WithAllowForOtherMethods() throws Exception
    {
        final HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(uri("/health")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void shouldReleasePortOnClose() throws Exception
    {
        final URI health = uri("/health");
        server.close();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(IOException.class);
        server = start(new AdminListen("127.0.0.1", health.getPort()));
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(final String path, final String accept) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + TestTokens.ADMIN);
        if (accept != null)
        {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(final String method, final String path) throws Exception
    {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + TestTokens.ADMIN)
            .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(final String method, final String path, final String json) throws Exception
    {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + TestTokens.ADMIN)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }
}
