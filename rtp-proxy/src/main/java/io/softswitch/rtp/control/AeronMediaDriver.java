package io.softswitch.rtp.control;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;

/**
 * An embedded Aeron media driver and a client of it, sized for control messages: one shared
 * driver thread that parks when idle (the machine's cores belong to SIP and RTP), small terms,
 * its own directory under {@code /dev/shm} removed on close.
 *
 * <p>{@link #launchHosted} runs neither a driver thread nor a client conductor thread: their duty
 * cycles run on a thread of the owner's ({@link #hostedOn}), the relay's {@code media-conductor}.
 * Three threads that each woke a few hundred times a second when idle become one.
 */
public final class AeronMediaDriver implements AutoCloseable
{
    private static final int TERM_LENGTH = 1 << 20;
    /**
     * Longest park of an idle driver or client thread: a control message waits at most this long
     * to be picked up, and an idle switch wakes these threads a few hundred times a second, not
     * tens of thousands.
     */
    private static final long MAX_PARK_NS = 5_000_000L;
    /**
     * How often the driver's conductor checks its timers (client liveness, lingering resources).
     * Aeron's default, 1 ms, counts as work every millisecond, so an idle host's back-off never
     * parks longer than that; control traffic needs none of that precision.
     */
    private static final long TIMER_INTERVAL_NS = 10_000_000L;

    private final MediaDriver driver;
    private final Aeron aeron;

    private AeronMediaDriver(final MediaDriver driver, final Aeron aeron)
    {
        this.driver = driver;
        this.aeron = aeron;
    }

    private static MediaDriver.Context driverContext(final String name)
    {
        final String parent = new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        final String dir = parent + "/softswitch-" + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return new MediaDriver.Context()
            .aeronDirectoryName(dir)
            // Name resolution of a UDP endpoint is rare here: the driver's conductor does it, and no
            // executor thread polls at idle.
            .asyncExecutorEnabled(false)
            .timerIntervalNs(TIMER_INTERVAL_NS)
            .ipcTermBufferLength(TERM_LENGTH)
            .publicationTermBufferLength(TERM_LENGTH)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
    }

    /**
     * Starts a driver and connects a client whose duty cycles run on the caller's thread (see
     * {@link #hostedOn}). A client call that waits for the driver (adding a publication) runs the
     * driver's duty cycle itself meanwhile, under the client's lock.
     *
     * @param name what the directory is named after.
     * @return the driver, without threads of its own.
     */
    public static AeronMediaDriver launchHosted(final String name)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(driverContext(name).threadingMode(ThreadingMode.INVOKER));
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .useConductorAgentInvoker(true)
                .driverAgentInvoker(driver.sharedAgentInvoker()));
            return new AeronMediaDriver(driver, aeron);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /**
     * An agent that runs {@code owner}'s duty cycle, then the driver's and the client's, for a
     * driver started by {@link #launchHosted}. The driver's cycle runs only under the client's
     * lock, which a client call waiting for the driver holds while it runs that cycle itself: one
     * thread at a time in the driver.
     *
     * @param owner the agent of the thread that hosts them.
     * @return the agent to run, named as {@code owner}.
     */
    public Agent hostedOn(final Agent owner)
    {
        final AgentInvoker driverDuty = driver.sharedAgentInvoker();
        final AgentInvoker clientDuty = aeron.conductorAgentInvoker();
        if (driverDuty == null || clientDuty == null)
        {
            throw new IllegalStateException("not launched hosted");
        }
        final Lock clientLock = aeron.context().clientLock();
        return new Agent()
        {
            @Override
            public int doWork() throws Exception
            {
                int work = owner.doWork();
                if (clientLock.tryLock())
                {
                    try
                    {
                        work += driverDuty.invoke();
                    }
                    finally
                    {
                        clientLock.unlock();
                    }
                }
                return work + clientDuty.invoke();
            }

            @Override
            public void onClose()
            {
                owner.onClose();
            }

            @Override
            public String roleName()
            {
                return owner.roleName();
            }
        };
    }

    /**
     * Starts a driver and connects a client.
     *
     * @param name what the directory is named after ({@code softswitch-media-NAME-random}).
     * @return the running driver.
     */
    public static AeronMediaDriver launch(final String name)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(driverContext(name)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(1, 1, 1_000, MAX_PARK_NS)));
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .idleStrategy(new BackoffIdleStrategy(1, 1, 1_000, MAX_PARK_NS)));
            return new AeronMediaDriver(driver, aeron);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /** @return the client. */
    public Aeron aeron()
    {
        return aeron;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }
}
