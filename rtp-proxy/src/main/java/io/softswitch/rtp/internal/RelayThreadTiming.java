package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * When a relay thread runs: its scheduling class, and the pause between two turns that found
 * packets.
 *
 * <p><b>Real-time scheduling.</b> A relay thread of the normal class is preempted by the threads
 * it wakes: on loopback or a busy host, {@code sendmmsg} delivers a datagram and wakes its
 * receiver, which takes the relay's core in the middle of the call ({@code __cond_resched} in
 * {@code __sys_sendmmsg}), and under other load the relay queues behind it for whole time slices
 * while its sockets fill. {@code SCHED_FIFO} (as rtpengine's {@code --scheduling=fifo}) runs it the
 * moment a datagram arrives and lets nothing of the normal class take its core; the kernel's
 * real-time throttling (by default 95 % of each second) still leaves the rest of the machine a
 * share. It needs {@code CAP_SYS_NICE} or an {@code RLIMIT_RTPRIO} that allows the priority;
 * without, the thread stays in the normal class and says so.
 *
 * <p><b>Coalescing.</b> At a few hundred calls a relay thread wakes for nearly every datagram,
 * and the wake-up (two context switches and the epoll round) costs more than relaying the
 * datagram. After a turn that relayed something, the thread sleeps until the
 * {@link CoalescingWindow} since that turn began is over (the configured interval, shorter when the
 * rate fills a batch sooner; {@code clock_nanosleep} with an absolute {@code CLOCK_MONOTONIC}
 * deadline, the clock of {@link System#nanoTime()}), then takes everything that arrived meanwhile
 * in one turn: at most one turn per interval while packets flow, at the price of at most that
 * interval of added delay.
 * When a turn took longer than the interval, or found nothing, nothing is slept.
 */
public final class RelayThreadTiming
{
    /** {@code SCHED_FIFO}. */
    static final int SCHED_FIFO = 1;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int TIMER_ABSTIME = 1;
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private static final StructLayout ERRNO_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SCHED_SETSCHEDULER;
    private static final MethodHandle SCHED_GETSCHEDULER;
    private static final MethodHandle CLOCK_NANOSLEEP;

    static
    {
        final Linker linker = Linker.nativeLinker();
        SCHED_SETSCHEDULER = linker.downcallHandle(find(linker, "sched_setscheduler"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.captureCallState("errno"));
        SCHED_GETSCHEDULER = linker.downcallHandle(find(linker, "sched_getscheduler"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        CLOCK_NANOSLEEP = linker.downcallHandle(find(linker, "clock_nanosleep"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    private final CoalescingWindow window;
    /** One {@code struct timespec}, rewritten for each sleep. */
    private final MemorySegment deadline;

    /**
     * Creates the timing of one relay thread.
     *
     * @param arena      where its native memory lives (owned by the caller).
     * @param coalesceNs the longest interval between two turns that found packets, 0 for none.
     * @throws IllegalArgumentException when negative.
     */
    public RelayThreadTiming(final Arena arena, final long coalesceNs)
    {
        this.window = new CoalescingWindow(coalesceNs);
        this.deadline = arena.allocate(16, 8);
    }

    private static MemorySegment find(final Linker linker, final String name)
    {
        return linker.defaultLookup().find(name)
            .orElseThrow(() -> new IllegalStateException("libc symbol missing name=" + name));
    }

    /**
     * Puts the calling thread in {@code SCHED_FIFO} at a priority.
     *
     * @param priority 1 to 99.
     * @return 0 when done, else the errno ({@code EPERM} without the privilege).
     */
    public static int requestFifo(final int priority)
    {
        if (priority < 1 || priority > 99)
        {
            throw new IllegalArgumentException("priority=" + priority);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment param = arena.allocate(JAVA_INT);
            param.set(JAVA_INT, 0, priority);
            final MemorySegment errno = arena.allocate(ERRNO_LAYOUT);
            // pid 0 is the calling thread: the policy is per thread on Linux.
            final int result = (int)SCHED_SETSCHEDULER.invokeExact(errno, 0, SCHED_FIFO, param);
            return result == 0 ? 0 : (int)ERRNO.get(errno, 0L);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("sched_setscheduler", ex);
        }
    }

    /**
     * The scheduling policy of the calling thread.
     *
     * @return {@code SCHED_OTHER} (0), {@code SCHED_FIFO} (1), ...
     */
    public static int policy()
    {
        try
        {
            return (int)SCHED_GETSCHEDULER.invokeExact(0);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("sched_getscheduler", ex);
        }
    }

    /**
     * Called after a turn: when it relayed something and coalescing is on, sleeps until the
     * window since the turn began is over.
     *
     * @param turnStartNs when the turn began ({@link System#nanoTime()}).
     * @param work        what the turn did.
     */
    public void afterTurn(final long turnStartNs, final int work)
    {
        final long windowNs = window.next(turnStartNs, work);
        if (work == 0 || windowNs == 0)
        {
            return;
        }
        final long untilNs = turnStartNs + windowNs;
        if (untilNs - System.nanoTime() <= 0)
        {
            return;
        }
        deadline.set(JAVA_LONG, 0, untilNs / NS_PER_SECOND);
        deadline.set(JAVA_LONG, 8, untilNs % NS_PER_SECOND);
        try
        {
            // An interrupted sleep (EINTR) only ends the pause early.
            final int ignored = (int)CLOCK_NANOSLEEP.invokeExact(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline,
                MemorySegment.NULL);
            assert ignored >= 0;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("clock_nanosleep", ex);
        }
    }
}
