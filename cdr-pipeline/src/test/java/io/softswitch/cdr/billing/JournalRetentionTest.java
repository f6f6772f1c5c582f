package io.softswitch.cdr.billing;

import io.softswitch.cdr.JournalSettings;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retention on real Chronicle queues of every roll cycle the configuration accepts: a cycle's file
 * goes only once it is both older than the retention and before the billed position's cycle, and
 * the queue still reads what is left; the weekly cycle, whose files Chronicle cannot list once
 * one is gone, is refused.
 */
class JournalRetentionTest
{
    /** A Monday: the cycles below start here or just after, for every length. */
    private static final long START_MS = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = RollCycles.class, names = "WEEKLY", mode = EnumSource.Mode.EXCLUDE)
    void shouldDeleteOnlyBilledFilesOlderThanTheRetentionForEveryRollCycle(final RollCycles rollCycle)
    {
        final RollCycle roll = JournalSettings.rollCycle(rollCycle.name());
        final long length = roll.lengthInMillis();
        final SetTimeProvider time = new SetTimeProvider(START_MS);
        final List<Long> indexes = new ArrayList<>();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(roll).timeProvider(time)
            .build())
        {
            // Cycles count from the queue's epoch (a Monday for WEEKLY).
            final long epoch = queue.epoch();
            final int first = (int)((START_MS - epoch) / length) + 1;
            final ExcerptAppender appender = queue.createAppender();
            for (int i = 0; i < 4; i++)
            {
                time.currentTimeMillis(epoch + (first + i) * length + 1);
                appender.writeText("cdr-" + i);
                indexes.add(appender.lastIndexAppended());
            }
            assertThat(cq4Files()).hasSize(4);
            final int committed = roll.toCycle(indexes.get(3));
            assertThat(committed).isEqualTo(first + 3);

            // Retention one cycle: cycles first and first+1 ended more than that ago, first+2 did not.
            final long now = epoch + (first + 3) * length + 1;
            assertThat(JournalRetention.sweep(queue, committed, now, Duration.ofMillis(length))).hasSize(2);
            assertThat(cq4Files()).hasSize(2);
            // Run again: nothing more to go, nothing refused.
            assertThat(JournalRetention.sweep(queue, committed, now, Duration.ofMillis(length))).isEmpty();

            try (ExcerptTailer tailer = queue.createTailer())
            {
                assertThat(tailer.readText()).isEqualTo("cdr-2");
                assertThat(tailer.readText()).isEqualTo("cdr-3");
            }
        }
    }

    @Test
    void shouldKeepUnbilledCyclesHoweverOld()
    {
        final RollCycle roll = JournalSettings.rollCycle("FAST_HOURLY");
        final long length = roll.lengthInMillis();
        final int first = (int)(START_MS / length);
        final SetTimeProvider time = new SetTimeProvider(first * length + 1);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(roll).timeProvider(time)
            .build())
        {
            final ExcerptAppender appender = queue.createAppender();
            for (int i = 0; i < 3; i++)
            {
                time.currentTimeMillis((first + i) * length + 1);
                appender.writeText("cdr-" + i);
            }
            final long muchLater = (first + 1_000) * length;
            // Nothing billed: nothing goes.
            assertThat(JournalRetention.sweep(queue, -1, muchLater, Duration.ZERO)).isEmpty();
            // Billed into the second cycle: only the first goes.
            assertThat(JournalRetention.sweep(queue, first + 1, muchLater, Duration.ZERO)).hasSize(1);
            assertThat(cq4Files()).hasSize(2);
        }
    }

    @Test
    void shouldRefuseAnUnknownRollCycleNamingTheOnesOffered()
    {
        assertThatThrownBy(() -> JournalSettings.rollCycle("FORTNIGHTLY"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FAST_DAILY");
    }

    @Test
    void shouldRefuseTheWeeklyRollCycleWhoseFilesChronicleCannotListAfterRetention()
    {
        assertThatThrownBy(() -> JournalSettings.rollCycle("weekly"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not supported")
            .hasMessageContaining("FAST_DAILY");
    }

    private List<Path> cq4Files()
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).toList();
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
