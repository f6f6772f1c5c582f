package io.softswitch.app.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The admin API's tokens in PostgreSQL (table {@code api_token}): created, listed and revoked
 * from the command line or the API, and looked up by the server from an in-memory copy of the
 * live ones.
 *
 * <p>A token is {@code sst_} and 43 characters of URL-safe base64 (256 random bits); only its
 * SHA-256 digest is stored. The copy is reloaded by {@link #refresh()}: after each change made
 * here, and by the server every few seconds, so a token revoked from another process stops
 * working within {@link #REFRESH_MS}. When the database cannot be read the last copy stands.
 */
public final class ApiTokenStore implements ApiTokens
{
    /** How often the running server reloads the live tokens. */
    public static final long REFRESH_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokenStore.class);
    private static final String PREFIX = "sst_";
    private static final int TOKEN_BYTES = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private volatile Map<String, TokenGrant> live = Map.of();

    /**
     * Creates a store over a migrated database and reads the live tokens.
     *
     * @param dataSource the database.
     */
    public ApiTokenStore(final DataSource dataSource)
    {
        this.dataSource = dataSource;
        refresh();
    }

    /**
     * One token as listed: never the token itself.
     *
     * @param name      its name.
     * @param role      its role.
     * @param createdAt when it was created.
     * @param revokedAt when it was revoked, or {@code null} while live.
     */
    public record TokenInfo(String name, String role, Instant createdAt, Instant revokedAt)
    {
    }

    /**
     * A token just created: the only time the token itself is known.
     *
     * @param name  its name.
     * @param role  its role.
     * @param token the bearer token to hand to its user.
     */
    public record CreatedToken(String name, String role, String token)
    {
    }

    @Override
    public TokenGrant find(final String token)
    {
        if (token == null || !token.startsWith(PREFIX))
        {
            return null;
        }
        return live.get(HexFormat.of().formatHex(sha256(token)));
    }

    /**
     * Creates a token.
     *
     * @param name a name for people: letters, digits, {@code . _ -}, at most 64; unique among live tokens.
     * @param role its role.
     * @return the token.
     * @throws IllegalArgumentException when the name is not valid or a live token has it.
     */
    public CreatedToken create(final String name, final Role role)
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("bad token name (letters, digits, . _ -, at most 64): name=" + name);
        }
        final byte[] secret = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(secret);
        final String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO api_token (name, role, token_sha256) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"))
        {
            insert.setString(1, name);
            insert.setString(2, role.key());
            insert.setBytes(3, sha256(token));
            if (insert.executeUpdate() == 0)
            {
                throw new IllegalArgumentException("a live token has that name: name=" + name);
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot store token: name=" + name, ex);
        }
        refresh();
        return new CreatedToken(name, role.key(), token);
    }

    /**
     * Revokes the live token of a name.
     *
     * @param name its name.
     * @return true when a live token was revoked, false when none has that name.
     */
    public boolean revoke(final String name)
    {
        final int revoked;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                 "UPDATE api_token SET revoked_at = now() WHERE name = ? AND revoked_at IS NULL"))
        {
            update.setString(1, name);
            revoked = update.executeUpdate();
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot revoke token: name=" + name, ex);
        }
        refresh();
        return revoked > 0;
    }

    /**
     * Every token, live and revoked, oldest first.
     *
     * @return the tokens, without their secrets.
     */
    public List<TokenInfo> list()
    {
        final List<TokenInfo> tokens = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT name, role, created_at, revoked_at FROM api_token ORDER BY api_token_id");
             ResultSet rows = select.executeQuery())
        {
            while (rows.next())
            {
                final Timestamp revoked = rows.getTimestamp(4);
                tokens.add(new TokenInfo(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                    revoked == null ? null : revoked.toInstant()));
            }
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot list tokens", ex);
        }
        return tokens;
    }

    /**
     * Whether any token was ever created (the demo prints a first admin token when none was).
     *
     * @return true when the table is empty.
     */
    public boolean none()
    {
        return list().isEmpty();
    }

    /**
     * Reloads the in-memory copy of the live tokens; keeps the last copy when the database
     * cannot be read.
     */
    @Override
    public void refresh()
    {
        final Map<String, TokenGrant> tokens = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT token_sha256, name, role FROM api_token WHERE revoked_at IS NULL");
             ResultSet rows = select.executeQuery())
        {
            while (rows.next())
            {
                tokens.put(HexFormat.of().formatHex(rows.getBytes(1)),
                    new TokenGrant(rows.getString(2), Role.of(rows.getString(3))));
            }
        }
        catch (final SQLException ex)
        {
            LOG.warn("cannot reload API tokens, keeping the last {}: {}", live.size(), ex.toString());
            return;
        }
        live = Map.copyOf(tokens);
    }

    private static byte[] sha256(final String token)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }
}
