package io.softswitch.cdr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability: a writer JVM killed with SIGKILL in the middle of appending loses no CDR whose
 * append had returned.
 */
class JournalCrashTest
{
    private static final int KILL_AFTER = 400;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldKeepEveryAppendedCdrWhenTheWriterIsKilledByPid() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        // The same Chronicle flags (--add-opens, analytics off) as this JVM.
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle") || arg.startsWith("--sun-misc") ||
                arg.startsWith("--enable-native"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JournalCrashChild.class.getName());
        command.add(dir.toString());
        command.add("1000000");
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastAcknowledged = -1;
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                assertThat(line).doesNotStartWith("failed");
                if (line.startsWith("appended "))
                {
                    lastAcknowledged = Integer.parseInt(line.substring("appended ".length()));
                    if (lastAcknowledged >= KILL_AFTER)
                    {
                        final Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start();
                        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
                        break;
                    }
                }
            }
        }
        finally
        {
            if (!child.waitFor(30, TimeUnit.SECONDS))
            {
                child.destroyForcibly();
            }
        }
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(lastAcknowledged).isGreaterThanOrEqualTo(KILL_AFTER);

        final List<CdrRecord> records = CdrJournalTest.readAll(dir.resolve("loop-0"));
        // Every acknowledged CDR is there, once, in order, intact (the child may have appended a
        // few more between the line read here and the signal: those are complete too).
        assertThat(records.size()).isGreaterThanOrEqualTo(lastAcknowledged + 1);
        for (int i = 0; i < records.size(); i++)
        {
            final CdrRecord record = records.get(i);
            assertThat(record.customerCallId().toString()).isEqualTo("cust-" + i + "@10.0.0.1");
            assertThat(record.durationMs()).isEqualTo(1_000 + i);
            assertThat(record.attemptCount()).isEqualTo(2);
            assertThat(record.attempt(1).vendorCallId().toString()).isEqualTo("ours-" + i + "-2");
        }
    }
}
