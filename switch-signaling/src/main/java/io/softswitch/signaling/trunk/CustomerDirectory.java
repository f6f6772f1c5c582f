package io.softswitch.signaling.trunk;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The customer trunks, looked up by a request's source address and Request-URI user part.
 *
 * <p>A trunk matches when one of its sources contains the address and its tech prefix (possibly
 * empty) starts the user part. When several match, the longest tech prefix wins, then the most
 * specific source block, then the trunk listed first. Every (source block, trunk) pair is held in
 * one array sorted in that order, so the first match of a scan is the answer.
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
    private final Entry[] entries;

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
        this.entries = list.toArray(new Entry[0]);
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
        for (final Entry entry : entries)
        {
            if (entry.range.contains(source) && startsWith(requestUriUser, entry.techPrefix))
            {
                return entry.trunk;
            }
        }
        return null;
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
