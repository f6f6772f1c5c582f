package io.softswitch.app.config;

/**
 * Where the admin HTTP server (metrics, health, API) listens.
 *
 * @param host IP address literal to bind; loopback unless the operator opens it up.
 * @param port TCP port; 0 picks a free one; -1 disables the server.
 */
public record AdminListen(String host, int port)
{
    /** The default: loopback, port 8080. */
    public static final AdminListen DEFAULT = new AdminListen("127.0.0.1", 8080);

    /**
     * Validates the port.
     */
    public AdminListen
    {
        if (port < -1 || port > 65_535)
        {
            throw new IllegalArgumentException("bad admin port: port=" + port);
        }
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
}
