package io.softswitch.cdr;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CdrJournalTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryFieldOfACallAndItsAttempts()
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir, "node-a"), registry))
        {
            final CdrRecord record = TestCdrs.call(new CdrRecord(), 7, 1_700_000_000_000L, 61_500);
            record.vendorMedia().set(1, 2, 3, 4);
            assertThat(journal.writer(0).append(record)).isTrue();
        }
        final List<CdrRecord> read = readAll(dir.resolve("loop-0"));
        assertThat(read).hasSize(1);
        final CdrRecord r = read.getFirst();
        assertThat(r.nodeId().toString()).isEqualTo("node-a");
        assertThat(r.customerTrunk().toString()).isEqualTo("acme");
        assertThat(r.customerCallId().toString()).isEqualTo("cust-7@10.0.0.1");
        assertThat(r.callingNumber().toString()).isEqualTo("3312345678");
        assertThat(r.calledNumberReceived().toString()).isEqualTo("0012125550100");
        assertThat(r.calledNumberNormalised().toString()).isEqualTo("12125550100");
        assertThat(r.inviteReceivedEpochMs()).isEqualTo(1_700_000_000_000L);
        assertThat(r.firstProvisionalEpochMs()).isEqualTo(1_700_000_000_100L);
        assertThat(r.answerEpochMs()).isEqualTo(1_700_000_002_000L);
        assertThat(r.endEpochMs()).isEqualTo(1_700_000_063_500L);
        assertThat(r.durationMs()).isEqualTo(61_500);
        assertThat(r.pddMs()).isEqualTo(100);
        assertThat(r.customerFinalCode()).isEqualTo(200);
        assertThat(r.endReason().toString()).isEqualTo("CUSTOMER_BYE");
        assertThat(r.hungUpBy()).isEqualTo(CallParty.CUSTOMER);
        assertThat(r.sellPrefix().toString()).isEqualTo("1212");
        assertThat(r.sellRateMicrosPerMinute()).isEqualTo(12_000);
        assertThat(r.customerMedia().mosTimes100()).isEqualTo(431);
        assertThat(r.customerMedia().jitterMicros()).isEqualTo(2_500);
        assertThat(r.vendorMedia().packetsLost()).isEqualTo(1);
        assertThat(r.attemptCount()).isEqualTo(2);
        assertThat(r.attempt(0).vendorTrunk().toString()).isEqualTo("vendor-b");
        assertThat(r.attempt(0).finalCode()).isEqualTo(503);
        assertThat(r.attempt(0).answered()).isFalse();
        assertThat(r.attempt(0).pddMs()).isEqualTo(50);
        assertThat(r.attempt(1).vendorCallId().toString()).isEqualTo("ours-7-2");
        assertThat(r.attempt(1).vendorPrefix().toString()).isEqualTo("1212");
        assertThat(r.attempt(1).vendorRateMicrosPerMinute()).isEqualTo(6_500);
        assertThat(r.attempt(1).durationMs()).isEqualTo(61_500);
        assertThat(r.answeredAttempt()).isEqualTo(1);
        assertThat(r.truncated()).isFalse();
        assertThat(registry.get("softswitch.cdr.journal.appended").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldIndexEverySixteenthRecordOfAQueueFile()
    {
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir, "node-a"), new SimpleMeterRegistry()))
        {
            final JournalWriter writer = journal.writer(0);
            final CdrRecord record = new CdrRecord();
            for (int i = 0; i < 40; i++)
            {
                assertThat(writer.append(TestCdrs.call(record, i, 1_700_000_000_000L + i, 1_000))).isTrue();
            }
            final SingleChronicleQueue queue = writer.queue();
            final int cycle = queue.rollCycle().toCycle(writer.lastIndex());
            final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            try
            {
                // Chronicle's default for the hourly cycles indexes every 256th record only.
                assertThat(store.indexable(16)).isTrue();
                assertThat(store.indexable(32)).isTrue();
                assertThat(store.indexable(8)).isFalse();
                assertThat(store.indexable(24)).isFalse();
            }
            finally
            {
                queue.closeStore(store);
            }
        }
    }

    @Test
    void shouldCutOverlongTextAndFlagTheRecord()
    {
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir, "node-a"), new SimpleMeterRegistry()))
        {
            final CdrRecord record = TestCdrs.call(new CdrRecord(), 1, 1_700_000_000_000L, 1_000);
            record.customer("acme", "x".repeat(CdrLayout.MAX_CALL_ID + 10), "1", "2", "2");
            journal.writer(0).append(record);
        }
        final CdrRecord r = readAll(dir.resolve("loop-0")).getFirst();
        assertThat(r.customerCallId().length()).isEqualTo(CdrLayout.MAX_CALL_ID);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void shouldKeepAttemptsBeyondCapacityOutWithoutOverwritingTheLastOne()
    {
        final CdrRecord record = new CdrRecord().clear();
        for (int i = 0; i < CdrLayout.MAX_ATTEMPTS + 3; i++)
        {
            record.addAttempt().route("v" + i, "c", "1", "1", i);
        }
        assertThat(record.attemptCount()).isEqualTo(CdrLayout.MAX_ATTEMPTS);
        assertThat(record.attemptsDropped()).isEqualTo(3);
        assertThat(record.attempt(CdrLayout.MAX_ATTEMPTS - 1).vendorTrunk().toString())
            .isEqualTo("v" + (CdrLayout.MAX_ATTEMPTS - 1));
    }

    @Test
    void shouldGiveEachThreadItsOwnQueueOpenedBeforehandOnAnotherThread() throws Exception
    {
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir, "node-a"), new SimpleMeterRegistry()))
        {
            journal.prepareWriters(3);
            final Thread[] threads = new Thread[3];
            for (int t = 0; t < threads.length; t++)
            {
                final int base = t * 1000;
                threads[t] = new Thread(() ->
                {
                    final CdrRecord record = new CdrRecord();
                    final JournalWriter writer = journal.writerForCurrentThread();
                    for (int i = 0; i < 100; i++)
                    {
                        writer.append(TestCdrs.call(record, base + i, 1_700_000_000_000L + i, 1_000));
                    }
                }, "loop-test-" + t);
                threads[t].start();
            }
            for (final Thread thread : threads)
            {
                thread.join(60_000);
            }
        }
        int total = 0;
        for (int t = 0; t < 3; t++)
        {
            final List<CdrRecord> records = readAll(dir.resolve("loop-" + t));
            assertThat(records).hasSize(100);
            // One writer per queue: a queue holds one thread's calls, in its order.
            final String first = records.getFirst().customerCallId().toString();
            final long base = Long.parseLong(first.substring(5, first.indexOf('@'))) / 1000 * 1000;
            for (int i = 0; i < 100; i++)
            {
                assertThat(records.get(i).customerCallId().toString()).isEqualTo("cust-" + (base + i) + "@10.0.0.1");
            }
            total += records.size();
        }
        assertThat(total).isEqualTo(300);
    }

    @Test
    void shouldReportUnwritableBelowTheFreeSpaceFloor()
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final JournalSettings settings = new JournalSettings(dir, "node-a", "FAST_HOURLY", Duration.ofDays(1),
            Long.MAX_VALUE, Duration.ofMillis(50));
        try (CdrJournal journal = CdrJournal.open(settings, registry))
        {
            assertThat(journal.writable()).isFalse();
            assertThat(journal.health()).contains("below floor");
            assertThat(registry.get("softswitch.cdr.journal.writable").gauge().value()).isEqualTo(0.0);
        }
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir, "node-a"), new SimpleMeterRegistry()))
        {
            assertThat(journal.writable()).isTrue();
            assertThat(journal.health()).isEqualTo("ok");
        }
    }

    static List<CdrRecord> readAll(final Path queueDir)
    {
        final List<CdrRecord> out = new ArrayList<>();
        try (SingleChronicleQueue queue = CdrJournal.openQueue(queueDir,
            JournalSettings.defaults(queueDir.getParent(), "reader"));
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final CdrRecord record = new CdrRecord();
                    record.readMarshallable(dc.wire().bytes());
                    out.add(record);
                }
            }
        }
        return out;
    }
}
