package io.softswitch.app;

import io.softswitch.app.admin.ApiTokens;
import io.softswitch.app.admin.Role;
import io.softswitch.app.config.DatabaseSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code softswitch token create|list|revoke} against the embedded PostgreSQL the configuration
 * names: the token printed is the one the store then grants, and a revoked one is refused.
 */
@Tag("e2e")
@Timeout(120)
class TokenCommandTest
{
    @TempDir
    private Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldCreateListAndRevokeATokenFromTheCommandLine() throws Exception
    {
        final Path config = directory.resolve("switch.yaml");
        Files.writeString(config, """
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            database:
              data-directory: %s
            """.formatted(directory.resolve("postgres")));

        assertThat(run("token", "create", "--config", config.toString(), "--name", "noc-wall", "--role", "operator"))
            .as(text(err)).isZero();
        final String token = text(out).strip();
        assertThat(token).matches("sst_[A-Za-z0-9_-]{43}");
        assertThat(grant(token)).isEqualTo(new ApiTokens.TokenGrant("noc-wall", Role.OPERATOR));

        out.reset();
        assertThat(run("token", "list", "--config", config.toString())).isZero();
        assertThat(text(out)).containsPattern("(?m)^noc-wall\\s+operator\\s+\\S+Z\\s+-$").doesNotContain(token);

        assertThat(run("token", "create", "--config", config.toString(), "--name", "noc-wall", "--role", "admin"))
            .isEqualTo(1);
        assertThat(text(err)).contains("a live token has that name: name=noc-wall");

        assertThat(run("token", "revoke", "--config", config.toString(), "--name", "noc-wall")).isZero();
        assertThat(grant(token)).isNull();
        assertThat(run("token", "revoke", "--config", config.toString(), "--name", "noc-wall")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnknownRole() throws Exception
    {
        final Path config = directory.resolve("switch.yaml");
        Files.writeString(config, "database:\n  data-directory: " + directory.resolve("postgres") + "\n");

        assertThat(run("token", "create", "--config", config.toString(), "--name", "x", "--role", "root")).isEqualTo(1);
        assertThat(text(err)).contains("unknown role: role=root");
        assertThat(text(out)).isEmpty();
    }

    private ApiTokens.TokenGrant grant(final String token)
    {
        try (RateDecks decks = RateDecks.open(new DatabaseSettings(null, directory.resolve("postgres")), Map.of(),
            Clock.systemUTC()))
        {
            return decks.tokens().find(token);
        }
    }

    private int run(final String... args)
    {
        return OfflineCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
