package io.softswitch.app.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.softswitch.app.config.AdminListen;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The checks an admin request's head passes before a byte of its body is read, in the order a
 * client is told about them: a decodable URI, a route for the path and method (404, 405 with
 * {@code Allow}), a known token whose role grants the route (401, 403; not asked of a loopback
 * client on a route open on loopback), query parameters the route takes, each once and well
 * formed (400), a declared body the route accepts and that fits its limit (400, 413), and last the
 * route's own check.
 */
final class AdminRequestGate
{
    private final AdminListen listen;
    private final AdminRouter router;
    private final ApiTokens tokens;

    /**
     * What the gate decided about a head: the route and the request (without its body yet) to
     * read a body for, or the reply that refuses it.
     *
     * @param route   the route, {@code null} when refused.
     * @param request the request, {@code null} when refused.
     * @param refusal the refusal, {@code null} when admitted.
     * @param allow   the {@code Allow} header for a 405, else {@code null}.
     */
    record Verdict(AdminRoute route, AdminRequest request, ApiReply refusal, String allow)
    {
        static Verdict refused(final ApiReply refusal)
        {
            return new Verdict(null, null, refusal, null);
        }
    }

    AdminRequestGate(final AdminListen listen, final AdminRouter router, final ApiTokens tokens)
    {
        this.listen = listen;
        this.router = router;
        this.tokens = tokens;
    }

    /**
     * Checks a request's head.
     *
     * @param request    the head.
     * @param remote     the client.
     * @param headMethod whether it is a {@code HEAD}, run as the {@code GET} it stands for.
     * @return the verdict.
     */
    Verdict check(final HttpRequest request, final InetSocketAddress remote, final boolean headMethod)
    {
        final QueryStringDecoder uri;
        final String path;
        final Map<String, List<String>> parameters;
        try
        {
            uri = new QueryStringDecoder(request.uri());
            path = uri.path();
            parameters = uri.parameters();
        }
        catch (final IllegalArgumentException ex)
        {
            return Verdict.refused(ApiReply.badRequest("bad request URI: " + ex.getMessage()));
        }
        final String method = request.method().name();
        final AdminRoute found = router.find(method, path);
        if (found == null)
        {
            final String allowed = router.allowed(path);
            if (allowed.isEmpty())
            {
                return Verdict.refused(ApiReply.notFound("no such endpoint: path=" + path));
            }
            return new Verdict(null, null,
                ApiReply.error(405, "method not allowed: method=" + method + " allowed=" + allowed), allowed);
        }
        ApiTokens.TokenGrant grant = null;
        if (!(found.openOnLoopback() && listen.openOnLoopback() && remote.getAddress().isLoopbackAddress()))
        {
            grant = tokens.find(bearer(request));
            if (grant == null)
            {
                return Verdict.refused(new ApiReply(401, Map.of("error",
                    request.headers().contains(HttpHeaderNames.AUTHORIZATION) ?
                        "unknown or revoked token" : "token required: Authorization: Bearer <token>")));
            }
            if (!grant.role().grants(found.role()))
            {
                return Verdict.refused(ApiReply.error(403, "role " + grant.role().key() + " may not " + method + " " +
                    found.path() + ": needs " + found.role().key()));
            }
        }
        final Map<String, String> query = new HashMap<>();
        final String queryProblem = query(found, parameters, query);
        if (queryProblem != null)
        {
            return Verdict.refused(ApiReply.badRequest(queryProblem));
        }
        final AdminRequest candidate = new AdminRequest(headMethod ? "GET" : method, path, found.pathParam(path),
            query, remote, grant == null ? null : grant.role(), grant == null ? null : grant.name(),
            request.headers().get(HttpHeaderNames.ACCEPT, ""), new byte[0], null);
        final ApiReply bodyProblem = declaredBody(found, request);
        if (bodyProblem != null)
        {
            return Verdict.refused(bodyProblem);
        }
        final ApiReply refusal = found.check().check(candidate);
        if (refusal != null)
        {
            return Verdict.refused(refusal);
        }
        return new Verdict(found, candidate, null, null);
    }

    /**
     * The refusal of a body the route does not take, or of one over the route's limit.
     *
     * @param route the route.
     * @param limit the route's body limit, 0 when it takes none.
     * @return the reply.
     */
    static ApiReply bodyRefusal(final AdminRoute route, final long limit)
    {
        return route.body() == AdminRoute.Body.NONE ? noBody(route) : tooLarge(limit);
    }

    private static String bearer(final HttpRequest request)
    {
        final String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || authorization.length() < 7 ||
            !authorization.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static String query(final AdminRoute route, final Map<String, List<String>> parameters,
        final Map<String, String> query)
    {
        for (final Map.Entry<String, List<String>> parameter : parameters.entrySet())
        {
            final String name = parameter.getKey();
            if (!route.params().contains(name))
            {
                final String nameProblem = TextField.problem("name", name, 64);
                return "unknown query parameter: name=" + (nameProblem == null ? name : "?") + " (takes: " +
                    (route.params().isEmpty() ? "none" : String.join(", ", new TreeSet<>(route.params()))) + ")";
            }
            if (parameter.getValue().size() > 1)
            {
                return "query parameter given more than once: name=" + name;
            }
            final String value = parameter.getValue().getFirst();
            final String problem = TextField.problem(name, value, TextField.MAX_PARAM_CHARS);
            if (problem != null)
            {
                return problem;
            }
            query.put(name, value);
        }
        return null;
    }

    private ApiReply declaredBody(final AdminRoute found, final HttpRequest request)
    {
        final long length = HttpUtil.getContentLength(request, -1L);
        final boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        return switch (found.body())
        {
            case NONE -> length > 0 || chunked ? noBody(found) : null;
            case JSON -> length > AdminListen.MAX_JSON_BYTES ? tooLarge(AdminListen.MAX_JSON_BYTES) : null;
            case FILE -> length > listen.maxBodyBytes() ? tooLarge(listen.maxBodyBytes()) : null;
        };
    }

    private static ApiReply noBody(final AdminRoute route)
    {
        return ApiReply.badRequest("this endpoint takes no body: " + route.method() + " " + route.path());
    }

    private static ApiReply tooLarge(final long limit)
    {
        return ApiReply.error(413, "body too large: max=" + limit + " bytes");
    }
}
