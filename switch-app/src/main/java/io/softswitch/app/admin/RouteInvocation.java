package io.softswitch.app.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Runs an admin route's handler for one request, on whichever thread the route runs on: a
 * handler's {@link IllegalArgumentException} is the client's mistake (400), anything else a fault
 * of ours (500, logged with its stack); the spooled body is deleted whatever happened; every
 * request that may change something (not a {@code GET}) is written to the audit log with its
 * token's name, its client and the status it got.
 */
final class RouteInvocation
{
    // The audit lines keep the logger name they always had, so that log filters on it still work.
    private static final Logger LOG = LoggerFactory.getLogger(AdminExchangeHandler.class);

    private RouteInvocation()
    {
    }

    /**
     * Runs a route.
     *
     * @param route   the route.
     * @param request the request, with its body.
     * @return the route's reply, or the error it came to.
     */
    static ApiReply run(final AdminRoute route, final AdminRequest request)
    {
        ApiReply reply;
        try
        {
            reply = route.handler().handle(request);
        }
        catch (final IllegalArgumentException ex)
        {
            reply = ApiReply.badRequest(ex.getMessage());
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.error("admin {} {} failed", request.method(), request.path(), ex);
            reply = ApiReply.error(500, "internal error: " + ex);
        }
        finally
        {
            RequestBodySpool.delete(request.bodyFile());
        }
        if (!"GET".equals(request.method()))
        {
            LOG.info("admin {} {}{} by {} from {}: {}", request.method(), request.path(),
                request.query().isEmpty() ? "" : " " + request.query(),
                request.tokenName() == null ? "-" : request.tokenName(), request.remote().getAddress().getHostAddress(),
                reply.status());
        }
        return reply;
    }
}
