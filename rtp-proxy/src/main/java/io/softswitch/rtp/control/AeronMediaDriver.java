package io.softswitch.rtp.control;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An embedded Aeron media driver and a client of it, sized for control messages: one shared
 * driver thread that parks when idle (the machine's cores belong to SIP and RTP), small terms,
 * its own directory under {@code /dev/shm} removed on close.
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

    private final MediaDriver driver;
    private final Aeron aeron;

    private AeronMediaDriver(final MediaDriver driver, final Aeron aeron)
    {
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * Starts a driver and connects a client.
     *
     * @param name what the directory is named after ({@code softswitch-media-NAME-random}).
     * @return the running driver.
     */
    public static AeronMediaDriver launch(final String name)
    {
        final String parent = new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        final String dir = parent + "/softswitch-" + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(1, 1, 1_000, MAX_PARK_NS))
            // Name resolution of a UDP endpoint is rare here: the driver's conductor does it, and no
            // executor thread polls at idle.
            .asyncExecutorEnabled(false)
            .ipcTermBufferLength(TERM_LENGTH)
            .publicationTermBufferLength(TERM_LENGTH)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        final MediaDriver driver = MediaDriver.launchEmbedded(context);
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
