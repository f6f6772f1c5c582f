package io.softswitch.app.admin;

import java.io.IOException;

/**
 * What an admin API route does with a request, on an admin worker thread (it may block on the
 * database).
 */
@FunctionalInterface
public interface RouteHandler
{
    /**
     * Answers a request.
     *
     * @param request the request, body included.
     * @return the reply.
     * @throws IOException when the body or a file cannot be read.
     */
    ApiReply handle(AdminRequest request) throws IOException;
}
