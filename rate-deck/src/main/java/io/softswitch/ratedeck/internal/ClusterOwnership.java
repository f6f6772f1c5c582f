package io.softswitch.ratedeck.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which process owns an embedded PostgreSQL cluster, and what is left behind when that process
 * died without stopping it.
 *
 * <p>The owner holds an exclusive lock on {@code <data directory>.owner} for as long as it runs;
 * the operating system drops the lock when the process ends, however it ends (a {@code kill -9}
 * included). So a process that gets the lock knows that no live owner uses the cluster, and may
 * clear what {@code postmaster.pid} says is still there:
 * <ul>
 *   <li>a live {@code postgres} server of this data directory is the orphan of a killed owner:
 *       it is stopped (SIGTERM, PostgreSQL's smart shutdown; its clients died with the owner), and
 *       the new owner starts its own;</li>
 *   <li>a live process that is not a {@code postgres} of this directory means the file is stale and
 *       its PID was reused (after a reboot, say): the file is removed, or PostgreSQL would refuse
 *       to start for as long as that unrelated process lives;</li>
 *   <li>a PID that is not alive: PostgreSQL removes the stale file itself.</li>
 * </ul>
 * A process whose command line cannot be read is left alone: PostgreSQL's own checks decide.
 */
public final class ClusterOwnership implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterOwnership.class);
    private static final long STOP_WAIT_SECONDS = 60;

    private final FileChannel channel;
    private final FileLock lock;

    private ClusterOwnership(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims a data directory for this process and clears what a dead owner left.
     *
     * @param dataDirectory the cluster's directory, absolute.
     * @return the claim, held until closed.
     * @throws IOException when another live process owns the directory, or an orphan does not stop.
     */
    public static ClusterOwnership claim(final Path dataDirectory) throws IOException
    {
        final Path lockFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".owner");
        final FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        final FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException | IOException ex)
        {
            channel.close();
            throw new IOException("embedded PostgreSQL data directory in use by this process: " + dataDirectory, ex);
        }
        if (lock == null)
        {
            channel.close();
            throw new IOException("embedded PostgreSQL data directory in use by another running process: " +
                dataDirectory + " (owner recorded in " + lockFile + "; stop it, or use its admin API)");
        }
        final ClusterOwnership ownership = new ClusterOwnership(channel, lock);
        try
        {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            clearLeftovers(dataDirectory);
            return ownership;
        }
        catch (final IOException | RuntimeException ex)
        {
            ownership.close();
            throw ex;
        }
    }

    private static void clearLeftovers(final Path dataDirectory) throws IOException
    {
        final Path pidFile = dataDirectory.resolve("postmaster.pid");
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        final long pid;
        try
        {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().trim());
        }
        catch (final NumberFormatException ex)
        {
            LOG.warn("removing unreadable {}", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        final Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty())
        {
            return;
        }
        final Optional<String> command = process.get().info().command();
        final Optional<String[]> arguments = process.get().info().arguments();
        if (command.isEmpty() || arguments.isEmpty())
        {
            return;
        }
        if (isServerOf(command.get(), arguments.get(), dataDirectory))
        {
            stopOrphan(process.get(), pidFile, dataDirectory);
        }
        else
        {
            LOG.warn("{} names process {} ({}), which is not this cluster's server: removing the stale file",
                pidFile, pid, command.get());
            Files.deleteIfExists(pidFile);
        }
    }

    private static boolean isServerOf(final String command, final String[] arguments, final Path dataDirectory)
    {
        if (!Path.of(command).getFileName().toString().equals("postgres"))
        {
            return false;
        }
        for (int i = 0; i + 1 < arguments.length; i++)
        {
            if ("-D".equals(arguments[i]) &&
                Path.of(arguments[i + 1]).toAbsolutePath().normalize().equals(dataDirectory.toAbsolutePath().normalize()))
            {
                return true;
            }
        }
        return false;
    }

    private static void stopOrphan(final ProcessHandle server, final Path pidFile, final Path dataDirectory)
        throws IOException
    {
        LOG.warn("embedded PostgreSQL (pid {}) of {} outlived its owner: stopping it", server.pid(), dataDirectory);
        server.destroy();
        try
        {
            server.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new IOException("orphaned embedded PostgreSQL (pid " + server.pid() + ") did not stop within " +
                STOP_WAIT_SECONDS + " s: " + dataDirectory, ex);
        }
        // The server removes its pid file as it exits; wait for that too, briefly.
        for (int i = 0; i < 50 && Files.exists(pidFile); i++)
        {
            try
            {
                Thread.sleep(100);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the orphaned server stopped", ex);
            }
        }
    }

    /**
     * Releases the claim: another process may own the directory.
     *
     * @throws IOException when the lock file cannot be closed.
     */
    @Override
    public void close() throws IOException
    {
        try
        {
            if (lock.isValid())
            {
                lock.release();
            }
        }
        finally
        {
            channel.close();
        }
    }
}
