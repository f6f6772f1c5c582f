package io.softswitch.signaling.transport;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C library calls the transport makes through FFM, bound once for the package. A call that
 * cannot be bound (no native access, another libc) is null, and its user falls back to Netty's
 * path or to {@code /proc}. Pointers the hot path passes are addresses in longs (the buffers'
 * memory, the cached sockaddrs), so that no {@code MemorySegment} is made per call.
 */
final class Libc
{
    /** {@code ssize_t sendto(int, const void *, size_t, int, const struct sockaddr *, socklen_t)}. */
    static final MethodHandle SENDTO = bind("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    /** {@code int sendmmsg(int, struct mmsghdr *, unsigned int, int)}. */
    static final MethodHandle SENDMMSG = bind("sendmmsg", FunctionDescriptor.of(ValueLayout.JAVA_INT,
        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    /** {@code int recvmmsg(int, struct mmsghdr *, unsigned int, int, struct timespec *)}, errno captured. */
    static final MethodHandle RECVMMSG = bind("recvmmsg", FunctionDescriptor.of(ValueLayout.JAVA_INT,
        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
        ValueLayout.JAVA_LONG), Linker.Option.captureCallState("errno"));
    /** {@code int getsockopt(int, int, int, void *, socklen_t *)}. */
    static final MethodHandle GETSOCKOPT = bind("getsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    /** {@code int dup(int)}. */
    static final MethodHandle DUP = bind("dup", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Libc()
    {
    }

    private static MethodHandle bind(final String name, final FunctionDescriptor descriptor,
        final Linker.Option... options)
    {
        try
        {
            final Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), descriptor, options);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return null;
        }
    }
}
