package io.softswitch.app.config;

import java.io.StringReader;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads configuration text named {@code test.yaml} with an empty environment, and checks a
 * refusal's reason and its {@code file:line:column} position.
 */
final class ConfigFileAssertions
{
    private ConfigFileAssertions()
    {
    }

    static SoftswitchConfig read(final String yaml)
    {
        return new ConfigFileReader(Map.of()).read("test.yaml", new StringReader(yaml));
    }

    static void assertRefused(final String yaml, final int line, final int column, final String reason)
    {
        assertThatThrownBy(() -> read(yaml))
            .isInstanceOfSatisfying(ConfigException.class, ex ->
            {
                assertThat(ex.reason()).isEqualTo(reason);
                assertThat(ex.line()).as("line").isEqualTo(line);
                assertThat(ex.column()).as("column").isEqualTo(column);
                assertThat(ex.getMessage()).isEqualTo("test.yaml:" + line + ":" + column + ": " + reason);
            });
    }
}
