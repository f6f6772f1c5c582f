package io.softswitch.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch killed with {@code kill -9} leaves its embedded PostgreSQL running; the next start
 * recognises that server as its own, stops it, and comes up at the first try. The switch runs as a
 * child process ({@code SoftswitchMain}, the test's class path); every process started here is
 * stopped by its PID.
 */
@Tag("e2e")
@Timeout(420)
class RestartAfterKillTest
{
    private static final Pattern ADMIN = Pattern.compile("admin HTTP listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    private Path directory;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverythingStartedHere() throws Exception
    {
        for (final Process process : started)
        {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        final Optional<ProcessHandle> server = server();
        if (server.isPresent())
        {
            server.get().destroy();
            server.get().onExit().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldStartAtTheFirstTryAfterTheSwitchWasKilled() throws Exception
    {
        final Path config = config();

        final Process first = start(config, "first.log");
        awaitAdmin(first, directory.resolve("first.log"));
        final ProcessHandle orphan = server().orElseThrow();
        ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(orphan.isAlive()).as("the killed switch left its database running").isTrue();

        final Process second = start(config, "second.log");
        final int adminPort = awaitAdmin(second, directory.resolve("second.log"));

        assertThat(Files.readString(directory.resolve("second.log")))
            .contains("embedded PostgreSQL (pid " + orphan.pid() + ")").contains("outlived its owner: stopping it");
        assertThat(orphan.isAlive()).isFalse();
        try (HttpClient client = HttpClient.newHttpClient())
        {
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }

        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server()).as("a clean stop stops the database").isEmpty();
    }

    private Path config() throws IOException
    {
        final Path decks = Path.of("../config/decks").toAbsolutePath().normalize();
        final String demo = Files.readString(Path.of("../config/demo.yaml"))
            .replace("data-directory: data/postgres", "data-directory: " + directory.resolve("postgres"))
            .replace("file: decks/", "file: " + decks + "/");
        final Path config = directory.resolve("switch.yaml");
        Files.writeString(config, demo);
        return config;
    }

    private Process start(final Path config, final String log) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(moduleFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.softswitch.app.SoftswitchMain",
            "--config", config.toString(), "--sip-port", "0", "--admin-port", "0"));
        final Process process = new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve(log).toFile())
            .start();
        started.add(process);
        return process;
    }

    /**
     * The module and native-access flags this test JVM was started with (the ones bin/softswitch
     * passes too: Chronicle's, Agrona's and Aeron's), so that the child runs as the launcher would.
     */
    private static List<String> moduleFlags()
    {
        final List<String> flags = new ArrayList<>();
        final List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < arguments.size(); i++)
        {
            final String argument = arguments.get(i);
            if ((argument.equals("--add-exports") || argument.equals("--add-opens")) && i + 1 < arguments.size())
            {
                flags.add(argument);
                flags.add(arguments.get(++i));
            }
            else if (argument.startsWith("--add-exports=") || argument.startsWith("--add-opens=")
                || argument.startsWith("--enable-native-access") || argument.startsWith("--sun-misc-unsafe-memory-access")
                || argument.startsWith("-Dchronicle."))
            {
                flags.add(argument);
            }
        }
        return flags;
    }

    private static int awaitAdmin(final Process process, final Path log) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline)
        {
            final Matcher matcher = ADMIN.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (matcher.find())
            {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive())
            {
                throw new AssertionError("the switch exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the switch did not start within 180 s:\n" + Files.readString(log));
    }

    /** The PostgreSQL server of this test's data directory, if one runs. */
    private Optional<ProcessHandle> server() throws IOException
    {
        final Path pidFile = directory.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile))
        {
            return Optional.empty();
        }
        final long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
            .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
    }
}
