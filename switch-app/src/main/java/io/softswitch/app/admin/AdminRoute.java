package io.softswitch.app.admin;

import java.util.Objects;
import java.util.Set;

/**
 * One admin API endpoint: method, path, the role it needs, the query parameters it takes, what
 * body it takes and what it does. Built with the static factories and the {@code with...} methods:
 *
 * <pre>
 * AdminRoute.post("/api/blocks", Role.OPERATOR, blocks::set).withParams("vendor", "prefix").withJsonBody()
 * </pre>
 *
 * <p>A path ending in {@code /{}} matches any one further segment, passed as
 * {@link AdminRequest#pathParam()}.
 *
 * @param method          {@code GET}, {@code POST}, {@code PUT} or {@code DELETE} ({@code GET} also answers {@code HEAD}).
 * @param path            the path, e.g. {@code /api/trunks} or {@code /api/trunks/{}}.
 * @param role            the role a token needs.
 * @param openOnLoopback  true when a loopback client needs no token if the server is configured so
 *                        ({@code /health}, {@code /metrics}).
 * @param params          the query parameters taken; any other is refused with 400.
 * @param body            the body taken.
 * @param inline          answered on the I/O thread (cheap, never blocking), not by a worker.
 * @param check           run on the request head before the body is read.
 * @param handler         what the route does.
 */
public record AdminRoute(String method, String path, Role role, boolean openOnLoopback, Set<String> params,
    Body body, boolean inline, RouteCheck check, RouteHandler handler)
{
    /** What body a route takes. */
    public enum Body
    {
        /** None: a request with a body is refused with 400. */
        NONE,
        /** A JSON document of at most {@link io.softswitch.app.config.AdminListen#MAX_JSON_BYTES}. */
        JSON,
        /** A file (a rate deck) of at most the configured body limit, spooled to disk as it arrives. */
        FILE
    }

    /**
     * Validates the route.
     */
    public AdminRoute
    {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(handler, "handler");
        params = Set.copyOf(params);
        if (!path.startsWith("/"))
        {
            throw new IllegalArgumentException("route path must start with '/': path=" + path);
        }
    }

    /**
     * A {@code GET} route without parameters.
     *
     * @param path    the path.
     * @param role    the role it needs.
     * @param handler what it does.
     * @return the route.
     */
    public static AdminRoute get(final String path, final Role role, final RouteHandler handler)
    {
        return new AdminRoute("GET", path, role, false, Set.of(), Body.NONE, false, RouteCheck.NONE, handler);
    }

    /**
     * A {@code POST} route without parameters or body.
     *
     * @param path    the path.
     * @param role    the role it needs.
     * @param handler what it does.
     * @return the route.
     */
    public static AdminRoute post(final String path, final Role role, final RouteHandler handler)
    {
        return new AdminRoute("POST", path, role, false, Set.of(), Body.NONE, false, RouteCheck.NONE, handler);
    }

    /**
     * A route of any method without parameters or body.
     *
     * @param method  the method.
     * @param path    the path.
     * @param role    the role it needs.
     * @param handler what it does.
     * @return the route.
     */
    public static AdminRoute of(final String method, final String path, final Role role, final RouteHandler handler)
    {
        return new AdminRoute(method, path, role, false, Set.of(), Body.NONE, false, RouteCheck.NONE, handler);
    }

    /**
     * The same route taking these query parameters.
     *
     * @param names the parameter names.
     * @return the route.
     */
    public AdminRoute withParams(final String... names)
    {
        return new AdminRoute(method, path, role, openOnLoopback, Set.of(names), body, inline, check, handler);
    }

    /**
     * The same route taking a JSON body.
     *
     * @return the route.
     */
    public AdminRoute withJsonBody()
    {
        return new AdminRoute(method, path, role, openOnLoopback, params, Body.JSON, inline, check, handler);
    }

    /**
     * The same route taking a file body, spooled to disk.
     *
     * @return the route.
     */
    public AdminRoute withFileBody()
    {
        return new AdminRoute(method, path, role, openOnLoopback, params, Body.FILE, inline, check, handler);
    }

    /**
     * The same route with a check of the request head run before the body is read.
     *
     * @param headCheck the check.
     * @return the route.
     */
    public AdminRoute withCheck(final RouteCheck headCheck)
    {
        return new AdminRoute(method, path, role, openOnLoopback, params, body, inline, headCheck, handler);
    }

    /**
     * The same route answered on the I/O thread, needing no token from loopback when the server is
     * configured so: for {@code /health} and {@code /metrics}, which must answer while workers are busy.
     *
     * @return the route.
     */
    public AdminRoute inlineOpenOnLoopback()
    {
        return new AdminRoute(method, path, role, true, params, body, true, check, handler);
    }

    /**
     * Whether the route's path matches a request path.
     *
     * @param requestPath the decoded request path.
     * @return true when it matches.
     */
    boolean matches(final String requestPath)
    {
        if (path.endsWith("/{}"))
        {
            final String head = path.substring(0, path.length() - 2);
            return requestPath.startsWith(head) && requestPath.length() > head.length() &&
                requestPath.indexOf('/', head.length()) < 0;
        }
        return path.equals(requestPath);
    }

    /**
     * The segment a {@code /{}} route matched.
     *
     * @param requestPath the decoded request path.
     * @return the segment, or empty.
     */
    String pathParam(final String requestPath)
    {
        return path.endsWith("/{}") ? requestPath.substring(path.length() - 2) : "";
    }
}
