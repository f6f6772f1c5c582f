package io.softswitch.app.admin;

/**
 * A check of a request's head (path and query, no body yet) run on the I/O thread before the
 * body is read: an upload for a trunk that does not exist is refused before its first byte is
 * stored. Must not block.
 */
@FunctionalInterface
public interface RouteCheck
{
    /** Accepts every request. */
    RouteCheck NONE = head -> null;

    /**
     * Checks a request head.
     *
     * @param head the request without its body.
     * @return {@code null} to go on, or the refusal to send.
     */
    ApiReply check(AdminRequest head);
}
