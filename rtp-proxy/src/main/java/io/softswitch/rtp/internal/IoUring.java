package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One {@code io_uring} instance (io_uring_setup(2), io_uring_enter(2), io_uring_register(2)) bound
 * through the Foreign Function and Memory API, with only what the relay uses: multishot
 * {@code recvmsg} into provided buffers, {@code send} with a destination, multishot poll, and a
 * synchronous cancel. No native library: the three system calls go through libc's
 * {@code syscall(2)}, the rings are {@code mmap}ed and read in place.
 *
 * <p>The ring is created disabled, single-issuer and with deferred task running: completions are
 * produced only when the owning thread enters the kernel to wait, so a datagram that arrives
 * wakes the thread only when as many completions are due as it asked to wait for. The thread
 * that will drive the ring calls {@link #enable()} first.
 *
 * <p>Layouts (x86-64, as the kernel's {@code linux/io_uring.h}):
 * <pre>
 * io_uring_sqe (64 bytes)
 *  0 opcode u8   1 flags u8   2 ioprio u16   4 fd s32   8 off/addr2 u64  16 addr u64
 * 24 len u32    28 op flags (msg_flags, poll32_events) u32   32 user_data u64
 * 40 buf_group u16   42 personality u16   44 addr_len u16   48 addr3, pad
 * io_uring_cqe (16 bytes)
 *  0 user_data u64   8 res s32   12 flags u32 (buffer id in the top 16 bits)
 * io_uring_params (120 bytes)
 *  0 sq_entries  4 cq_entries  8 flags  20 features  40 sq_off (head, tail, ring_mask,
 *    ring_entries, flags, dropped, array, resv, user_addr)  80 cq_off (head, tail, ring_mask,
 *    ring_entries, overflow, cqes, flags, resv, user_addr)
 * </pre>
 * One thread uses an instance; nothing here allocates after {@link #create}.
 */
public final class IoUring
{
    /** Bytes of a submission entry. */
    public static final int SQE_BYTES = 64;
    /** Bytes of a completion entry. */
    public static final int CQE_BYTES = 16;
    /** {@code IORING_CQE_F_BUFFER}: the completion names a provided buffer. */
    public static final int CQE_F_BUFFER = 1;
    /** {@code IORING_CQE_F_MORE}: a multishot request stays armed. */
    public static final int CQE_F_MORE = 2;
    /** Shift of the buffer id in a completion's flags. */
    public static final int CQE_BUFFER_SHIFT = 16;
    /** {@code IORING_FEAT_MIN_TIMEOUT} (6.12): waits take a minimum-wait window. */
    public static final int FEAT_MIN_TIMEOUT = 1 << 15;
    /** {@code ECANCELED}. */
    public static final int ECANCELED = 125;
    /** {@code ENOBUFS}: no provided buffer was left. */
    public static final int ENOBUFS = 105;

    private static final long SYS_IO_URING_SETUP = 425;
    private static final long SYS_IO_URING_ENTER = 426;
    private static final long SYS_IO_URING_REGISTER = 427;
    private static final int SETUP_CQSIZE = 1 << 3;
    private static final int SETUP_R_DISABLED = 1 << 6;
    private static final int SETUP_SUBMIT_ALL = 1 << 7;
    private static final int SETUP_SINGLE_ISSUER = 1 << 12;
    private static final int SETUP_DEFER_TASKRUN = 1 << 13;
    private static final int FEAT_SINGLE_MMAP = 1;
    private static final int FEAT_EXT_ARG = 1 << 8;
    private static final int ENTER_GETEVENTS = 1;
    private static final int ENTER_EXT_ARG = 1 << 3;
    private static final int REGISTER_ENABLE_RINGS = 12;
    private static final int REGISTER_PBUF_RING = 22;
    private static final int REGISTER_SYNC_CANCEL = 24;
    private static final int OP_POLL_ADD = 6;
    private static final int OP_RECVMSG = 10;
    private static final int OP_SEND = 26;
    private static final int SQE_BUFFER_SELECT = 1 << 5;
    private static final int SQE_CQE_SKIP_SUCCESS = 1 << 6;
    private static final int RECV_MULTISHOT = 1 << 1;
    private static final int POLL_ADD_MULTI = 1;
    private static final int POLLIN = 1;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int CANCEL_ALL = 1;
    private static final int CANCEL_FD = 1 << 1;
    private static final long OFF_SQ_RING = 0L;
    private static final long OFF_SQES = 0x10000000L;
    private static final int PROT_READ_WRITE = 3;
    private static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;

    private static final StructLayout ERRNO_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final VarHandle INT = JAVA_INT.varHandle();
    private static final VarHandle SHORT = JAVA_SHORT.varHandle();
    private static final MethodHandle SETUP;
    private static final MethodHandle ENTER;
    private static final MethodHandle REGISTER;
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static
    {
        final Linker linker = Linker.nativeLinker();
        final MemorySegment syscall = linker.defaultLookup().find("syscall")
            .orElseThrow(() -> new IllegalStateException("libc symbol missing name=syscall"));
        final Linker.Option variadic = Linker.Option.firstVariadicArg(1);
        final Linker.Option errno = Linker.Option.captureCallState("errno");
        SETUP = linker.downcallHandle(syscall, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            variadic, errno);
        ENTER = linker.downcallHandle(syscall, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), variadic);
        REGISTER = linker.downcallHandle(syscall, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_LONG, JAVA_LONG), variadic, errno);
        MMAP = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), errno);
        MUNMAP = linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    }

    private final int fd;
    private final int features;
    private final MemorySegment errnoState;
    private final MemorySegment rings;
    private final long ringsBytes;
    private final MemorySegment sqes;
    private final long sqesBytes;
    private final long sqHead;
    private final long sqTail;
    private final int sqMask;
    private final int sqEntries;
    private final long cqHead;
    private final long cqTail;
    private final int cqMask;
    private final long cqes;
    /** io_uring_getevents_arg (24 bytes) then the __kernel_timespec it points at (16 bytes). */
    private final MemorySegment waitArgument;
    private final MemorySegment registerArgument;
    private int localSqTail;
    private int localCqHead;

    private IoUring(final int fd, final MemorySegment params, final MemorySegment rings, final long ringsBytes,
        final MemorySegment sqes, final long sqesBytes, final Arena arena, final MemorySegment errnoState)
    {
        this.fd = fd;
        this.features = params.get(JAVA_INT, 20);
        this.errnoState = errnoState;
        this.rings = rings;
        this.ringsBytes = ringsBytes;
        this.sqes = sqes;
        this.sqesBytes = sqesBytes;
        this.sqHead = params.get(JAVA_INT, 40);
        this.sqTail = params.get(JAVA_INT, 44);
        this.sqMask = rings.get(JAVA_INT, params.get(JAVA_INT, 48));
        this.sqEntries = params.get(JAVA_INT, 0);
        final long sqArray = params.get(JAVA_INT, 64);
        this.cqHead = params.get(JAVA_INT, 80);
        this.cqTail = params.get(JAVA_INT, 84);
        this.cqMask = rings.get(JAVA_INT, params.get(JAVA_INT, 88));
        this.cqes = params.get(JAVA_INT, 100);
        // The submission array maps ring slots to entries: identity, written once.
        for (int i = 0; i < sqEntries; i++)
        {
            rings.set(JAVA_INT, sqArray + 4L * i, i);
        }
        this.waitArgument = arena.allocate(40, 8);
        this.registerArgument = arena.allocate(64, 8);
        this.localSqTail = (int)INT.getAcquire(rings, sqTail);
        this.localCqHead = (int)INT.getAcquire(rings, cqHead);
    }

    /**
     * Creates a disabled ring.
     *
     * @param arena     where its small native structures live (owned by the caller).
     * @param sqEntries submission entries (a power of two).
     * @param cqEntries completion entries (a power of two, at least {@code sqEntries}).
     * @return the ring.
     * @throws IllegalStateException when the kernel refuses it (with the errno), or lacks a feature used.
     */
    public static IoUring create(final Arena arena, final int sqEntries, final int cqEntries)
    {
        final MemorySegment errnoState = arena.allocate(ERRNO_LAYOUT);
        final MemorySegment params = arena.allocate(120, 8);
        params.set(JAVA_INT, 4, cqEntries);
        params.set(JAVA_INT, 8, SETUP_CQSIZE | SETUP_R_DISABLED | SETUP_SUBMIT_ALL | SETUP_SINGLE_ISSUER
            | SETUP_DEFER_TASKRUN);
        try
        {
            final int fd = (int)(long)SETUP.invokeExact(errnoState, SYS_IO_URING_SETUP, (long)sqEntries,
                params.address());
            if (fd < 0)
            {
                throw new IllegalStateException("io_uring_setup errno=" + (int)ERRNO.get(errnoState, 0L));
            }
            final int features = params.get(JAVA_INT, 20);
            if ((features & FEAT_SINGLE_MMAP) == 0 || (features & FEAT_EXT_ARG) == 0)
            {
                closeFd(fd);
                throw new IllegalStateException("io_uring lacks features=" + Integer.toHexString(features));
            }
            final long sqBytes = params.get(JAVA_INT, 64) + 4L * params.get(JAVA_INT, 0);
            final long cqBytes = params.get(JAVA_INT, 100) + (long)CQE_BYTES * params.get(JAVA_INT, 4);
            final long ringsBytes = Math.max(sqBytes, cqBytes);
            final long ringsAddress = map(errnoState, fd, ringsBytes, OFF_SQ_RING);
            final long sqesBytes = (long)SQE_BYTES * params.get(JAVA_INT, 0);
            final long sqesAddress = map(errnoState, fd, sqesBytes, OFF_SQES);
            return new IoUring(fd, params, MemorySegment.ofAddress(ringsAddress).reinterpret(ringsBytes), ringsBytes,
                MemorySegment.ofAddress(sqesAddress).reinterpret(sqesBytes), sqesBytes, arena, errnoState);
        }
        catch (final IllegalStateException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("io_uring_setup", ex);
        }
    }

    private static long map(final MemorySegment errnoState, final int fd, final long bytes, final long offset)
        throws Throwable
    {
        final long address = (long)MMAP.invokeExact(errnoState, 0L, bytes, PROT_READ_WRITE, MAP_SHARED_POPULATE, fd,
            offset);
        if (address == -1L)
        {
            final int error = (int)ERRNO.get(errnoState, 0L);
            closeFd(fd);
            throw new IllegalStateException("io_uring mmap errno=" + error);
        }
        return address;
    }

    private static void closeFd(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            new LinuxNet(arena).close(fd);
        }
    }

    /**
     * The kernel's feature bits ({@code IORING_FEAT_*}).
     *
     * @return the features.
     */
    public int features()
    {
        return features;
    }

    /**
     * Enables the ring; the calling thread becomes its only submitter.
     *
     * @return 0, or {@code -errno}.
     */
    public int enable()
    {
        return register(REGISTER_ENABLE_RINGS, 0L, 0);
    }

    /**
     * Registers a ring of provided buffers ({@code IORING_REGISTER_PBUF_RING}).
     *
     * @param ring    the ring's memory, page aligned, {@code entries} x 16 bytes.
     * @param entries its entries (a power of two up to 32768).
     * @param groupId the buffer group receives select from.
     * @return 0, or {@code -errno}.
     */
    public int registerBufferRing(final MemorySegment ring, final int entries, final int groupId)
    {
        registerArgument.fill((byte)0);
        registerArgument.set(JAVA_LONG, 0, ring.address());
        registerArgument.set(JAVA_INT, 8, entries);
        registerArgument.set(JAVA_SHORT, 12, (short)groupId);
        return register(REGISTER_PBUF_RING, registerArgument.address(), 1);
    }

    /**
     * Cancels every request on a descriptor and waits until they are gone
     * ({@code IORING_REGISTER_SYNC_CANCEL}), so that the ring holds no reference to it.
     *
     * @param descriptor the descriptor.
     * @return how many were cancelled (0 when none was armed), or {@code -errno}.
     */
    public int cancelAll(final int descriptor)
    {
        registerArgument.fill((byte)0);
        registerArgument.set(JAVA_INT, 8, descriptor);
        registerArgument.set(JAVA_INT, 12, CANCEL_ALL | CANCEL_FD);
        registerArgument.set(JAVA_LONG, 16, -1L);
        registerArgument.set(JAVA_LONG, 24, -1L);
        return register(REGISTER_SYNC_CANCEL, registerArgument.address(), 1);
    }

    private int register(final int opcode, final long argument, final int count)
    {
        try
        {
            final long result = (long)REGISTER.invokeExact(errnoState, SYS_IO_URING_REGISTER, (long)fd, (long)opcode,
                argument, (long)count);
            return result < 0 ? -(int)ERRNO.get(errnoState, 0L) : (int)result;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("io_uring_register", ex);
        }
    }

    /**
     * Takes the next submission entry, zeroed.
     *
     * @return its offset in the entries, or -1 when the submission ring is full (submit first).
     */
    public long nextSqe()
    {
        final int head = (int)INT.getAcquire(rings, sqHead);
        if (localSqTail - head >= sqEntries)
        {
            return -1L;
        }
        final long sqe = (long)(localSqTail & sqMask) * SQE_BYTES;
        localSqTail++;
        for (int i = 0; i < SQE_BYTES; i += 8)
        {
            sqes.set(JAVA_LONG, sqe + i, 0L);
        }
        return sqe;
    }

    /**
     * A multishot {@code recvmsg} into buffers of a group: one completion per datagram, each
     * naming the buffer that holds an {@code io_uring_recvmsg_out}, the source address and the
     * payload.
     *
     * @param sqe      from {@link #nextSqe}.
     * @param socket   the socket.
     * @param msghdr   native address of a {@code struct msghdr} giving {@code msg_namelen}.
     * @param groupId  the provided-buffer group.
     * @param userData what its completions carry.
     */
    public void prepareRecvMsgMultishot(final long sqe, final int socket, final long msghdr, final int groupId,
        final long userData)
    {
        sqes.set(JAVA_BYTE, sqe, (byte)OP_RECVMSG);
        sqes.set(JAVA_BYTE, sqe + 1, (byte)SQE_BUFFER_SELECT);
        sqes.set(JAVA_SHORT, sqe + 2, (short)RECV_MULTISHOT);
        sqes.set(JAVA_INT, sqe + 4, socket);
        sqes.set(JAVA_LONG, sqe + 16, msghdr);
        sqes.set(JAVA_INT, sqe + 24, 1);
        sqes.set(JAVA_LONG, sqe + 32, userData);
        sqes.set(JAVA_SHORT, sqe + 40, (short)groupId);
    }

    /**
     * A {@code send} to a destination ({@code sendto(2)}) that never waits: done or refused while
     * the entry is submitted, so its buffer may be reused once {@link #enter} returned. Completes
     * silently on success; a refusal (a full socket buffer) posts a completion with the error.
     *
     * @param sqe               from {@link #nextSqe}.
     * @param socket            the socket.
     * @param buffer            native address of the payload.
     * @param length            its bytes.
     * @param destination       native address of the destination {@code sockaddr}.
     * @param destinationLength its bytes (16 or 28).
     * @param userData          what a failure's completion carries.
     */
    public void prepareSendTo(final long sqe, final int socket, final long buffer, final int length,
        final long destination, final int destinationLength, final long userData)
    {
        sqes.set(JAVA_BYTE, sqe, (byte)OP_SEND);
        sqes.set(JAVA_BYTE, sqe + 1, (byte)SQE_CQE_SKIP_SUCCESS);
        sqes.set(JAVA_INT, sqe + 4, socket);
        sqes.set(JAVA_LONG, sqe + 8, destination);
        sqes.set(JAVA_LONG, sqe + 16, buffer);
        sqes.set(JAVA_INT, sqe + 24, length);
        sqes.set(JAVA_INT, sqe + 28, MSG_DONTWAIT);
        sqes.set(JAVA_LONG, sqe + 32, userData);
        sqes.set(JAVA_SHORT, sqe + 44, (short)destinationLength);
    }

    /**
     * A multishot poll for input: a completion each time the descriptor becomes readable.
     *
     * @param sqe      from {@link #nextSqe}.
     * @param socket   the descriptor.
     * @param userData what its completions carry.
     */
    public void preparePollMultishot(final long sqe, final int socket, final long userData)
    {
        sqes.set(JAVA_BYTE, sqe, (byte)OP_POLL_ADD);
        sqes.set(JAVA_INT, sqe + 4, socket);
        sqes.set(JAVA_INT, sqe + 24, POLL_ADD_MULTI);
        sqes.set(JAVA_INT, sqe + 28, POLLIN);
        sqes.set(JAVA_LONG, sqe + 32, userData);
    }

    /**
     * Submission entries taken and not yet consumed by the kernel.
     *
     * @return the count.
     */
    public int pending()
    {
        return localSqTail - (int)INT.getAcquire(rings, sqHead);
    }

    /**
     * Submits what is pending and, when asked, waits for completions: one {@code io_uring_enter}.
     * Deferred completions are produced during the call, so it is made even with nothing to submit
     * and nothing to wait for.
     *
     * @param minComplete completions to wait for, 0 not to wait.
     * @param timeoutNs   longest wait when waiting.
     * @param minWaitUs   when waiting for more than one: after this long, return with whatever
     *                    completions there are (0 for none; needs {@link #FEAT_MIN_TIMEOUT}).
     * @return the kernel's answer: entries submitted, or -1 (timed out, interrupted).
     */
    public int enter(final int minComplete, final long timeoutNs, final long minWaitUs)
    {
        INT.setRelease(rings, sqTail, localSqTail);
        final int toSubmit = pending();
        long flags = ENTER_GETEVENTS;
        long argument = 0L;
        long argumentBytes = 0L;
        if (minComplete > 0)
        {
            waitArgument.set(JAVA_LONG, 0, 0L);
            waitArgument.set(JAVA_INT, 8, 0);
            waitArgument.set(JAVA_INT, 12, (int)minWaitUs);
            waitArgument.set(JAVA_LONG, 16, waitArgument.address() + 24);
            waitArgument.set(JAVA_LONG, 24, timeoutNs / 1_000_000_000L);
            waitArgument.set(JAVA_LONG, 32, timeoutNs % 1_000_000_000L);
            flags |= ENTER_EXT_ARG;
            argument = waitArgument.address();
            argumentBytes = 24L;
        }
        try
        {
            return (int)(long)ENTER.invokeExact(SYS_IO_URING_ENTER, (long)fd, (long)toSubmit, (long)minComplete, flags,
                argument, argumentBytes);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("io_uring_enter", ex);
        }
    }

    /**
     * Completions ready to be read.
     *
     * @return the count.
     */
    public int ready()
    {
        return (int)INT.getAcquire(rings, cqTail) - localCqHead;
    }

    /**
     * The offset of the {@code i}th ready completion, 0 the oldest.
     *
     * @param i which.
     * @return its offset in the ring memory, for {@link #userData}, {@link #result}, {@link #flags}.
     */
    public long cqe(final int i)
    {
        return cqes + (long)((localCqHead + i) & cqMask) * CQE_BYTES;
    }

    /**
     * A completion's user data.
     *
     * @param cqe from {@link #cqe}.
     * @return what its request carried.
     */
    public long userData(final long cqe)
    {
        return rings.get(JAVA_LONG, cqe);
    }

    /**
     * A completion's result: bytes, or {@code -errno}.
     *
     * @param cqe from {@link #cqe}.
     * @return the result.
     */
    public int result(final long cqe)
    {
        return rings.get(JAVA_INT, cqe + 8);
    }

    /**
     * A completion's flags ({@link #CQE_F_BUFFER}, {@link #CQE_F_MORE}, the buffer id).
     *
     * @param cqe from {@link #cqe}.
     * @return the flags.
     */
    public int flags(final long cqe)
    {
        return rings.get(JAVA_INT, cqe + 12);
    }

    /**
     * Hands {@code count} read completions back to the kernel.
     *
     * @param count how many.
     */
    public void consume(final int count)
    {
        localCqHead += count;
        INT.setRelease(rings, cqHead, localCqHead);
    }

    /**
     * Unmaps the rings and closes the descriptor; every request on it is cancelled by the kernel.
     */
    public void close()
    {
        try
        {
            final int a = (int)MUNMAP.invokeExact(sqes.address(), sqesBytes);
            final int b = (int)MUNMAP.invokeExact(rings.address(), ringsBytes);
            assert a == 0 && b == 0;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("munmap", ex);
        }
        closeFd(fd);
    }

    /**
     * Publishes a provided-buffer ring's new tail, after its entries were written.
     *
     * @param ring the buffer ring's memory.
     * @param tail the new tail.
     */
    static void publishBufferTail(final MemorySegment ring, final int tail)
    {
        // The tail overlays the reserved field of the first entry (io_uring_buf_ring).
        SHORT.setRelease(ring, 14L, (short)tail);
    }
}
