package io.softswitch.lcr;

import org.agrona.collections.Object2IntHashMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The int ids of the vendor and customer trunks, fixed when the configuration is loaded: the
 * call path names a trunk by id (an index into arrays), names stay at the edges (logs, metrics,
 * the admin API).
 *
 * <p>Ids are dense from 0 in the order the names were given, one numbering for vendors and one
 * for customers. A configuration change that adds trunks {@link #extend extends} the ids: every
 * trunk keeps its id, new ones are appended, and a removed trunk keeps its id unused, so an id
 * read before a reload still means the same trunk after it. Immutable and safe to share.
 *
 * <p>Names that differ only in case are refused (within vendors, within customers): a NOC
 * engineer reading {@code Vendor-A} and {@code vendor-a} in a report cannot tell them apart, and
 * a deck or block typed in the other case would silently land on the wrong trunk.
 */
public final class TrunkIds
{
    /** Most vendor ids (and most customer ids) one switch numbers; availability state is sized for it. */
    public static final int MAX_IDS = 1 << 14;

    /** No ids at all. */
    public static final TrunkIds EMPTY = new TrunkIds(List.of(), List.of());

    private final String[] vendorNames;
    private final String[] customerNames;
    private final Object2IntHashMap<String> vendorIds;
    private final Object2IntHashMap<String> customerIds;

    private TrunkIds(final List<String> vendors, final List<String> customers)
    {
        vendorNames = checked("vendor", vendors);
        customerNames = checked("customer", customers);
        vendorIds = index(vendorNames);
        customerIds = index(customerNames);
    }

    /**
     * Numbers the trunks of a configuration in the order given.
     *
     * @param vendors   vendor trunk names.
     * @param customers customer trunk names.
     * @return the ids.
     * @throws IllegalArgumentException on a duplicate, a name that differs from another only in
     *                                  case, an empty name, or more than {@link #MAX_IDS} names.
     */
    public static TrunkIds of(final Collection<String> vendors, final Collection<String> customers)
    {
        return new TrunkIds(List.copyOf(vendors), List.copyOf(customers));
    }

    /**
     * These ids with new trunks appended: names already known keep their ids, unknown names get
     * the next ones in the order given.
     *
     * @param vendors   vendor trunk names of the new configuration.
     * @param customers customer trunk names of the new configuration.
     * @return the extended ids ({@code this} when nothing is new).
     * @throws IllegalArgumentException as {@link #of}.
     */
    public TrunkIds extend(final Collection<String> vendors, final Collection<String> customers)
    {
        final List<String> nextVendors = appended(vendorNames, vendorIds, vendors);
        final List<String> nextCustomers = appended(customerNames, customerIds, customers);
        if (nextVendors.size() == vendorNames.length && nextCustomers.size() == customerNames.length)
        {
            return this;
        }
        return new TrunkIds(nextVendors, nextCustomers);
    }

    /**
     * Whether every id of {@code earlier} means the same trunk here.
     *
     * @param earlier older ids.
     * @return true when these ids extend (or equal) them.
     */
    public boolean extendsIds(final TrunkIds earlier)
    {
        return startsWith(vendorNames, earlier.vendorNames) && startsWith(customerNames, earlier.customerNames);
    }

    /**
     * The id of a vendor trunk.
     *
     * @param name the trunk name, exactly as configured.
     * @return its id, or -1 when no vendor has that name.
     */
    public int vendorId(final String name)
    {
        return vendorIds.getValue(name);
    }

    /**
     * The id of a customer trunk.
     *
     * @param name the trunk name, exactly as configured.
     * @return its id, or -1 when no customer has that name.
     */
    public int customerId(final String name)
    {
        return customerIds.getValue(name);
    }

    /**
     * The name of a vendor id.
     *
     * @param id the id.
     * @return the trunk name.
     */
    public String vendorName(final int id)
    {
        return vendorNames[id];
    }

    /**
     * The name of a customer id.
     *
     * @param id the id.
     * @return the trunk name.
     */
    public String customerName(final int id)
    {
        return customerNames[id];
    }

    /**
     * Number of vendor ids: valid ids are 0 to this minus one.
     *
     * @return the count.
     */
    public int vendorCount()
    {
        return vendorNames.length;
    }

    /**
     * Number of customer ids: valid ids are 0 to this minus one.
     *
     * @return the count.
     */
    public int customerCount()
    {
        return customerNames.length;
    }

    /**
     * The vendor names by id.
     *
     * @return the names, index = id.
     */
    public List<String> vendors()
    {
        return List.of(vendorNames);
    }

    /**
     * The customer names by id.
     *
     * @return the names, index = id.
     */
    public List<String> customers()
    {
        return List.of(customerNames);
    }

    private static String[] checked(final String side, final List<String> names)
    {
        if (names.size() > MAX_IDS)
        {
            throw new IllegalArgumentException("too many " + side + " trunks: count=" + names.size() + " max=" + MAX_IDS);
        }
        final Map<String, String> folded = new HashMap<>();
        for (final String name : names)
        {
            Objects.requireNonNull(name, side);
            if (name.isEmpty())
            {
                throw new IllegalArgumentException("empty " + side + " trunk name");
            }
            final String previous = folded.put(name.toLowerCase(Locale.ROOT), name);
            if (previous != null)
            {
                throw new IllegalArgumentException(previous.equals(name)
                    ? "duplicate " + side + " trunk: name=" + name
                    : side + " trunk names differ only in case: names=" + previous + "," + name);
            }
        }
        return names.toArray(new String[0]);
    }

    private static List<String> appended(final String[] known, final Object2IntHashMap<String> ids,
        final Collection<String> names)
    {
        final List<String> next = new ArrayList<>(List.of(known));
        for (final String name : names)
        {
            if (ids.getValue(name) < 0 && !next.contains(name))
            {
                next.add(name);
            }
        }
        return next;
    }

    private static boolean startsWith(final String[] names, final String[] prefix)
    {
        if (prefix.length > names.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (!names[i].equals(prefix[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static Object2IntHashMap<String> index(final String[] names)
    {
        final Object2IntHashMap<String> index = new Object2IntHashMap<>(names.length * 2 + 4, 0.5f, -1);
        for (int i = 0; i < names.length; i++)
        {
            index.put(names[i], i);
        }
        return index;
    }
}
