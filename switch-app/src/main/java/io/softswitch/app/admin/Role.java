package io.softswitch.app.admin;

import java.util.Locale;

/**
 * What an API token may do. Each admin API route names the role it needs; a token's role grants
 * its own routes and the read-only ones, and {@link #ADMIN} grants every route.
 *
 * <pre>
 *   ADMIN ----> OPERATOR --+
 *     |                    +--> READ_ONLY
 *     +-------> FINANCE ---+
 * </pre>
 */
public enum Role
{
    /** NOC views and the route simulator: reads only. */
    READ_ONLY("read-only"),
    /** Route blocks, reloads, draining: what the NOC changes in seconds. */
    OPERATOR("operator"),
    /** Margin reports and exports. */
    FINANCE("finance"),
    /** Rate decks, trunks, routing policy and tokens. */
    ADMIN("admin");

    private final String key;

    Role(final String key)
    {
        this.key = key;
    }

    /**
     * The name used on the command line, in the database and in replies.
     *
     * @return e.g. {@code read-only}.
     */
    public String key()
    {
        return key;
    }

    /**
     * Whether a token of this role may use a route that needs another.
     *
     * @param required the role the route needs.
     * @return true when this role is that role, is {@link #ADMIN}, or the route is read-only.
     */
    public boolean grants(final Role required)
    {
        return this == ADMIN || this == required || required == READ_ONLY;
    }

    /**
     * Reads a role by its key.
     *
     * @param text {@code read-only}, {@code operator}, {@code finance} or {@code admin}.
     * @return the role.
     * @throws IllegalArgumentException when the text names no role.
     */
    public static Role of(final String text)
    {
        final String key = text == null ? "" : text.toLowerCase(Locale.ROOT);
        for (final Role role : values())
        {
            if (role.key.equals(key))
            {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role: role=" + text + " (read-only, operator, finance, admin)");
    }
}
