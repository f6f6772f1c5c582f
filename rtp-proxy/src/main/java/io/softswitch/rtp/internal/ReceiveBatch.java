package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The native memory one {@code recvmmsg} fills on a relay thread: {@link #BATCH} message headers,
 * each pointing at one iovec over its own {@link #BUFFER_BYTES} buffer and at its own
 * {@link RelayStream#ADDRESS_BYTES} source-address slot. Built once and refilled in place, so that
 * receiving allocates nothing.
 * <pre>
 * headers  mmsghdr[i]: msg_name -> names + i * 32, msg_iov -> iov + i * 16, msg_iovlen 1
 * iov      iovec[i]:   base -> buffers + i * 2048, len 2048
 * buffers  BATCH x 2048 bytes, 64-byte aligned
 * names    BATCH x 32-byte sockaddr slots
 * </pre>
 */
final class ReceiveBatch
{
    static final int BATCH = 32;
    static final int BUFFER_BYTES = 2048;

    final MemorySegment buffers;
    final MemorySegment names;
    final long buffersAddress;
    private final MemorySegment headers;

    ReceiveBatch(final Arena arena)
    {
        this.headers = arena.allocate((long)BATCH * LinuxNet.MMSGHDR_SIZE, 8);
        final MemorySegment iov = arena.allocate((long)BATCH * LinuxNet.IOVEC_SIZE, 8);
        this.buffers = arena.allocate((long)BATCH * BUFFER_BYTES, 64);
        this.names = arena.allocate((long)BATCH * RelayStream.ADDRESS_BYTES, 8);
        this.buffersAddress = buffers.address();
        final long namesAddress = names.address();
        for (int i = 0; i < BATCH; i++)
        {
            final long header = (long)i * LinuxNet.MMSGHDR_SIZE;
            headers.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_NAME, namesAddress + nameOffset(i));
            headers.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_IOV, iov.address() + (long)i * LinuxNet.IOVEC_SIZE);
            headers.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_IOVLEN, 1L);
            iov.set(ValueLayout.JAVA_LONG, (long)i * LinuxNet.IOVEC_SIZE, buffersAddress + bufferOffset(i));
            iov.set(ValueLayout.JAVA_LONG, (long)i * LinuxNet.IOVEC_SIZE + 8, BUFFER_BYTES);
        }
    }

    /**
     * Receives up to a batch from a socket without blocking.
     *
     * @return datagrams received, 0 or less when none was waiting.
     */
    int receive(final LinuxNet net, final int fd)
    {
        // The kernel shrinks msg_namelen to what it wrote: give every slot its full size back.
        for (int i = 0; i < BATCH; i++)
        {
            headers.set(ValueLayout.JAVA_INT, (long)i * LinuxNet.MMSGHDR_SIZE + LinuxNet.MSG_NAMELEN,
                LinuxNet.SOCKADDR_SIZE);
        }
        return net.recvmmsg(fd, headers, BATCH);
    }

    int length(final int i)
    {
        return headers.get(ValueLayout.JAVA_INT, (long)i * LinuxNet.MMSGHDR_SIZE + LinuxNet.MSG_LEN);
    }

    static long bufferOffset(final int i)
    {
        return (long)i * BUFFER_BYTES;
    }

    static long nameOffset(final int i)
    {
        return (long)i * RelayStream.ADDRESS_BYTES;
    }
}
