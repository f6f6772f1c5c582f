package io.softswitch.rtp.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Which source a relay thread accepts on each socket of a stream and where it sends a side's
 * packets (RFC 7362 latching, RFC 4961 symmetric RTP). Compares the source address the kernel
 * wrote into a {@link ReceiveBatch} slot with the stream's announced and latched addresses in the
 * thread's address memory, word by word, allocating nothing.
 */
final class SourceLatch
{
    private final MemorySegment names;
    private final MemorySegment addresses;
    private final long learnWindowNs;

    SourceLatch(final MemorySegment names, final MemorySegment addresses, final long learnWindowNs)
    {
        this.names = names;
        this.addresses = addresses;
        this.learnWindowNs = learnWindowNs;
    }

    /**
     * RFC 7362 latching: the SDP-announced source is taken at once and for good; another source is
     * taken while nothing is known (on the announced host, or anywhere when the announced address
     * is behind NAT) and may be replaced by the announced one until the learning window closes;
     * after that only the latched source is relayed.
     */
    boolean accept(final RelayStream stream, final int socket, final long nameOffset, final long nowNs)
    {
        final int side = socket >> 1;
        final int rtcp = socket & 1;
        final long latched = stream.latchedOffset(side, rtcp);
        final int state = stream.latch[socket];
        if (state != RelayStream.LATCH_NONE && sameAddress(names, nameOffset, addresses, latched))
        {
            if (state == RelayStream.LATCH_LEARNING && nowNs - stream.latchDeadlineNs[socket] >= 0)
            {
                stream.latch[socket] = RelayStream.LATCH_STRICT;
            }
            return true;
        }
        if (state == RelayStream.LATCH_STRICT)
        {
            return false;
        }
        if (stream.announced[side] && sameAddress(names, nameOffset, addresses, stream.announcedOffset(side, rtcp)))
        {
            MemorySegment.copy(names, nameOffset, addresses, latched, RelayStream.ADDRESS_BYTES);
            stream.latch[socket] = RelayStream.LATCH_STRICT;
            return true;
        }
        if (!stream.anySource[side] && !sameHost(names, nameOffset, addresses, stream.announcedOffset(side, rtcp)))
        {
            // A public address was announced: a source on another host is not this side.
            return false;
        }
        if (state == RelayStream.LATCH_NONE)
        {
            MemorySegment.copy(names, nameOffset, addresses, latched, RelayStream.ADDRESS_BYTES);
            stream.latch[socket] = learnWindowNs == 0 ? RelayStream.LATCH_STRICT : RelayStream.LATCH_LEARNING;
            stream.latchDeadlineNs[socket] = nowNs + learnWindowNs;
            return true;
        }
        if (nowNs - stream.latchDeadlineNs[socket] >= 0)
        {
            stream.latch[socket] = RelayStream.LATCH_STRICT;
        }
        return false;
    }

    /** Where packets for a side go: where they come from once latched (RFC 4961), else its SDP; -1 nowhere. */
    static long destination(final RelayStream stream, final int side, final int rtcp)
    {
        if (stream.latch[side * 2 + rtcp] != RelayStream.LATCH_NONE)
        {
            return stream.latchedOffset(side, rtcp);
        }
        if (stream.announced[side] && !stream.hold[side])
        {
            return stream.announcedOffset(side, rtcp);
        }
        return -1;
    }

    private static boolean sameAddress(final MemorySegment a, final long aOffset, final MemorySegment b, final long bOffset)
    {
        final long head = a.get(ValueLayout.JAVA_LONG, aOffset);
        if (head != b.get(ValueLayout.JAVA_LONG, bOffset))
        {
            return false;
        }
        if ((short)head != LinuxNet.AF_INET6)
        {
            return true;
        }
        return a.get(ValueLayout.JAVA_LONG, aOffset + 8) == b.get(ValueLayout.JAVA_LONG, bOffset + 8)
            && a.get(ValueLayout.JAVA_LONG, aOffset + 16) == b.get(ValueLayout.JAVA_LONG, bOffset + 16);
    }

    private static boolean sameHost(final MemorySegment a, final long aOffset, final MemorySegment b, final long bOffset)
    {
        final short family = a.get(ValueLayout.JAVA_SHORT, aOffset);
        if (family != b.get(ValueLayout.JAVA_SHORT, bOffset))
        {
            return false;
        }
        if (family == LinuxNet.AF_INET)
        {
            return a.get(ValueLayout.JAVA_INT, aOffset + 4) == b.get(ValueLayout.JAVA_INT, bOffset + 4);
        }
        return a.get(ValueLayout.JAVA_LONG, aOffset + 8) == b.get(ValueLayout.JAVA_LONG, bOffset + 8)
            && a.get(ValueLayout.JAVA_LONG, aOffset + 16) == b.get(ValueLayout.JAVA_LONG, bOffset + 16);
    }
}
