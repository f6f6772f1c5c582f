package io.softswitch.signaling.transport;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * The source addresses of received datagrams as one {@link InetSocketAddress} per address and
 * port, made the first time the source is seen and returned again for every later datagram from
 * it: the kernel's raw {@code sockaddr} is compared with the entry of its slot, so a datagram from
 * a known peer costs no object. Everything downstream that caches by peer (the send path's
 * {@code sockaddr} table, the response peers) then sees the same object each time.
 *
 * <p>Direct-mapped by a hash of the address bytes: a new source takes its slot's place, and the
 * object it replaces stays valid (addresses are immutable), only no longer reused. IPv4 sources,
 * whether from an IPv4 socket ({@code sockaddr_in}) or mapped on a dual-stack IPv6 socket
 * ({@code ::ffff:a.b.c.d} in a {@code sockaddr_in6}), are one key and become an
 * {@link java.net.Inet4Address}, as trunk ACLs expect. One per receiving loop: not thread-safe.
 */
final class SourceAddresses
{
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    /** {@code sizeof(struct sockaddr_in)}. */
    static final int SOCKADDR_IN_BYTES = 16;
    /** {@code sizeof(struct sockaddr_in6)}. */
    static final int SOCKADDR_IN6_BYTES = 28;

    private static final ValueLayout.OfShort NETWORK_SHORT =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NETWORK_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong NETWORK_LONG =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** The upper half of an IPv4-mapped IPv6 address's low eight bytes: {@code ::ffff:0:0}. */
    private static final long V4_MAPPED = 0xFFFFL << 32;
    private static final long OCCUPIED = 1L << 63;

    private final int mask;
    private final long[] high;
    private final long[] low;
    private final long[] portAndScope;
    private final InetSocketAddress[] addresses;
    private long made;

    /**
     * Creates an empty table.
     *
     * @param slots how many sources are remembered at most; a power of two.
     */
    SourceAddresses(final int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new IllegalArgumentException("slots must be a power of two: slots=" + slots);
        }
        this.mask = slots - 1;
        this.high = new long[slots];
        this.low = new long[slots];
        this.portAndScope = new long[slots];
        this.addresses = new InetSocketAddress[slots];
    }

    /**
     * The address a raw {@code sockaddr} names.
     *
     * @param names  where the kernel wrote it.
     * @param offset its offset in {@code names}.
     * @param length the length the kernel reported.
     * @return the address, the same object as for the last datagram from that source when its
     *         slot still holds it; null for a family other than IPv4 and IPv6.
     */
    InetSocketAddress of(final MemorySegment names, final long offset, final int length)
    {
        final int family = names.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset);
        final int port = names.get(NETWORK_SHORT, offset + 2) & 0xFFFF;
        final long addressHigh;
        final long addressLow;
        final int scope;
        if (family == AF_INET && length >= SOCKADDR_IN_BYTES)
        {
            addressHigh = 0;
            addressLow = V4_MAPPED | names.get(NETWORK_INT, offset + 4) & 0xFFFF_FFFFL;
            scope = 0;
        }
        else if (family == AF_INET6 && length >= SOCKADDR_IN6_BYTES)
        {
            addressHigh = names.get(NETWORK_LONG, offset + 8);
            addressLow = names.get(NETWORK_LONG, offset + 16);
            scope = names.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 24);
        }
        else
        {
            return null;
        }
        final long key = OCCUPIED | (long)scope << 16 | port;
        final int slot = slot(addressHigh, addressLow, key);
        if (portAndScope[slot] == key && high[slot] == addressHigh && low[slot] == addressLow)
        {
            return addresses[slot];
        }
        final InetSocketAddress address = new InetSocketAddress(inetAddress(addressHigh, addressLow, scope), port);
        high[slot] = addressHigh;
        low[slot] = addressLow;
        portAndScope[slot] = key;
        addresses[slot] = address;
        made++;
        return address;
    }

    /**
     * How many address objects were made: once per new source, again only when a source lost its
     * slot to another.
     *
     * @return the count.
     */
    long made()
    {
        return made;
    }

    private int slot(final long addressHigh, final long addressLow, final long key)
    {
        long h = addressHigh * 0x9E3779B97F4A7C15L ^ addressLow;
        h = (h ^ key) * 0xBF58476D1CE4E5B9L;
        return (int)(h ^ h >>> 31) & mask;
    }

    private static InetAddress inetAddress(final long addressHigh, final long addressLow, final int scope)
    {
        try
        {
            if (addressHigh == 0 && (addressLow & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED)
            {
                final int v4 = (int)addressLow;
                return InetAddress.getByAddress(new byte[] {(byte)(v4 >>> 24), (byte)(v4 >>> 16), (byte)(v4 >>> 8),
                    (byte)v4});
            }
            final byte[] raw = new byte[16];
            for (int i = 0; i < 8; i++)
            {
                raw[i] = (byte)(addressHigh >>> (56 - 8 * i));
                raw[8 + i] = (byte)(addressLow >>> (56 - 8 * i));
            }
            return scope != 0 ? Inet6Address.getByAddress(null, raw, scope) : InetAddress.getByAddress(raw);
        }
        catch (final UnknownHostException ex)
        {
            // Only thrown for an address of the wrong length, which the bytes above cannot be.
            throw new IllegalStateException(ex);
        }
    }
}
