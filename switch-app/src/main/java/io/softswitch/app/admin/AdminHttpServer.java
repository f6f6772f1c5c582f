package io.softswitch.app.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.softswitch.app.config.AdminListen;
import io.softswitch.signaling.SwitchConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin HTTP server: what operators and Prometheus read from a running switch.
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format (OpenMetrics when the
 *       scraper asks for it), JVM and process meters included;</li>
 *   <li>{@code GET /health}: {@code 200 {"status":"UP"}} while the process serves; a liveness
 *       check for systemd, load balancers and Kubernetes;</li>
 *   <li>{@code GET /api/trunks}: customer and vendor trunks as configured, as JSON;</li>
 *   <li>{@code GET /api/routes/simulate?customer=&number=&at=}: the route simulator (issue 3);</li>
 *   <li>{@code POST /api/reload}: rebuild the routing snapshot from the rate deck database;</li>
 *   <li>{@code GET, POST, DELETE /api/blocks?vendor=&prefix=&reason=}: list, set, lift blocks; POST
 *       and DELETE also take the same fields as a JSON body ({@link BlockRequest}); blocks are
 *       kept in the database and survive a restart;</li>
 *   <li>{@code POST /api/decks/import?trunk=&direction=...}: import the CSV body as a new deck
 *       version, answer the validation report and diff, and reload;</li>
 *   <li>{@code GET /api/decks/history?trunk=&direction=}: a deck's versions.</li>
 * </ul>
 *
 * <p>Every reply body and every JSON request body goes through {@link AdminJson}.
 *
 * <p>Runs on one thread of its own, named {@code admin-http}, so a slow scrape never touches the
 * SIP event loops. It binds loopback by default: the API has no authentication yet.
 */
public final class AdminHttpServer implements AutoCloseable
{
    private static final String JSON = "application/json; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private final TrunksView trunks;
    private final RoutingApi routing;

    private AdminHttpServer(
        final HttpServer server, final PrometheusMeterRegistry registry, final SwitchConfig config,
        final RoutingApi routing)
    {
        this.server = server;
        this.registry = registry;
        this.trunks = TrunksView.of(config);
        this.routing = routing;
        this.executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "admin-http"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds the server and starts answering.
     *
     * @param listen   address and port; port 0 picks a free one.
     * @param registry the registry {@code /metrics} scrapes.
     * @param config   the configuration the API shows.
     * @param routing  the live routing the routing, block and deck endpoints act on.
     * @return the running server.
     * @throws UncheckedIOException when the address cannot be bound.
     */
    public static AdminHttpServer start(
        final AdminListen listen, final PrometheusMeterRegistry registry, final SwitchConfig config,
        final RoutingApi routing)
    {
        if (!listen.enabled())
        {
            throw new IllegalArgumentException("admin server is disabled: port=" + listen.port());
        }
        final HttpServer server;
        try
        {
            server = HttpServer.create(new InetSocketAddress(InetAddress.ofLiteral(listen.host()), listen.port()), 0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot bind admin HTTP: host=" + listen.host() + " port=" + listen.port(), ex);
        }
        final AdminHttpServer admin = new AdminHttpServer(server, registry, config, routing);
        server.start();
        return admin;
    }

    /**
     * The bound address, with the port the system picked when 0 was asked for.
     *
     * @return the address.
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    /**
     * Stops answering, waiting at most one second for exchanges in progress, and ends the thread.
     */
    @Override
    public void close()
    {
        server.stop(1);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            final boolean head = "HEAD".equals(method);
            final String path = exchange.getRequestURI().getPath();
            final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            final String allowed = allowedMethods(path);
            if (allowed == null)
            {
                send(exchange, 404, JSON, AdminJson.write(Map.of("error", "not found")), head);
                return;
            }
            if (!allowed.contains(head ? "GET" : method))
            {
                exchange.getResponseHeaders().set("Allow", allowed);
                send(exchange, 405, JSON, AdminJson.write(Map.of("error", "method not allowed")), false);
                return;
            }
            final ApiReply reply;
            try
            {
                reply = switch (path)
                {
                    case "/metrics" ->
                    {
                        metrics(exchange, head);
                        yield null;
                    }
                    case "/health" -> ApiReply.ok(Map.of("status", "UP"));
                    case "/api/trunks" -> ApiReply.ok(trunks);
                    case "/api/routes/simulate" -> routing.simulate(query);
                    case "/api/reload" -> routing.reload();
                    case "/api/blocks" -> switch (method)
                    {
                        case "POST", "DELETE" -> block(exchange, query, "POST".equals(method));
                        default -> routing.blocks();
                    };
                    case "/api/decks/import" -> routing.importDeck(query, exchange.getRequestBody());
                    default -> routing.history(query);
                };
            }
            catch (final RuntimeException ex)
            {
                // The admin thread survives a failed request (database down, bad deck): the
                // operator gets the reason.
                send(exchange, 500, JSON, AdminJson.write(Map.of("error", ex.toString())), head);
                return;
            }
            if (reply != null)
            {
                send(exchange, reply.status(), JSON, AdminJson.write(reply.body()), head);
            }
        }
    }

    private static String allowedMethods(final String path)
    {
        return switch (path)
        {
            case "/metrics", "/health", "/api/trunks", "/api/routes/simulate", "/api/decks/history" -> "GET, HEAD";
            case "/api/reload", "/api/decks/import" -> "POST";
            case "/api/blocks" -> "GET, HEAD, POST, DELETE";
            default -> null;
        };
    }

    /**
     * A block request from the JSON body, or from the query parameters when there is no body.
     */
    private ApiReply block(final HttpExchange exchange, final Map<String, String> query, final boolean blocked)
        throws IOException
    {
        final byte[] body = exchange.getRequestBody().readAllBytes();
        final BlockRequest request;
        if (body.length == 0)
        {
            request = new BlockRequest(query.get("vendor"), query.get("prefix"), query.get("reason"));
        }
        else
        {
            try
            {
                request = AdminJson.read(body, BlockRequest.class);
            }
            catch (final IllegalArgumentException ex)
            {
                return ApiReply.badRequest(ex.getMessage());
            }
        }
        return routing.block(request, blocked);
    }

    private static Map<String, String> query(final String raw)
    {
        final Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty())
        {
            return query;
        }
        for (final String pair : raw.split("&"))
        {
            final int equals = pair.indexOf('=');
            final String key = equals < 0 ? pair : pair.substring(0, equals);
            final String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private void metrics(final HttpExchange exchange, final boolean head) throws IOException
    {
        final String accept = exchange.getRequestHeaders().getFirst("Accept");
        final boolean openMetrics = accept != null && accept.contains(OPENMETRICS);
        final String contentType = openMetrics ?
            "application/openmetrics-text; version=1.0.0; charset=utf-8" : PROMETHEUS_TEXT;
        send(exchange, 200, contentType, registry.scrape(contentType).getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(
        final HttpExchange exchange, final int status, final String contentType, final byte[] bytes, final boolean head)
        throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head)
        {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }
}
