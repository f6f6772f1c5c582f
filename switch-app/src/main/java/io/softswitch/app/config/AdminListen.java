package io.softswitch.app.config;

/**
 * Where the admin HTTP server (metrics, health, API) listens, and the limits it holds every
 * client to.
 *
 * @param host                  IP address literal to bind; loopback unless the operator opens it up.
 * @param port                  TCP port; 0 picks a free one; -1 disables the server.
 * @param maxBodyBytes          largest request body (a rate deck upload); a larger one is refused with 413.
 * @param readTimeoutMs         longest wait for the next bytes of a request once it has begun, and for
 *                              a whole request head: a client that stalls mid-request gets 408 and is closed.
 * @param idleTimeoutMs         longest a kept-alive connection may sit idle between requests.
 * @param maxConnections        connections served at once; more are closed on accept.
 * @param openOnLoopback        {@code /health} and {@code /metrics} answer loopback clients without a token.
 * @param replaceConfirmPercent a deck {@code replace} that would remove more than this share of the
 *                              deck's live prefixes is refused unless confirmed ({@code confirm-removals=true}).
 */
public record AdminListen(String host, int port, long maxBodyBytes, int readTimeoutMs, int idleTimeoutMs,
    int maxConnections, boolean openOnLoopback, int replaceConfirmPercent)
{
    /** Largest JSON request body: a block, a trunk, a token request. */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /** Default largest body: a deck of a few million rows. */
    public static final long DEFAULT_MAX_BODY_BYTES = 256L * 1024 * 1024;
    /** Default longest stall inside a request. */
    public static final int DEFAULT_READ_TIMEOUT_MS = 10_000;
    /** Default longest idle keep-alive connection. */
    public static final int DEFAULT_IDLE_TIMEOUT_MS = 60_000;
    /** Default connections at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** Default share of live prefixes a replace may remove unconfirmed. */
    public static final int DEFAULT_REPLACE_CONFIRM_PERCENT = 10;

    /** The default: loopback, port 8080. */
    public static final AdminListen DEFAULT = new AdminListen("127.0.0.1", 8080);

    /**
     * Validates the port and limits.
     */
    public AdminListen
    {
        if (port < -1 || port > 65_535)
        {
            throw new IllegalArgumentException("bad admin port: port=" + port);
        }
        if (maxBodyBytes < 1 || readTimeoutMs < 1 || idleTimeoutMs < 1 || maxConnections < 1 ||
            replaceConfirmPercent < 0 || replaceConfirmPercent > 100)
        {
            throw new IllegalArgumentException("bad admin limits: maxBodyBytes=" + maxBodyBytes + " readTimeoutMs=" +
                readTimeoutMs + " idleTimeoutMs=" + idleTimeoutMs + " maxConnections=" + maxConnections +
                " replaceConfirmPercent=" + replaceConfirmPercent);
        }
    }

    /**
     * An address with the default limits.
     *
     * @param host IP address literal to bind.
     * @param port TCP port; 0 picks a free one; -1 disables the server.
     */
    public AdminListen(final String host, final int port)
    {
        this(host, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_READ_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS,
            DEFAULT_MAX_CONNECTIONS, true, DEFAULT_REPLACE_CONFIRM_PERCENT);
    }

    /**
     * Whether the admin server runs at all.
     *
     * @return false when the port is -1.
     */
    public boolean enabled()
    {
        return port >= 0;
    }

    /**
     * The same settings on another port.
     *
     * @param other the port.
     * @return the settings.
     */
    public AdminListen withPort(final int other)
    {
        return new AdminListen(host, other, maxBodyBytes, readTimeoutMs, idleTimeoutMs, maxConnections,
            openOnLoopback, replaceConfirmPercent);
    }

    /**
     * The same settings with other limits (tests use short ones).
     *
     * @param bodyBytes largest body.
     * @param readMs    longest stall inside a request.
     * @param idleMs    longest idle connection.
     * @return the settings.
     */
    public AdminListen withLimits(final long bodyBytes, final int readMs, final int idleMs)
    {
        return new AdminListen(host, port, bodyBytes, readMs, idleMs, maxConnections, openOnLoopback,
            replaceConfirmPercent);
    }
}
