package io.softswitch.app.admin;

/**
 * What the admin server asks of the token store: who a bearer token is. Called on the server's
 * I/O thread for every request that needs a token, so it must answer from memory, never block.
 */
@FunctionalInterface
public interface ApiTokens
{
    /** No token is valid: every route that needs one answers 401. */
    ApiTokens NONE = token -> null;

    /**
     * The grant of a token.
     *
     * @param token the bearer token as sent.
     * @return its name and role, or {@code null} when it is unknown or revoked.
     */
    TokenGrant find(String token);

    /**
     * Reloads the tokens from where they are kept; the server calls it every few seconds on a
     * worker thread, never on its I/O thread.
     */
    default void refresh()
    {
    }

    /**
     * A valid token's name and role.
     *
     * @param name its name.
     * @param role its role.
     */
    record TokenGrant(String name, Role role)
    {
    }
}
