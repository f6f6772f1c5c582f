package io.softswitch.app.config;

import java.nio.file.Path;

/**
 * Where the rate decks live: an external PostgreSQL named by its JDBC URL, or, when there is
 * none, an embedded PostgreSQL whose files are kept in a directory.
 *
 * @param jdbcUrl       external database URL (credentials in it or in the environment), or null
 *                      for the embedded one.
 * @param dataDirectory the embedded database's files, relative to the working directory.
 */
public record DatabaseSettings(String jdbcUrl, Path dataDirectory)
{
    /** Embedded, under {@code data/postgres}. */
    public static final DatabaseSettings EMBEDDED = new DatabaseSettings(null, Path.of("data", "postgres"));

    /**
     * Whether an external database is named.
     *
     * @return true when {@code jdbcUrl} is set.
     */
    public boolean external()
    {
        return jdbcUrl != null && !jdbcUrl.isEmpty();
    }
}
