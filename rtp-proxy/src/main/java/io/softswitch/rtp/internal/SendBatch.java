package io.softswitch.rtp.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The datagrams a relay thread queued for one outgoing socket (RTP or RTCP of the far side),
 * sent with one {@code sendmmsg}. Each queued datagram points into the {@link ReceiveBatch}
 * buffer it arrived in and at a destination in the thread's address memory, so relaying copies
 * no payload. Native memory built once; queueing and flushing allocate nothing.
 */
final class SendBatch
{
    private final MemorySegment headers;
    private final MemorySegment iov;
    private int count;

    SendBatch(final Arena arena)
    {
        this.headers = arena.allocate((long)ReceiveBatch.BATCH * LinuxNet.MMSGHDR_SIZE, 8);
        this.iov = arena.allocate((long)ReceiveBatch.BATCH * LinuxNet.IOVEC_SIZE, 8);
        for (int i = 0; i < ReceiveBatch.BATCH; i++)
        {
            final long header = (long)i * LinuxNet.MMSGHDR_SIZE;
            headers.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_IOV, iov.address() + (long)i * LinuxNet.IOVEC_SIZE);
            headers.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_IOVLEN, 1L);
        }
    }

    /**
     * Queues one datagram; at most one receive batch is queued between flushes.
     *
     * @param destinationAddress native address of the destination sockaddr.
     * @param addressLength      4 for IPv4, 16 for IPv6.
     * @param bufferAddress      native address of the payload.
     * @param length             payload bytes.
     */
    void queue(final long destinationAddress, final int addressLength, final long bufferAddress, final int length)
    {
        final int k = count;
        final long header = (long)k * LinuxNet.MMSGHDR_SIZE;
        headers.set(ValueLayout.JAVA_LONG, header + LinuxNet.MSG_NAME, destinationAddress);
        headers.set(ValueLayout.JAVA_INT, header + LinuxNet.MSG_NAMELEN, addressLength == 16 ? LinuxNet.SOCKADDR_SIZE : 16);
        final long at = (long)k * LinuxNet.IOVEC_SIZE;
        iov.set(ValueLayout.JAVA_LONG, at, bufferAddress);
        iov.set(ValueLayout.JAVA_LONG, at + 8, length);
        count = k + 1;
    }

    /**
     * Sends what was queued and empties the batch.
     *
     * @return datagrams the socket did not take.
     */
    int flush(final LinuxNet net, final int fd)
    {
        final int queued = count;
        if (queued == 0)
        {
            return 0;
        }
        count = 0;
        final int sent = net.sendmmsg(fd, headers, queued);
        return sent < queued ? queued - Math.max(0, sent) : 0;
    }
}
