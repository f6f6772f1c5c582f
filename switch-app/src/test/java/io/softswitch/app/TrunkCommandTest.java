package io.softswitch.app;

import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code softswitch trunk ...} against a running switch: the command line provisions through the
 * admin API with a token, and a token without the admin role is refused.
 */
@Tag("e2e")
@Timeout(120)
class TrunkCommandTest
{
    @TempDir
    private Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPutShowListAndRemoveATrunkWithAnAdminToken() throws Exception
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(0)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        final Path definition = directory.resolve("vendor-d.yaml");
        Files.writeString(definition, "name: vendor-d\nhost: 127.0.0.1\nport: 5099\ntransport: tcp\n");
        try (Softswitch softswitch = Softswitch.start(config, Map.of()))
        {
            final String url = "http://127.0.0.1:" + softswitch.adminPort();
            final String admin = softswitch.tokens().create("cli-admin", Role.ADMIN).token();
            final String readOnly = softswitch.tokens().create("cli-read", Role.READ_ONLY).token();

            assertThat(run(Map.of("SOFTSWITCH_TOKEN", readOnly), "trunk", "put", "--side", "vendor", "--name", "vendor-d",
                "--file", definition.toString(), "--url", url)).isEqualTo(1);
            assertThat(text(err)).contains("403").contains("needs admin");

            assertThat(run(Map.of(), "trunk", "put", "--side", "vendor", "--name", "vendor-d",
                "--file", definition.toString(), "--url", url, "--token", admin)).as(text(err)).isZero();
            out.reset();
            assertThat(run(Map.of("SOFTSWITCH_TOKEN", readOnly, "SOFTSWITCH_ADMIN_URL", url),
                "trunk", "show", "--side", "vendor", "--name", "vendor-d")).as(text(err)).isZero();
            assertThat(text(out)).contains("\"definition\":\"name: vendor-d\\nhost: 127.0.0.1\\nport: 5099\\ntransport: tcp\\n\"");
            out.reset();
            assertThat(run(Map.of("SOFTSWITCH_TOKEN", readOnly), "trunk", "list", "--url", url)).isZero();
            assertThat(text(out)).contains("{\"name\":\"vendor-d\",\"host\":\"127.0.0.1\",\"port\":5099,\"transport\":\"TCP\"");

            assertThat(run(Map.of("SOFTSWITCH_TOKEN", admin), "trunk", "remove", "--side", "vendor", "--name", "vendor-d",
                "--url", url)).isZero();
            assertThat(run(Map.of("SOFTSWITCH_TOKEN", admin), "trunk", "remove", "--side", "vendor", "--name", "vendor-d",
                "--url", url)).isEqualTo(1);
            assertThat(text(err)).contains("404");
        }
    }

    @Test
    void shouldRefuseWithoutAToken()
    {
        assertThat(run(Map.of(), "trunk", "list", "--url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(text(err)).contains("no token");
    }

    private int run(final Map<String, String> env, final String... args)
    {
        return TrunkCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
