package io.softswitch.app;

import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens and roles on a switch with its embedded PostgreSQL: 401 without a valid token, 403 for
 * a role that does not grant the route, tokens created and revoked through the API taking effect
 * at once, only digests stored, and {@code /health} and {@code /metrics} open on loopback.
 */
@Tag("e2e")
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAuthenticationTest
{
    @TempDir
    private static Path directory;
    private Softswitch softswitch;
    private HttpClient client;
    private String base;
    private final Map<Role, String> tokens = new EnumMap<>(Role.class);

    @BeforeAll
    void start()
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(0)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        softswitch = Softswitch.start(config, Map.of());
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + softswitch.adminPort();
        for (final Role role : Role.values())
        {
            tokens.put(role, softswitch.tokens().create("test-" + role.key(), role).token());
        }
    }

    @AfterAll
    void stop()
    {
        client.close();
        softswitch.close();
    }

    @Test
    void shouldCreateOneAdminTokenAtFirstStart()
    {
        assertThat(softswitch.tokens().list()).first()
            .satisfies(first -> assertThat(first.name()).isEqualTo(Softswitch.FIRST_TOKEN_NAME))
            .satisfies(first -> assertThat(first.role()).isEqualTo("admin"));
    }

    @Test
    void shouldAnswer401WithoutAToken() throws Exception
    {
        final HttpResponse<String> response = send("GET", "/api/blocks", null, "");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"softswitch\"");
        assertThat(response.body()).isEqualTo("{\"error\":\"token required: Authorization: Bearer <token>\"}");
    }

    @Test
    void shouldAnswer401ToAnUnknownToken() throws Exception
    {
        final HttpResponse<String> response = send("GET", "/api/blocks", "sst_not-a-real-token", "");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"unknown or revoked token\"}");
    }

    @Test
    void shouldGrantEachRoleItsRoutesAndTheReadOnlyOnes() throws Exception
    {
        final List<String> seen = new ArrayList<>();
        for (final Role role : Role.values())
        {
            seen.add(role.key() + " GET /api/blocks " + status(role, "GET", "/api/blocks"));
            seen.add(role.key() + " GET simulate " + status(role, "GET", "/api/routes/simulate?customer=acme&number=44"));
            seen.add(role.key() + " POST /api/reload " + status(role, "POST", "/api/reload"));
            seen.add(role.key() + " GET /api/tokens " + status(role, "GET", "/api/tokens"));
            seen.add(role.key() + " POST /api/decks/import " +
                status(role, "POST", "/api/decks/import?trunk=vendor-a&direction=vendor&mode=update&dry-run=true"));
        }

        assertThat(seen).containsExactly(
            "read-only GET /api/blocks 200", "read-only GET simulate 200", "read-only POST /api/reload 403",
            "read-only GET /api/tokens 403", "read-only POST /api/decks/import 403",
            "operator GET /api/blocks 200", "operator GET simulate 200", "operator POST /api/reload 200",
            "operator GET /api/tokens 403", "operator POST /api/decks/import 403",
            "finance GET /api/blocks 200", "finance GET simulate 200", "finance POST /api/reload 403",
            "finance GET /api/tokens 403", "finance POST /api/decks/import 403",
            "admin GET /api/blocks 200", "admin GET simulate 200", "admin POST /api/reload 200",
            "admin GET /api/tokens 200", "admin POST /api/decks/import 422");
    }

    @Test
    void shouldNameTheRoleARouteNeedsIn403AndChangeNothing() throws Exception
    {
        final HttpResponse<String> refused =
            send("POST", "/api/blocks?vendor=vendor-a&reason=test", tokens.get(Role.READ_ONLY), "");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":\"role read-only may not POST /api/blocks: needs operator\"}");
        assertThat(send("GET", "/api/blocks", tokens.get(Role.READ_ONLY), "").body()).isEqualTo("{\"blocks\":[]}");
    }

    @Test
    void shouldUseATokenCreatedThroughTheApiAndRefuseItOnceRevoked() throws Exception
    {
        final HttpResponse<String> created = send("POST", "/api/tokens", tokens.get(Role.ADMIN),
            "{\"name\":\"noc-wall\",\"role\":\"read-only\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        final String token = created.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(token).startsWith("sst_");
        assertThat(send("GET", "/api/blocks", token, "").statusCode()).isEqualTo(200);

        assertThat(send("DELETE", "/api/tokens/noc-wall", tokens.get(Role.ADMIN), "").statusCode()).isEqualTo(200);

        assertThat(send("GET", "/api/blocks", token, "").statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/tokens/noc-wall", tokens.get(Role.ADMIN), "").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseATokenRequestWithAnUnknownRole() throws Exception
    {
        final HttpResponse<String> refused = send("POST", "/api/tokens", tokens.get(Role.ADMIN),
            "{\"name\":\"x\",\"role\":\"root\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("unknown role: role=root");
    }

    @Test
    void shouldStoreOnlyADigestOfEachToken() throws Exception
    {
        final String token = tokens.get(Role.ADMIN);
        final List<String> stored = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(softswitch.databaseUrl());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT encode(token_sha256, 'hex') FROM api_token"))
        {
            while (rows.next())
            {
                stored.add(rows.getString(1));
            }
        }

        assertThat(stored).hasSizeGreaterThanOrEqualTo(1 + Role.values().length)
            .contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8))))
            .noneMatch(digest -> digest.contains(HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void shouldAnswerHealthAndMetricsWithoutATokenOnLoopback() throws Exception
    {
        assertThat(send("GET", "/health", null, "").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null, "").statusCode()).isEqualTo(200);
    }

    private int status(final Role role, final String method, final String path) throws Exception
    {
        return send(method, path, tokens.get(role), "POST".equals(method) && path.startsWith("/api/decks") ?
            "Prefix,Destination,Rate\n44,UK,-1\n" : "").statusCode();
    }

    private HttpResponse<String> send(final String method, final String path, final String token, final String body)
        throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
