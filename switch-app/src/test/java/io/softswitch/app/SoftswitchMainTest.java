package io.softswitch.app;

import io.softswitch.app.SoftswitchMain.Prepared;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SoftswitchMainTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldCheckDemoConfigAndStartNothing()
    {
        final Prepared prepared = prepare(Map.of(), "--config", "../config/demo.yaml", "--check");

        assertThat(prepared).isEqualTo(new Prepared(null, 0));
        assertThat(text(out)).isEqualTo("../config/demo.yaml: OK: 2 customer trunks, 3 vendor trunks, 5 seed decks\n");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void shouldApplyPortFlagsOverFileAndEnvironment()
    {
        final Prepared prepared = prepare(Map.of("SOFTSWITCH_SIP_PORT", "15060"),
            "--config", "../config/demo.yaml", "--sip-port", "0", "--admin-port", "-1");

        assertThat(prepared.exitStatus()).isZero();
        assertThat(prepared.config().signaling().listen().udpPort()).isZero();
        assertThat(prepared.config().signaling().listen().tcpPort()).isZero();
        assertThat(prepared.config().admin().enabled()).isFalse();
    }

    @Test
    void shouldRefuseBadConfigWithLocationAndExitStatus2(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "decks:\n  - trunk: nobody\n    direction: vendor\n    file: x.csv\n");

        final Prepared prepared = prepare(Map.of(), "--config", file.toString());

        assertThat(prepared).isEqualTo(new Prepared(null, SoftswitchMain.EXIT_USAGE));
        assertThat(text(err)).isEqualTo("softswitch: " + file + ":2:12: deck names unknown vendor trunk 'nobody'\n");
    }

    @Test
    void shouldRefuseAMissingSeedDeckOnCheckWithItsEntryAndExitStatus2(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("switch.yaml");
        Files.writeString(file, """
            vendors:
              - {name: carrier-b, host: 127.0.0.1}
            decks:
              - trunk: carrier-b
                direction: vendor
                file: decks/carrier-b.csv
            """);

        final Prepared prepared = prepare(Map.of(), "--config", file.toString(), "--check");

        assertThat(prepared).isEqualTo(new Prepared(null, SoftswitchMain.EXIT_USAGE));
        assertThat(text(err)).isEqualTo("softswitch: " + file + ":6:11: seed deck not found: " +
            dir.resolve("decks/carrier-b.csv") + "\n");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void shouldPrintUsageAndExitStatus2ForBadCommandLine()
    {
        final Prepared prepared = prepare(Map.of(), "--conf", "x.yaml");

        assertThat(prepared).isEqualTo(new Prepared(null, SoftswitchMain.EXIT_USAGE));
        assertThat(text(err)).startsWith("softswitch: unknown option: --conf\nusage: softswitch --config FILE");
    }

    @Test
    void shouldPrintUsageForHelp()
    {
        final Prepared prepared = prepare(Map.of(), "--help");

        assertThat(prepared).isEqualTo(new Prepared(null, 0));
        assertThat(text(out)).isEqualTo(SoftswitchOptions.USAGE);
    }

    private Prepared prepare(final Map<String, String> env, final String... args)
    {
        return SoftswitchMain.prepare(
            args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
