package io.softswitch.app.admin;

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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin server holds every client to its limits: a stalled client neither freezes
 * {@code /health} and {@code /metrics} nor keeps its connection, and oversized request lines,
 * heads and bodies are answered with the right status before anything changes.
 */
@Timeout(60)
class AdminServerLimitsTest
{
    private static final int READ_TIMEOUT_MS = 1_500;

    private final SwitchConfig config =
        new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml")).signaling();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private AdminMetrics metrics;
    private LiveRouting routing;
    private AdminHttpServer server;

    @BeforeEach
    void start()
    {
        metrics = new AdminMetrics();
        routing = LiveRouting.start(() -> List.of(new TrunkRates("vendor-a", DeckDirection.VENDOR, List.of(
            new Rate("44", "United Kingdom", 10_000, 0, 60, 60, 0, Instant.parse("2020-01-01T00:00:00Z"), null)))),
            RoutingSettings.DEFAULT, TrunkDirectory.of(config), null);
        server = start(READ_TIMEOUT_MS);
    }

    private AdminHttpServer start(final int readTimeoutMs)
    {
        final AdminRouter router = new AdminRouter();
        AdminRoutes.addHealthAndMetrics(router, metrics);
        final TrunksView trunks = TrunksView.of(config);
        AdminRoutes.addRouting(router, () -> trunks, routing);
        AdminRoutes.addDecks(router, new LiveDecks(null, routing, TrunkDirectory.of(config), 10));
        return AdminHttpServer.start(new AdminListen("127.0.0.1", 0).withLimits(1024 * 1024, readTimeoutMs, 30_000),
            router, TestTokens.ONE_PER_ROLE);
    }

    @AfterEach
    void stop() throws IOException
    {
        for (final Socket socket : sockets)
        {
            socket.close();
        }
        server.close();
        routing.close();
        metrics.close();
        client.close();
    }

    @Test
    void shouldAnswerHealthAndMetricsWhileClientsStallHalfwayThroughTheRequestLine() throws Exception
    {
        // Stalled clients are given 60 s here, and each request below 10 s: were the server held
        // by them, the requests would time out long before the stalls did.
        server.close();
        server = start(60_000);
        for (int i = 0; i < 8; i++)
        {
            stalled("GET /hea");
        }
        final Socket midBody = stalled("POST /api/blocks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
            TestTokens.OPERATOR + "\r\nContent-Length: 100\r\n\r\n{\"vendor\"");

        final HttpResponse<String> health = get("/health");
        final HttpResponse<String> scrape = get("/metrics");
        final HttpResponse<String> blocks = get("/api/blocks");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(blocks.statusCode()).isEqualTo(200);
        assertThat(midBody.getInputStream().available()).as("the stalled client is still waiting").isZero();
    }

    @Test
    void shouldAnswer408AndCloseAClientThatStallsMidRequest() throws Exception
    {
        final Socket socket = stalled("GET /health HTTP/1.1\r\nHost: loc");

        final String reply = readAll(socket);

        assertThat(reply).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("connection: close")
            .endsWith("{\"error\":\"request not completed within " + READ_TIMEOUT_MS + " ms\"}");
    }

    @Test
    void shouldAnswer408ToAClientThatTricklesItsRequestHeadByteByByte() throws Exception
    {
        final Socket socket = connect();
        final OutputStream out = socket.getOutputStream();
        final byte[] head = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean closed = false;
        for (int i = 0; !closed && System.nanoTime() < deadline; i = (i + 1) % head.length)
        {
            try
            {
                out.write(head[i]);
                out.flush();
                Thread.sleep(READ_TIMEOUT_MS / 5);
            }
            catch (final IOException ex)
            {
                closed = true;
            }
            closed |= socket.getInputStream().available() > 0;
        }

        assertThat(readAll(socket)).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void shouldRefuseAJsonBodyOverItsLimitWith413AndStoreNothing() throws Exception
    {
        final String reason = "x".repeat(1024 * 1024);
        final HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri("/api/blocks"))
            .header("Authorization", "Bearer " + TestTokens.OPERATOR)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"vendor\":\"vendor-a\",\"reason\":\"" + reason + "\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).isEqualTo("{\"error\":\"body too large: max=65536 bytes\"}");
        assertThat(get("/api/blocks").body()).isEqualTo("{\"blocks\":[]}");
    }

    @Test
    void shouldRefuseAChunkedJsonBodyOverItsLimitWith413() throws Exception
    {
        final Socket socket = connect();
        final OutputStream out = socket.getOutputStream();
        out.write(("POST /api/blocks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.OPERATOR +
            "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        final byte[] chunk = ("8000\r\n" + "y".repeat(0x8000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 4; i++)
        {
            out.write(chunk);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();

        assertThat(readAll(socket)).startsWith("HTTP/1.1 413 ").endsWith("{\"error\":\"body too large: max=65536 bytes\"}");
    }

    @Test
    void shouldRefuseADeclaredUploadOverTheConfiguredLimitBeforeReadingIt() throws Exception
    {
        final Socket socket = connect();
        socket.getOutputStream().write(("POST /api/decks/import?trunk=vendor-a&direction=vendor&mode=update HTTP/1.1\r\n" +
            "Host: localhost\r\nAuthorization: Bearer " + TestTokens.ADMIN + "\r\nContent-Length: 50000000\r\n" +
            "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(readAll(socket)).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue")
            .endsWith("{\"error\":\"body too large: max=1048576 bytes\"}");
    }

    @Test
    void shouldAnswer414ToAnOverlongRequestLineAnd431ToOverlongHeaders() throws Exception
    {
        final Socket longLine = connect();
        longLine.getOutputStream().write(("GET /health?" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(longLine)).startsWith("HTTP/1.1 414 ");

        final Socket longHead = connect();
        longHead.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(longHead)).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void shouldAnswer400ToAMalformedRequest() throws Exception
    {
        final Socket socket = connect();
        socket.getOutputStream().write("GET /health HTTP/1.1\r\nContent-Length: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(readAll(socket)).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void shouldServeTwoRequestsOnOneKeptAliveConnection() throws Exception
    {
        final Socket socket = connect();
        final String request = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
        socket.getOutputStream().write((request + request.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n"))
            .getBytes(StandardCharsets.US_ASCII));

        final String replies = readAll(socket);

        assertThat(replies.split("HTTP/1.1 200 OK", -1)).hasSize(3);
    }

    private Socket stalled(final String partial) throws IOException
    {
        final Socket socket = connect();
        socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        socket.setSoTimeout(20_000);
        sockets.add(socket);
        return socket;
    }

    private static String readAll(final Socket socket) throws IOException
    {
        final InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(final String path) throws Exception
    {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + TestTokens.READ_ONLY).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }
}
