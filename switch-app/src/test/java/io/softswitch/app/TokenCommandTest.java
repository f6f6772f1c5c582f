package io.softswitch.app;

import io.softswitch.app.admin.ApiTokens;
import io.softswitch.app.admin.Role;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code softswitch token create|list|revoke} against the embedded PostgreSQL the configuration
 * names: the token printed is the one the store then grants, and a revoked one is refused.
 */
@Tag("e2e")
@Timeout(120)
class TokenCommandTest
{
    @RegisterExtension
    final OfflineSwitchFixture offline = new OfflineSwitchFixture();

    @Test
    void shouldCreateListAndRevokeATokenFromTheCommandLine() throws Exception
    {
        offline.writeConfig("""
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            """);
        final String config = offline.config();

        assertThat(offline.run("token", "create", "--config", config, "--name", "noc-wall", "--role", "operator"))
            .as(offline.err()).isZero();
        final String token = offline.out().strip();
        assertThat(token).matches("sst_[A-Za-z0-9_-]{43}");
        assertThat(grant(token)).isEqualTo(new ApiTokens.TokenGrant("noc-wall", Role.OPERATOR));

        offline.clearOut();
        assertThat(offline.run("token", "list", "--config", config)).isZero();
        assertThat(offline.out()).containsPattern("(?m)^noc-wall\\s+operator\\s+\\S+Z\\s+-$").doesNotContain(token);

        assertThat(offline.run("token", "create", "--config", config, "--name", "noc-wall", "--role", "admin"))
            .isEqualTo(1);
        assertThat(offline.err()).contains("a live token has that name: name=noc-wall");

        assertThat(offline.run("token", "revoke", "--config", config, "--name", "noc-wall")).isZero();
        assertThat(grant(token)).isNull();
        assertThat(offline.run("token", "revoke", "--config", config, "--name", "noc-wall")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnknownRole() throws Exception
    {
        offline.writeConfig("");
        final String config = offline.config();

        assertThat(offline.run("token", "create", "--config", config, "--name", "x", "--role", "root")).isEqualTo(1);
        assertThat(offline.err()).contains("unknown role: role=root");
        assertThat(offline.out()).isEmpty();
    }

    private ApiTokens.TokenGrant grant(final String token)
    {
        try (RateDecks decks = offline.openDecks())
        {
            return decks.tokens().find(token);
        }
    }
}
