package io.softswitch.app.admin;

import io.micrometer.core.instrument.Counter;
import io.softswitch.app.config.AdminListen;
import io.softswitch.app.config.ConfigFileReader;
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
    private AdminHttpServer server;

    @BeforeEach
    void start()
    {
        metrics = new AdminMetrics();
        server = AdminHttpServer.start(new AdminListen("127.0.0.1", 0), metrics.registry(), config);
    }

    @AfterEach
    void stop()
    {
        server.close();
        metrics.close();
        client.close();
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
    void shouldListConfiguredRoutesAsJson() throws Exception
    {
        final HttpResponse<String> response = get("/api/routes", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
            .startsWith("{\"routes\":[{\"prefix\":\"\",\"vendors\":[\"vendor-c\"]},")
            .contains("{\"prefix\":\"4420\",\"vendors\":[\"vendor-a\",\"vendor-b\",\"vendor-c\"]}");
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
        server = AdminHttpServer.start(new AdminListen("127.0.0.1", health.getPort()), metrics.registry(), config);
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(final String path, final String accept) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (accept != null)
        {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }
}
