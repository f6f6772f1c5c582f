package io.softswitch.cdr;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;

/**
 * The child JVM of {@link JournalCrashTest}: appends CDRs for ever (bounded by a count) and
 * prints {@code appended N} after each append returned, until it is killed.
 */
public final class JournalCrashChild
{
    private JournalCrashChild()
    {
    }

    /**
     * Runs the writer.
     *
     * @param args journal directory, most calls to write.
     * @throws InterruptedException never in practice.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final CdrJournal journal = CdrJournal.open(JournalSettings.defaults(Path.of(args[0]), "node-crash"),
            new SimpleMeterRegistry());
        final JournalWriter writer = journal.writer(0);
        final CdrRecord record = new CdrRecord();
        final int most = Integer.parseInt(args[1]);
        for (int i = 0; i < most; i++)
        {
            if (!writer.append(TestCdrs.call(record, i, 1_700_000_000_000L + i, 1_000 + i)))
            {
                System.out.println("failed " + i);
            }
            System.out.println("appended " + i);
            System.out.flush();
            Thread.sleep(1);
        }
        System.out.println("done");
    }
}
