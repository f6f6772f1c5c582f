package io.softswitch.cdr.billing;

import io.softswitch.cdr.JournalSettings;
import net.openhft.chronicle.queue.RollCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JournalRetentionTest
{
    private static final RollCycle HOURLY = JournalSettings.rollCycle("FAST_HOURLY");
    private static final long NOW = Instant.parse("2026-11-30T12:30:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private int cycleOf(final String hour)
    {
        return (int)(Instant.parse(hour).toEpochMilli() / HOURLY.lengthInMillis());
    }

    @Test
    void shouldDeleteOnlyFilesOlderThanTheRetentionThatAreBilled() throws Exception
    {
        final Path old = Files.createFile(dir.resolve("20261128-09F.cq4"));
        final Path recent = Files.createFile(dir.resolve("20261130-10F.cq4"));
        final Path unbilled = Files.createFile(dir.resolve("20261129-08F.cq4"));
        final Path metadata = Files.createFile(dir.resolve("metadata.cq4t"));
        // Billed up to 2026-11-29 08:xx, retention one day.
        final int committed = cycleOf("2026-11-29T08:00:00Z");

        assertThat(JournalRetention.sweep(dir, HOURLY, committed, NOW, Duration.ofDays(1))).containsExactly(old);

        assertThat(old).doesNotExist();
        // Within the retention: kept.
        assertThat(recent).exists();
        // Older than the retention but in the billed position's own cycle: kept until billing moves on.
        assertThat(unbilled).exists();
        assertThat(metadata).exists();
    }

    @Test
    void shouldKeepEverythingBeforeAnythingIsBilled() throws Exception
    {
        final Path old = Files.createFile(dir.resolve("20261101-09F.cq4"));
        assertThat(JournalRetention.sweep(dir, HOURLY, -1, NOW, Duration.ofHours(1))).isEmpty();
        assertThat(old).exists();
    }
}
