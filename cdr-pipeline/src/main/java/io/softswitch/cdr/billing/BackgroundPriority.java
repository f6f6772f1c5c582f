package io.softswitch.cdr.billing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives billing's threads, and the PostgreSQL backend that serves its connection, the lowest CPU
 * priority of Linux's scheduler ({@code setpriority(2)}, nice 19). Billing is batch work with a
 * journal in front of it; the event loops carry calls. When the cores are short, the scheduler
 * then gives them to the loops and billing's backlog grows instead of calls being refused; when
 * the cores are free, billing runs at full speed, since nice only weighs threads that compete.
 *
 * <p>Best effort: where {@code setpriority} is missing (not Linux) or refused, nothing changes
 * and one line is logged.
 */
final class BackgroundPriority
{
    /** The nice value billing runs at: the lowest priority. */
    static final int NICE = 19;

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle SETPRIORITY;
    private static final MethodHandle GETTID;

    static
    {
        MethodHandle setpriority = null;
        MethodHandle gettid = null;
        try
        {
            final Linker linker = Linker.nativeLinker();
            setpriority = linker.downcallHandle(linker.defaultLookup().find("setpriority").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));
            gettid = linker.downcallHandle(linker.defaultLookup().find("gettid").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.info("billing runs at normal CPU priority: setpriority/gettid unavailable ({})", ex.toString());
            setpriority = null;
            gettid = null;
        }
        SETPRIORITY = setpriority;
        GETTID = gettid;
    }

    private BackgroundPriority()
    {
    }

    /**
     * Lowers the calling thread's priority.
     */
    static void lowerCurrentThread()
    {
        if (GETTID == null)
        {
            return;
        }
        try
        {
            lower((int)GETTID.invokeExact(), Thread.currentThread().getName());
        }
        catch (final Throwable ex)
        {
            LOG.info("billing thread {} keeps its CPU priority: {}", Thread.currentThread().getName(), ex.toString());
        }
    }

    /**
     * Lowers the priority of the PostgreSQL backend process serving a billing connection, when
     * that process is a PostgreSQL process on this machine: a server in another host or container
     * reports a pid of its own namespace, which may name an unrelated local process, so the
     * pid's command name is checked first.
     *
     * @param backendPid the server's {@code pg_backend_pid()}.
     */
    static void lowerBackend(final int backendPid)
    {
        if (SETPRIORITY == null || !isPostgres(backendPid))
        {
            return;
        }
        lower(backendPid, "postgres backend " + backendPid);
    }

    private static boolean isPostgres(final int pid)
    {
        try
        {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "comm")).startsWith("postgres");
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static void lower(final int id, final String what)
    {
        try
        {
            if ((int)SETPRIORITY.invokeExact(PRIO_PROCESS, id, NICE) != 0)
            {
                LOG.info("{} keeps its CPU priority: setpriority refused", what);
            }
        }
        catch (final Throwable ex)
        {
            LOG.info("{} keeps its CPU priority: {}", what, ex.toString());
        }
    }
}
