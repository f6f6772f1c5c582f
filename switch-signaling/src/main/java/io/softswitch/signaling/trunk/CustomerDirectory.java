package io.softswitch.signaling.trunk;

import org.agrona.collections.Long2ObjectHashMap;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer trunks, looked up by a request's source address and Request-URI user part.
 *
 * <p>A trunk matches when one of its sources contains the address and its tech prefix (possibly
 * empty) starts the user part. When several match, the longest tech prefix wins, then the most
 * specific source block, then the trunk listed first.
 *
 * <p>IPv4 blocks are indexed by prefix length and masked network: a lookup masks the address once
 * per prefix length in use (a handful, however many trunks) and reads a hash map, so matching
 * stays flat with a thousand trunks and allocates nothing. Each (block, trunk) group is sorted
 * in precedence order, so its first match is its best. IPv6 blocks are scanned in that order.
 *
 * <p>Immutable once built: any number of event loops may query it at once.
 */
public final class CustomerDirectory
{
    private static final Comparator<Entry> PRECEDENCE = Comparator
        .comparingInt((Entry entry) -> entry.techPrefix.length()).reversed()
        .thenComparing(Comparator.comparingInt((Entry entry) -> entry.range.prefixLength()).reversed())
        .thenComparingInt(entry -> entry.order);

    private final List<CustomerTrunk> trunks;
    private final Entry[] ipv6Entries;
    private final int[] ipv4Lengths;
    private final Long2ObjectHashMap<Entry[]> ipv4Blocks = new Long2ObjectHashMap<>();

    /**
     * Builds the directory.
     *
     * @param trunks the customer trunks, earlier ones winning ties.
     * @throws IllegalArgumentException when two trunks share a source block and a tech prefix, so
     *                                  that no request could tell them apart.
     */
    public CustomerDirectory(final List<CustomerTrunk> trunks)
    {
        this.trunks = List.copyOf(trunks);
        final List<Entry> list = new ArrayList<>();
        for (int i = 0; i < this.trunks.size(); i++)
        {
            final CustomerTrunk trunk = this.trunks.get(i);
            for (final AddressRange range : trunk.sources())
            {
                for (final Entry other : list)
                {
                    if (other.trunk != trunk && other.range.equals(range) && other.techPrefix.equals(trunk.techPrefix()))
                    {
                        throw new IllegalArgumentException("customer trunks share source and tech prefix: a=" +
                            other.trunk.name() + " b=" + trunk.name() + " source=" + range +
                            " techPrefix=" + trunk.techPrefix());
                    }
                }
                list.add(new Entry(range, trunk.techPrefix(), trunk, i));
            }
        }
        list.sort(PRECEDENCE);
        final Entry[] entries = list.toArray(new Entry[0]);
        this.ipv6Entries = list.stream().filter(entry -> entry.range.network().length == 16).toArray(Entry[]::new);
        final Map<Long, List<Entry>> groups = new HashMap<>();
        for (final Entry entry : entries)
        {
            if (entry.range.network().length == 4)
            {
                final int network = mask(toInt(entry.range.network()), entry.range.prefixLength());
                groups.computeIfAbsent(key(entry.range.prefixLength(), network), key -> new ArrayList<>()).add(entry);
            }
        }
        groups.forEach((key, group) -> ipv4Blocks.put(key.longValue(), group.toArray(new Entry[0])));
        this.ipv4Lengths = groups.keySet().stream().mapToInt(key -> (int)(key >>> 32)).distinct()
            .sorted().toArray();
    }

    private static long key(final int prefixLength, final int maskedNetwork)
    {
        return ((long)prefixLength << 32) | (maskedNetwork & 0xFFFF_FFFFL);
    }

    private static int mask(final int address, final int prefixLength)
    {
        return prefixLength == 0 ? 0 : address & (-1 << (32 - prefixLength));
    }

    private static int toInt(final byte[] address)
    {
        return ((address[0] & 0xFF) << 24) | ((address[1] & 0xFF) << 16) | ((address[2] & 0xFF) << 8) |
            (address[3] & 0xFF);
    }

    /**
     * Finds the trunk a request belongs to.
     *
     * @param source         the request's source address (the packet's, never a header's).
     * @param requestUriUser the user part of the Request-URI, tech prefix included.
     * @return the trunk, or {@code null} when no trunk's sources contain the address or none of
     *         their tech prefixes starts the user part.
     */
    public CustomerTrunk match(final InetAddress source, final CharSequence requestUriUser)
    {
        return match(source.getAddress(), requestUriUser);
    }

    /**
     * Finds the trunk a request belongs to, from raw address bytes; allocates nothing.
     *
     * @param source         4 or 16 address bytes, as {@link InetAddress#getAddress()} gives them.
     * @param requestUriUser the user part of the Request-URI, tech prefix included.
     * @return the trunk, or {@code null} when none matches.
     */
    public CustomerTrunk match(final byte[] source, final CharSequence requestUriUser)
    {
        if (source.length == 4)
        {
            return matchIpv4(toInt(source), requestUriUser);
        }
        for (final Entry entry : ipv6Entries)
        {
            if (entry.range.contains(source) && startsWith(requestUriUser, entry.techPrefix))
            {
                return entry.trunk;
            }
        }
        return null;
    }

    private CustomerTrunk matchIpv4(final int address, final CharSequence requestUriUser)
    {
        Entry best = null;
        for (final int prefixLength : ipv4Lengths)
        {
            final Entry[] group = ipv4Blocks.get(key(prefixLength, mask(address, prefixLength)));
            if (group == null)
            {
                continue;
            }
            for (final Entry entry : group)
            {
                if (startsWith(requestUriUser, entry.techPrefix))
                {
                    if (best == null || precedes(entry, best))
                    {
                        best = entry;
                    }
                    break;
                }
            }
        }
        return best == null ? null : best.trunk;
    }

    private static boolean precedes(final Entry a, final Entry b)
    {
        if (a.techPrefix.length() != b.techPrefix.length())
        {
            return a.techPrefix.length() > b.techPrefix.length();
        }
        if (a.range.prefixLength() != b.range.prefixLength())
        {
            return a.range.prefixLength() > b.range.prefixLength();
        }
        return a.order < b.order;
    }

    /**
     * The trunks, in the order given.
     *
     * @return an immutable list.
     */
    public List<CustomerTrunk> trunks()
    {
        return trunks;
    }

    private static boolean startsWith(final CharSequence text, final String prefix)
    {
        final int length = prefix.length();
        if (text.length() < length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (text.charAt(i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private record Entry(AddressRange range, String techPrefix, CustomerTrunk trunk, int order)
    {
    }
}
