package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.cdr.JournalSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Billing yields the cores to the calls: its two threads and the PostgreSQL backend of its
 * session run at nice 19 (read back from /proc), while another thread of the same JVM keeps its
 * priority.
 */
class BillingPriorityTest
{
    /** A thread of the test's own, at the priority every other thread of this JVM has. */
    private static final String CONTROL = "prio-control";

    @TempDir
    Path dir;

    @Test
    void shouldRunBillingThreadsAndItsDatabaseBackendAtTheLowestPriority() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final Thread control = new Thread(() -> awaitQuietly(release), CONTROL);
        control.start();
        final int baseline = niceOnceNamed(CONTROL);
        assumeTrue(baseline < BackgroundPriority.NICE, "the test JVM already runs at nice 19: nothing to tell apart");
        final DataSource database = BillingDatabases.newDatabase();
        BillingTailerTest.seedDecks(database, dir);
        BillingTailerTest.journal(dir.resolve("node-a"), "node-a", 0, 20);
        final JournalSettings journal = JournalSettings.defaults(dir.resolve("node-a"), "node-a");
        try (BillingTailer tailer = new BillingTailer(
            new BillingSettings(journal, 10, Duration.ofMillis(10), Duration.ofMillis(200)),
            database, new SimpleMeterRegistry(), Clock.systemUTC()))
        {
            tailer.start();
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (tailer.backlogRecords() != 0 || billingBackends(database).isEmpty())
            {
                assertThat(System.nanoTime()).as("billing caught up").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(threadNice("billing-reader")).containsExactly(BackgroundPriority.NICE);
            assertThat(threadNice("billing-writer")).containsExactly(BackgroundPriority.NICE);
            assertThat(threadNice(CONTROL)).containsExactly(baseline);
            for (final int pid : billingBackends(database))
            {
                assertThat(nice(Path.of("/proc", Integer.toString(pid), "stat"))).isEqualTo(BackgroundPriority.NICE);
            }
        }
        finally
        {
            release.countDown();
            control.join();
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A started thread names its kernel task itself, after {@link Thread#start()} has returned,
     * so the name is awaited rather than read once.
     */
    private static int niceOnceNamed(final String name) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        List<Integer> values = threadNice(name);
        while (values.isEmpty())
        {
            assertThat(System.nanoTime()).as("thread %s named in /proc", name).isLessThan(deadline);
            Thread.sleep(5);
            values = threadNice(name);
        }
        return values.getFirst();
    }

    private static List<Integer> billingBackends(final DataSource database) throws SQLException
    {
        final List<Integer> pids = new ArrayList<>();
        try (Connection c = database.getConnection();
            PreparedStatement select = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?"))
        {
            select.setString(1, BillingSession.APPLICATION_NAME);
            try (ResultSet rows = select.executeQuery())
            {
                while (rows.next())
                {
                    pids.add(rows.getInt(1));
                }
            }
        }
        return pids;
    }

    /** The nice values of this process's threads with the given name. */
    private static List<Integer> threadNice(final String name) throws IOException
    {
        final List<Integer> values = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : tasks.toList())
            {
                if (Files.readString(task.resolve("comm")).strip().equals(name))
                {
                    values.add(nice(task.resolve("stat")));
                }
            }
        }
        return values;
    }

    /** Field 19 of a /proc stat line, counted after the command name's closing parenthesis. */
    private static int nice(final Path stat) throws IOException
    {
        final String line = Files.readString(stat);
        final String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
