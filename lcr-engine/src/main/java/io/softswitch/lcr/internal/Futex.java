package io.softswitch.lcr.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * A sleep one thread takes until another wakes it, on a Linux futex word in native memory
 * (futex(2), {@code FUTEX_WAIT_PRIVATE} / {@code FUTEX_WAKE_PRIVATE} through FFM): the waker
 * takes no lock and makes a system call only when the sleeper is asleep, unlike
 * {@code LockSupport.unpark}, whose JVM parker takes a mutex that the parking thread holds.
 *
 * <pre>
 *   word: AWAKE (0) --sleeper: announce--> SLEEPING (1) --waker: CAS to AWAKE, FUTEX_WAKE-->
 *         the sleeper's FUTEX_WAIT(expect SLEEPING) returns, or never sleeps when the CAS came first
 * </pre>
 *
 * <p>One sleeper per futex; any number of wakers. The sleeper announces itself, checks its
 * condition again (both sides put a full fence between their write and their read, so either the
 * waker sees the announcement or the sleeper sees the waker's work), then sleeps for at most its
 * timeout. Available where the C library's {@code syscall} can be bound and the futex call number
 * is known (Linux on x86-64 and aarch64): see {@link #AVAILABLE}.
 */
public final class Futex
{
    /** Whether futexes can be used here; when false, {@link #Futex(long)} throws. */
    public static final boolean AVAILABLE;

    private static final int AWAKE = 0;
    private static final int SLEEPING = 1;
    private static final long FUTEX_WAIT_PRIVATE = 128;
    private static final long FUTEX_WAKE_PRIVATE = 129;
    private static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();
    private static final long SYS_FUTEX;
    /** {@code long syscall(long number, ...)}: every argument passed as a long, as glibc reads them. */
    private static final MethodHandle SYSCALL;

    static
    {
        final String arch = System.getProperty("os.arch", "");
        final boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        SYS_FUTEX = !linux ? -1 : switch (arch)
        {
            case "amd64", "x86_64" -> 202;
            case "aarch64" -> 98;
            default -> -1;
        };
        MethodHandle syscall = null;
        if (SYS_FUTEX >= 0)
        {
            try
            {
                final Linker linker = Linker.nativeLinker();
                syscall = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1));
            }
            catch (final RuntimeException | LinkageError ex)
            {
                syscall = null;
            }
        }
        SYSCALL = syscall;
        AVAILABLE = syscall != null;
    }

    private final MemorySegment word;
    private final long wordAddress;
    private final long timeoutAddress;

    /**
     * Creates a futex whose sleeps last at most {@code maxSleepNs}.
     *
     * @param maxSleepNs longest sleep in nanoseconds, at least 1.
     * @throws IllegalStateException when {@link #AVAILABLE} is false.
     */
    public Futex(final long maxSleepNs)
    {
        if (!AVAILABLE)
        {
            throw new IllegalStateException("futex(2) cannot be called here");
        }
        if (maxSleepNs < 1)
        {
            throw new IllegalArgumentException("maxSleepNs must be positive: maxSleepNs=" + maxSleepNs);
        }
        // Lives as long as this object: the memory is freed when it becomes unreachable.
        final Arena arena = Arena.ofAuto();
        word = arena.allocate(ValueLayout.JAVA_INT);
        wordAddress = word.address();
        // struct timespec { time_t tv_sec; long tv_nsec; }, relative, read by the kernel only.
        final MemorySegment timeout = arena.allocate(16, 8);
        timeout.set(ValueLayout.JAVA_LONG, 0, maxSleepNs / 1_000_000_000L);
        timeout.set(ValueLayout.JAVA_LONG, 8, maxSleepNs % 1_000_000_000L);
        timeoutAddress = timeout.address();
    }

    /**
     * Announces that the sleeper is about to sleep; then it checks its condition again and calls
     * {@link #sleep()} or {@link #cancel()}. Sleeper only.
     */
    public void announce()
    {
        WORD.setVolatile(word, 0L, SLEEPING);
        VarHandle.fullFence();
    }

    /**
     * Withdraws an announcement: the condition came true before the sleep. Sleeper only.
     */
    public void cancel()
    {
        WORD.setVolatile(word, 0L, AWAKE);
    }

    /**
     * Sleeps until {@link #wake()}, the timeout or a signal; returns at once when a wake came
     * after {@link #announce()}. Sleeper only.
     */
    public void sleep()
    {
        try
        {
            // -1 with EAGAIN (woken before sleeping), ETIMEDOUT or EINTR: each means check again.
            final long _ = (long)SYSCALL.invokeExact(SYS_FUTEX, wordAddress, FUTEX_WAIT_PRIVATE, (long)SLEEPING,
                timeoutAddress, 0L, 0L);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex wait failed", ex);
        }
        WORD.setVolatile(word, 0L, AWAKE);
    }

    /**
     * Wakes the sleeper if it announced a sleep; a fence and a read when it did not. Any thread,
     * after it made the sleeper's condition true.
     */
    public void wake()
    {
        VarHandle.fullFence();
        if ((int)WORD.getVolatile(word, 0L) == SLEEPING && WORD.compareAndSet(word, 0L, SLEEPING, AWAKE))
        {
            try
            {
                final long _ = (long)SYSCALL.invokeExact(SYS_FUTEX, wordAddress, FUTEX_WAKE_PRIVATE, 1L, 0L, 0L,
                    0L);
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("futex wake failed", ex);
            }
        }
    }

    /**
     * Whether the sleeper has announced a sleep that no wake has ended yet (for tests and
     * diagnostics).
     *
     * @return true when asleep or about to be.
     */
    public boolean isSleeping()
    {
        return (int)WORD.getVolatile(word, 0L) == SLEEPING;
    }
}
