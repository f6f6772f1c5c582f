package io.softswitch.rtp;

import io.softswitch.rtp.internal.IoUring;
import org.junit.jupiter.api.Assumptions;

import java.lang.foreign.Arena;

/**
 * Test fixture: skips (does not fail) a test of the io_uring backend where the kernel refuses
 * rings, as a container's default seccomp profile or {@code kernel.io_uring_disabled} do; the
 * relay itself falls back to epoll there.
 */
public final class IoUringSupport
{
    private static final boolean SUPPORTED = probe();

    private IoUringSupport()
    {
    }

    private static boolean probe()
    {
        try (Arena arena = Arena.ofConfined())
        {
            IoUring.create(arena, 8, 16).close();
            return true;
        }
        catch (final IllegalStateException ex)
        {
            return false;
        }
    }

    /**
     * Aborts the calling test when it needs io_uring and the kernel refuses rings.
     *
     * @param io the backend the test runs.
     */
    public static void assumeAvailable(final MediaIo io)
    {
        Assumptions.assumeTrue(io != MediaIo.IO_URING || SUPPORTED, "io_uring refused by this kernel");
    }
}
