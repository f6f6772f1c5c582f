package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few Linux system calls the relay makes, bound once through the Foreign Function and Memory
 * API: UDP sockets, epoll, eventfd and the batched datagram calls {@code recvmmsg(2)} and
 * {@code sendmmsg(2)}.
 *
 * <p>Why not Netty's epoll transport: its {@code recvmmsg} path makes a {@code DatagramPacket}
 * and an {@code InetSocketAddress} per datagram, and the JDK's {@code DatagramChannel} makes one
 * system call per datagram under a channel lock. Calling the kernel directly on preallocated
 * native memory gives batched calls with no allocation and no lock.
 *
 * <p>Setup calls return {@code -errno} on failure. The calls of the packet path capture no errno
 * (capturing it costs a memory segment per call where the JIT cannot elide it): they fail in one
 * way that matters (nothing to read, no room to write) and return -1. Layouts are those of x86-64
 * Linux.
 */
public final class LinuxNet
{
    /** {@code AF_INET}. */
    public static final short AF_INET = 2;
    /** {@code AF_INET6}. */
    public static final short AF_INET6 = 10;
    /** {@code EAGAIN}: nothing to read, or the socket buffer is full. */
    public static final int EAGAIN = 11;
    /** {@code EINTR}. */
    public static final int EINTR = 4;
    /** {@code EADDRINUSE}: somebody else holds the port. */
    public static final int EADDRINUSE = 98;
    /** {@code EPOLLIN}. */
    public static final int EPOLLIN = 0x001;

    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EFD_NONBLOCK = 0x800;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_SNDBUF = 7;

    /** Bytes of a {@code struct sockaddr_in6}, room for either family. */
    public static final int SOCKADDR_SIZE = 28;
    /** Bytes of a {@code struct iovec}. */
    public static final int IOVEC_SIZE = 16;
    /**
     * Bytes of a {@code struct mmsghdr}: a {@code struct msghdr} and the received length.
     * <pre>
     *  0 msg_name (ptr)      8 msg_namelen (u32)  16 msg_iov (ptr)   24 msg_iovlen (size_t)
     * 32 msg_control (ptr)  40 msg_controllen    48 msg_flags (int)  56 msg_len (u32)
     * </pre>
     */
    public static final int MMSGHDR_SIZE = 64;
    /** Offset of {@code msg_name}. */
    public static final int MSG_NAME = 0;
    /** Offset of {@code msg_namelen}. */
    public static final int MSG_NAMELEN = 8;
    /** Offset of {@code msg_iov}. */
    public static final int MSG_IOV = 16;
    /** Offset of {@code msg_iovlen}. */
    public static final int MSG_IOVLEN = 24;
    /** Offset of {@code msg_len}, what {@code recvmmsg} received. */
    public static final int MSG_LEN = 56;
    /** Bytes of a packed {@code struct epoll_event} on x86-64: events (u32) then data (u64). */
    public static final int EPOLL_EVENT_SIZE = 12;

    private static final StructLayout ERRNO_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET;
    private static final MethodHandle BIND;
    private static final MethodHandle CLOSE;
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle EPOLL_CREATE1;
    private static final MethodHandle EPOLL_CTL;
    private static final MethodHandle EPOLL_WAIT;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle WRITE;
    private static final MethodHandle READ;
    private static final MethodHandle RECVMMSG;
    private static final MethodHandle SENDMMSG;

    static
    {
        final Linker linker = Linker.nativeLinker();
        final SymbolLookup libc = linker.defaultLookup();
        final Linker.Option errno = Linker.Option.captureCallState("errno");
        SOCKET = bind(linker, libc, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        BIND = bind(linker, libc, "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        CLOSE = bind(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        SETSOCKOPT = bind(linker, libc, "setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        EPOLL_CREATE1 = bind(linker, libc, "epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        EPOLL_CTL = bind(linker, libc, "epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errno);
        EPOLL_WAIT = bind(linker, libc, "epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        EVENTFD = bind(linker, libc, "eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
        WRITE = bind(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        READ = bind(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        RECVMMSG = bind(linker, libc, "recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        SENDMMSG = bind(linker, libc, "sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    private final MemorySegment errnoState;
    private final MemorySegment scratch;

    /**
     * Creates the system call access of one thread: it owns the scratch memory where errno lands.
     *
     * @param arena where the scratch memory lives.
     */
    public LinuxNet(final Arena arena)
    {
        this.errnoState = arena.allocate(ERRNO_LAYOUT);
        this.scratch = arena.allocate(SOCKADDR_SIZE + 16, 8);
    }

    private static MethodHandle bind(final Linker linker, final SymbolLookup libc, final String name,
        final FunctionDescriptor descriptor, final Linker.Option... options)
    {
        final MemorySegment symbol = libc.find(name)
            .orElseThrow(() -> new IllegalStateException("libc symbol missing name=" + name));
        return linker.downcallHandle(symbol, descriptor, options);
    }

    private int errno()
    {
        return (int)ERRNO.get(errnoState, 0L);
    }

    /**
     * Opens a non-blocking UDP socket and binds it.
     *
     * @param address local address, in {@code sockaddr} form (see {@link #writeSockaddr}).
     * @param addressLength bytes of {@code address} that count.
     * @param bufferBytes socket receive and send buffer, 0 for the system default.
     * @return the descriptor, or {@code -errno}.
     */
    public int openUdp(final MemorySegment address, final int addressLength, final int bufferBytes)
    {
        try
        {
            final short family = address.get(ValueLayout.JAVA_SHORT, 0);
            final int fd = (int)SOCKET.invokeExact(errnoState, (int)family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                return -errno();
            }
            if (bufferBytes > 0)
            {
                scratch.set(JAVA_INT, 0, bufferBytes);
                final int r1 = (int)SETSOCKOPT.invokeExact(errnoState, fd, SOL_SOCKET, SO_RCVBUF, scratch, 4);
                final int r2 = (int)SETSOCKOPT.invokeExact(errnoState, fd, SOL_SOCKET, SO_SNDBUF, scratch, 4);
                assert r1 == 0 && r2 == 0;
            }
            final int bound = (int)BIND.invokeExact(errnoState, fd, address, addressLength);
            if (bound < 0)
            {
                final int error = errno();
                close(fd);
                return -error;
            }
            return fd;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("socket", ex);
        }
    }

    /**
     * Closes a descriptor.
     *
     * @param fd the descriptor.
     * @return 0, or {@code -errno}.
     */
    public int close(final int fd)
    {
        try
        {
            final int result = (int)CLOSE.invokeExact(errnoState, fd);
            return result < 0 ? -errno() : result;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("close", ex);
        }
    }

    /**
     * Creates an epoll instance.
     *
     * @return its descriptor, or {@code -errno}.
     */
    public int epollCreate()
    {
        try
        {
            final int fd = (int)EPOLL_CREATE1.invokeExact(errnoState, SOCK_CLOEXEC);
            return fd < 0 ? -errno() : fd;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("epoll_create1", ex);
        }
    }

    /**
     * Watches a descriptor for input.
     *
     * @param epfd the epoll instance.
     * @param fd   the descriptor.
     * @param data what {@link #epollWait} reports for it.
     * @return 0, or {@code -errno}.
     */
    public int epollAdd(final int epfd, final int fd, final long data)
    {
        scratch.set(JAVA_INT, 0, EPOLLIN);
        scratch.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, data);
        return epollCtl(epfd, EPOLL_CTL_ADD, fd);
    }

    /**
     * Stops watching a descriptor.
     *
     * @param epfd the epoll instance.
     * @param fd   the descriptor.
     * @return 0, or {@code -errno}.
     */
    public int epollRemove(final int epfd, final int fd)
    {
        return epollCtl(epfd, EPOLL_CTL_DEL, fd);
    }

    private int epollCtl(final int epfd, final int op, final int fd)
    {
        try
        {
            final int result = (int)EPOLL_CTL.invokeExact(errnoState, epfd, op, fd, scratch);
            return result < 0 ? -errno() : result;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("epoll_ctl", ex);
        }
    }

    /**
     * Waits for ready descriptors.
     *
     * @param epfd      the epoll instance.
     * @param events    room for {@code maxEvents} packed epoll events.
     * @param maxEvents how many fit.
     * @param timeoutMs longest wait, 0 to poll.
     * @return how many are ready, or -1 (interrupted).
     */
    public int epollWait(final int epfd, final MemorySegment events, final int maxEvents, final int timeoutMs)
    {
        try
        {
            return (int)EPOLL_WAIT.invokeExact(epfd, events, maxEvents, timeoutMs);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("epoll_wait", ex);
        }
    }

    /**
     * The data word of the {@code index}th event {@link #epollWait} filled.
     *
     * @param events the events.
     * @param index  which one.
     * @return its data.
     */
    public static long epollData(final MemorySegment events, final int index)
    {
        return events.get(ValueLayout.JAVA_LONG_UNALIGNED, (long)index * EPOLL_EVENT_SIZE + 4);
    }

    /**
     * Creates a non-blocking eventfd, to wake a thread that waits in epoll.
     *
     * @return its descriptor, or {@code -errno}.
     */
    public int eventFd()
    {
        try
        {
            final int fd = (int)EVENTFD.invokeExact(errnoState, 0, EFD_NONBLOCK | SOCK_CLOEXEC);
            return fd < 0 ? -errno() : fd;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("eventfd", ex);
        }
    }

    /**
     * Adds one to an eventfd.
     *
     * @param fd the eventfd.
     */
    public void signal(final int fd)
    {
        try
        {
            scratch.set(JAVA_LONG, 0, 1L);
            final long written = (long)WRITE.invokeExact(fd, scratch, 8L);
            assert written == 8 || written < 0;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("write", ex);
        }
    }

    /**
     * Resets an eventfd to zero.
     *
     * @param fd the eventfd.
     */
    public void drainSignal(final int fd)
    {
        try
        {
            final long read = (long)READ.invokeExact(fd, scratch, 8L);
            assert read == 8 || read < 0;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("read", ex);
        }
    }

    /**
     * Receives up to {@code count} datagrams without waiting.
     *
     * @param fd      the socket.
     * @param headers {@code count} prepared {@code mmsghdr}s.
     * @param count   how many.
     * @return datagrams received, or -1 (none waiting).
     */
    public int recvmmsg(final int fd, final MemorySegment headers, final int count)
    {
        try
        {
            return (int)RECVMMSG.invokeExact(fd, headers, count, MSG_DONTWAIT, MemorySegment.NULL);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("recvmmsg", ex);
        }
    }

    /**
     * Sends up to {@code count} datagrams without waiting.
     *
     * @param fd      the socket.
     * @param headers {@code count} prepared {@code mmsghdr}s.
     * @param count   how many.
     * @return datagrams sent, or -1 (the socket buffer is full).
     */
    public int sendmmsg(final int fd, final MemorySegment headers, final int count)
    {
        try
        {
            return (int)SENDMMSG.invokeExact(fd, headers, count, MSG_DONTWAIT);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("sendmmsg", ex);
        }
    }

    /**
     * Writes a socket address in {@code sockaddr_in} or {@code sockaddr_in6} form.
     *
     * @param to      where, at least {@link #SOCKADDR_SIZE} bytes.
     * @param address the address.
     * @param port    the port.
     * @return the bytes that count (16 or 28).
     */
    public static int writeSockaddr(final MemorySegment to, final InetAddress address, final int port)
    {
        to.fill((byte)0);
        final byte[] raw = address.getAddress();
        to.set(ValueLayout.JAVA_SHORT, 0, address instanceof Inet6Address ? AF_INET6 : AF_INET);
        to.set(ValueLayout.JAVA_BYTE, 2, (byte)(port >>> 8));
        to.set(ValueLayout.JAVA_BYTE, 3, (byte)port);
        if (address instanceof Inet4Address)
        {
            MemorySegment.copy(raw, 0, to, ValueLayout.JAVA_BYTE, 4, 4);
            return 16;
        }
        MemorySegment.copy(raw, 0, to, ValueLayout.JAVA_BYTE, 8, 16);
        return SOCKADDR_SIZE;
    }

    /**
     * Writes a socket address from raw address bytes.
     *
     * @param to      where, at least {@link #SOCKADDR_SIZE} bytes.
     * @param raw     4 or 16 address bytes.
     * @param length  4 or 16.
     * @param port    the port.
     * @return the bytes that count (16 or 28).
     */
    public static int writeSockaddr(final MemorySegment to, final byte[] raw, final int length, final int port)
    {
        to.fill((byte)0);
        to.set(ValueLayout.JAVA_SHORT, 0, length == 16 ? AF_INET6 : AF_INET);
        to.set(ValueLayout.JAVA_BYTE, 2, (byte)(port >>> 8));
        to.set(ValueLayout.JAVA_BYTE, 3, (byte)port);
        MemorySegment.copy(raw, 0, to, ValueLayout.JAVA_BYTE, length == 16 ? 8 : 4, length);
        return length == 16 ? SOCKADDR_SIZE : 16;
    }

    /**
     * Reads a socket address written by the kernel or by {@link #writeSockaddr}; for tests and
     * logs, never on the relay's path.
     *
     * @param from the {@code sockaddr}.
     * @return the address, or null for an unknown family.
     */
    public static InetSocketAddress readSockaddr(final MemorySegment from)
    {
        final short family = from.get(ValueLayout.JAVA_SHORT, 0);
        final int port = sockaddrPort(from);
        try
        {
            if (family == AF_INET)
            {
                return new InetSocketAddress(InetAddress.getByAddress(from.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)), port);
            }
            if (family == AF_INET6)
            {
                return new InetSocketAddress(InetAddress.getByAddress(from.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE)), port);
            }
            return null;
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The port of a {@code sockaddr}.
     *
     * @param address the {@code sockaddr}.
     * @return its port.
     */
    public static int sockaddrPort(final MemorySegment address)
    {
        return ((address.get(ValueLayout.JAVA_BYTE, 2) & 0xFF) << 8) | (address.get(ValueLayout.JAVA_BYTE, 3) & 0xFF);
    }
}
