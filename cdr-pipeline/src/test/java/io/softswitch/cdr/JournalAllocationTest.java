package io.softswitch.cdr;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal append path (fill a record from char sequences, append it) allocates nothing in
 * steady state: measured with the thread's allocation counter over many appends.
 */
class JournalAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;

    @TempDir
    Path dir;

    @Test
    void shouldAppendWithoutAllocatingOnceWarm()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final StringBuilder callId = new StringBuilder("cust-0000000@10.0.0.1");
        try (CdrJournal journal = CdrJournal.open(JournalSettings.defaults(dir, "node-a"), new SimpleMeterRegistry()))
        {
            final JournalWriter writer = journal.writer(0);
            final CdrRecord record = new CdrRecord();
            int appended = 0;
            for (int i = 0; i < WARM_UP; i++)
            {
                appended += append(writer, record, callId, i);
            }
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < MEASURED; i++)
            {
                appended += append(writer, record, callId, WARM_UP + i);
            }
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(appended).isEqualTo(WARM_UP + MEASURED);
            // Zero per append; a few hundred bytes of slack for a rare one-off inside the JVM or
            // Chronicle (a file header refresh), which would show as well over 1 byte per append.
            assertThat(allocated).as("bytes over %d appends", MEASURED).isLessThan(MEASURED);
        }
    }

    private static int append(final JournalWriter writer, final CdrRecord record, final StringBuilder callId,
        final int n)
    {
        callId.setCharAt(5, (char)('0' + n % 10));
        record.clear().nodeId("node-a").customer("acme", callId, "3312345678", "0012125550100", "12125550100")
            .times(1_700_000_000_000L + n, 1_700_000_000_100L + n, 1_700_000_002_000L + n, 1_700_000_062_000L + n)
            .ending(200, "CUSTOMER_BYE", CallParty.CUSTOMER).sell("1212", 12_000);
        record.addAttempt().route("vendor-b", callId, "12125550100", "1", 7_000)
            .outcome(1_700_000_000_010L, 1_700_000_000_060L, 0, 1_700_000_000_900L, 503);
        record.addAttempt().route("vendor-a", callId, "12125550100", "1212", 6_500)
            .outcome(1_700_000_000_900L, 1_700_000_001_000L, 1_700_000_002_000L, 1_700_000_062_000L, 200);
        return writer.append(record) ? 1 : 0;
    }
}
