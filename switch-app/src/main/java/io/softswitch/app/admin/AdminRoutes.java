package io.softswitch.app.admin;

import io.softswitch.ratedeck.DeckDirection;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The switch's own admin endpoints and the role each needs (the table is in
 * {@code docs/admin-api.md}). Other parts of the switch add theirs to the same
 * {@link AdminRouter}.
 */
public final class AdminRoutes
{
    private static final String OPENMETRICS = "application/openmetrics-text";
    private static final String OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** A Prometheus metric name (the exposition's rule), as a {@code name} filter of {@code /metrics} takes it. */
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final List<String> SAMPLE_SUFFIXES = List.of("_total", "_count", "_sum", "_max", "_bucket", "_created", "_info");
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private AdminRoutes()
    {
    }

    /**
     * Adds {@code /health} and {@code /metrics}: answered on the I/O thread, open to loopback
     * clients when the server is configured so, else read-only.
     *
     * @param router   the router.
     * @param metrics  what {@code /metrics} scrapes.
     */
    public static void addHealthAndMetrics(final AdminRouter router, final AdminMetrics metrics)
    {
        addHealthAndMetrics(router, metrics, Map::of);
    }

    /**
     * Adds {@code /health} with the CDR journal's state beside the status, and {@code /metrics}:
     * {@code {"status":"UP","cdr":{"journal":"ok",...}}}, or {@code "DEGRADED"} while the journal
     * cannot take CDRs (new calls are then refused with 503). Still 200: the process serves, a
     * liveness probe must not restart it for a full disk.
     *
     * @param router   the router.
     * @param metrics  the meters to scrape.
     * @param cdr      the CDR side's state ({@code writable} false means degraded).
     */
    public static void addHealthAndMetrics(final AdminRouter router, final AdminMetrics metrics,
        final Supplier<Map<String, Object>> cdr)
    {
        router.add(AdminRoute.get("/health", Role.READ_ONLY, request -> health(cdr.get())).inlineOpenOnLoopback());
        router.add(AdminRoute.get("/metrics", Role.READ_ONLY, request -> metrics(metrics, request))
            .withParams("name").inlineOpenOnLoopback());
    }

    /**
     * Adds the routing endpoints: trunks view, simulator, reload, blocks.
     *
     * @param router  the router.
     * @param trunks  the trunks as configured now.
     * @param routing live routing.
     */
    public static void addRouting(final AdminRouter router, final Supplier<Object> trunks, final RoutingApi routing)
    {
        router.add(AdminRoute.get("/api/trunks", Role.READ_ONLY, request -> ApiReply.ok(trunks.get())));
        router.add(AdminRoute.get("/api/routes/simulate", Role.READ_ONLY, request -> routing.simulate(request.query()))
            .withParams("customer", "number", "at"));
        router.add(AdminRoute.post("/api/reload", Role.OPERATOR, request -> routing.reload()));
        router.add(AdminRoute.get("/api/blocks", Role.READ_ONLY, request -> routing.blocks()));
        router.add(AdminRoute.post("/api/blocks", Role.OPERATOR, request -> routing.block(blockRequest(request), true))
            .withParams("vendor", "prefix", "reason").withJsonBody());
        router.add(AdminRoute.of("DELETE", "/api/blocks", Role.OPERATOR,
                request -> routing.block(blockRequest(request), false))
            .withParams("vendor", "prefix").withJsonBody());
    }

    /**
     * Adds drain: {@code POST /api/drain} refuses new calls while calls in progress end,
     * {@code DELETE /api/drain} takes calls again (operator); {@code GET /api/drain} tells.
     *
     * @param router the router.
     * @param drain  the switch's drain flag.
     */
    public static void addDrain(final AdminRouter router, final Drain drain)
    {
        router.add(AdminRoute.get("/api/drain", Role.READ_ONLY, request -> drain.status()));
        router.add(AdminRoute.post("/api/drain", Role.OPERATOR, request -> drain.start()));
        router.add(AdminRoute.of("DELETE", "/api/drain", Role.OPERATOR, request -> drain.stop()));
    }

    /**
     * Adds the rate deck endpoints: import (admin) and history (read-only).
     *
     * @param router the router.
     * @param decks  the decks.
     */
    public static void addDecks(final AdminRouter router, final DeckApi decks)
    {
        router.add(AdminRoute.post("/api/decks/import", Role.ADMIN,
                request -> decks.importDeck(request.query(), request.bodyFile()))
            .withParams(DeckApi.IMPORT_PARAMS.toArray(String[]::new))
            .withFileBody()
            .withCheck(head -> decks.checkImport(head.query())));
        router.add(AdminRoute.get("/api/decks/history", Role.READ_ONLY, request -> decks.history(request.query()))
            .withParams("trunk", "direction"));
    }

    /**
     * Adds the trunk provisioning endpoints (admin): a customer or vendor trunk's definition read,
     * created or replaced ({@code PUT}, a JSON or YAML body of a configuration file item), removed.
     *
     * @param router the router.
     * @param trunks the trunks.
     */
    public static void addTrunks(final AdminRouter router, final TrunkApi trunks)
    {
        for (final DeckDirection side : DeckDirection.values())
        {
            final String path = side == DeckDirection.CUSTOMER ? "/api/customers/{}" : "/api/vendors/{}";
            router.add(AdminRoute.get(path, Role.READ_ONLY, request -> trunks.definition(side, request.pathParam())));
            router.add(AdminRoute.of("PUT", path, Role.ADMIN,
                request -> trunks.put(side, request.pathParam(), request.bodyText())).withJsonBody());
            router.add(AdminRoute.of("DELETE", path, Role.ADMIN, request -> trunks.remove(side, request.pathParam())));
        }
    }

    /**
     * Adds the token endpoints (admin only): list, create, revoke.
     *
     * @param router the router.
     * @param tokens the token store.
     */
    public static void addTokens(final AdminRouter router, final ApiTokenStore tokens)
    {
        router.add(AdminRoute.get("/api/tokens", Role.ADMIN, request -> ApiReply.ok(Map.of("tokens", tokens.list()))));
        router.add(AdminRoute.post("/api/tokens", Role.ADMIN, request ->
        {
            final TokenRequest body = AdminJson.read(request.body(), TokenRequest.class);
            if (body.name() == null || body.role() == null)
            {
                return ApiReply.badRequest("name and role required: field=" + (body.name() == null ? "name" : "role"));
            }
            return new ApiReply(201, tokens.create(body.name(), Role.of(body.role())));
        }).withJsonBody());
        router.add(AdminRoute.of("DELETE", "/api/tokens/{}", Role.ADMIN, request -> tokens.revoke(request.pathParam()) ?
            ApiReply.ok(Map.of("revoked", request.pathParam())) :
            ApiReply.notFound("no live token has that name: name=" + request.pathParam())));
    }

    /**
     * The body of {@code POST /api/tokens}.
     *
     * @param name the token's name.
     * @param role its role: {@code read-only}, {@code operator}, {@code finance} or {@code admin}.
     */
    public record TokenRequest(String name, String role)
    {
    }

    private static BlockRequest blockRequest(final AdminRequest request)
    {
        if (request.body().length == 0)
        {
            return new BlockRequest(request.query().get("vendor"), request.query().get("prefix"),
                request.query().get("reason"));
        }
        if (!request.query().isEmpty())
        {
            throw new IllegalArgumentException("give the block as query parameters or as a JSON body, not both");
        }
        return AdminJson.read(request.body(), BlockRequest.class);
    }

    private static ApiReply health(final Map<String, Object> cdr)
    {
        if (cdr.isEmpty())
        {
            return ApiReply.ok(Map.of("status", "UP"));
        }
        return ApiReply.ok(Map.of("status", Boolean.FALSE.equals(cdr.get("writable")) ? "DEGRADED" : "UP", "cdr", cdr));
    }

    /**
     * The family a line's name belongs to: the registry filters by family ({@code sip_requests}),
     * the exposition shows a counter as {@code sip_requests_total} and a timer or summary as its
     * {@code _count}, {@code _sum}, {@code _max} or {@code _bucket} lines. A name with such an ending
     * selects its family too, so either spelling works.
     */
    private static String familyOf(final String name)
    {
        for (final String suffix : SAMPLE_SUFFIXES)
        {
            if (name.endsWith(suffix) && name.length() > suffix.length())
            {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /**
     * The meters in the format asked for; with {@code name=a,b}, only those metric families, so
     * that a tool watching a few gauges (a NOC wall, the benchmark ramp) reads a kilobyte, not every
     * meter of the JVM and the switch, and the JVM's gauges are not read for it
     * ({@link AdminMetrics#scrape}).
     */
    private static ApiReply metrics(final AdminMetrics metrics, final AdminRequest request)
    {
        final String accept = request.accept();
        final boolean openMetrics = accept.contains(OPENMETRICS);
        final String contentType = openMetrics ? OPENMETRICS_TYPE : PROMETHEUS_TEXT;
        final String names = request.query().get("name");
        if (names == null)
        {
            return ApiReply.ok(new ApiReply.Raw(contentType, metrics.scrape(contentType, null)));
        }
        final Set<String> included = new HashSet<>();
        for (final String name : names.split(",", -1))
        {
            if (!METRIC_NAME.matcher(name).matches())
            {
                return ApiReply.badRequest("name must be metric names separated by commas: name=" + names);
            }
            included.add(name);
            included.add(familyOf(name));
        }
        return ApiReply.ok(new ApiReply.Raw(contentType, metrics.scrape(contentType, included)));
    }
}
