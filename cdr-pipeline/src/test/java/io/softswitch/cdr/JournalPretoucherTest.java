package io.softswitch.cdr;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JournalPretoucherTest
{
    private static final int CALLS = 3_000;

    @TempDir
    Path dir;

    @Test
    void shouldTouchThePagesAheadOfTheWriterWithoutChangingAnyRecord() throws Exception
    {
        assumeTrue(hasPopulateWrite(), "madvise(MADV_POPULATE_WRITE) needs Linux 5.14 or later");
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir, "node-a"), new SimpleMeterRegistry()))
        {
            final JournalWriter writer = journal.writer(0);
            final CdrRecord record = new CdrRecord();
            for (int n = 0; n < CALLS; n++)
            {
                assertThat(writer.append(TestCdrs.call(record, n, 1_700_000_000_000L + n, n % 7 * 1_000))).isTrue();
                if (n % 100 == 0)
                {
                    // The pre-toucher races a writer that is moving.
                    LockSupport.parkNanos(1_000_000);
                }
            }
            final long written = writer.writtenUpTo();
            final long fileLength = cycleFileLength(dir.resolve("loop-0"));
            assertThat(written).isPositive().isLessThan(fileLength);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (journal.pretouchedUpTo("loop-0") <= written && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(5_000_000);
            }
            assertThat(journal.pretouchedUpTo("loop-0"))
                .isGreaterThan(written)
                .isLessThanOrEqualTo(Math.min(fileLength, written + JournalPretoucher.LOOKAHEAD_BYTES));
        }
        final List<CdrRecord> read = CdrJournalTest.readAll(dir.resolve("loop-0"));
        assertThat(read).hasSize(CALLS);
        for (int n = 0; n < CALLS; n++)
        {
            final CdrRecord r = read.get(n);
            assertThat(r.customerCallId().toString()).isEqualTo("cust-" + n + "@10.0.0.1");
            assertThat(r.inviteReceivedEpochMs()).isEqualTo(1_700_000_000_000L + n);
            assertThat(r.durationMs()).isEqualTo(n % 7 * 1_000);
            assertThat(r.attempt(1).vendorCallId().toString()).isEqualTo("ours-" + n + "-2");
        }
    }

    @Test
    void shouldTouchNothingWhenTurnedOff()
    {
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir, "node-a"), new SimpleMeterRegistry(),
            false))
        {
            final JournalWriter writer = journal.writer(0);
            assertThat(writer.append(TestCdrs.call(new CdrRecord(), 1, 1_700_000_000_000L, 1_000))).isTrue();
            LockSupport.parkNanos(50_000_000);
            assertThat(journal.pretouchedUpTo("loop-0")).isZero();
        }
        assertThat(CdrJournalTest.readAll(dir.resolve("loop-0"))).hasSize(1);
    }

    private static boolean hasPopulateWrite()
    {
        final String[] version = System.getProperty("os.version").split("[.-]");
        final int major = Integer.parseInt(version[0]);
        final int minor = version.length > 1 ? Integer.parseInt(version[1]) : 0;
        return System.getProperty("os.name").equals("Linux") && (major > 5 || major == 5 && minor >= 14);
    }

    private static long cycleFileLength(final Path queueDir) throws Exception
    {
        try (Stream<Path> files = Files.list(queueDir))
        {
            final Path file = files.filter(p -> p.toString().endsWith(".cq4")).max(Path::compareTo).orElseThrow();
            return Files.size(file);
        }
    }
}
