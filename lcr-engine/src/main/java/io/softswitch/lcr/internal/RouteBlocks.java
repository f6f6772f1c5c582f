package io.softswitch.lcr.internal;

import io.softswitch.lcr.TrunkIds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NOC's route blocks as the engine thread reads them: prefixes blocked for every vendor,
 * vendors blocked, and prefixes blocked for one vendor. Single writer (the engine thread).
 *
 * <p>Blocks are kept by vendor name, so that a block set before a vendor is known (or on a
 * vendor a new configuration brings back) applies as soon as the ids know the name; queries read
 * arrays by vendor id, rebuilt by {@link #resolve(TrunkIds)} whenever the blocks or the ids
 * change. Matching walks the few blocked prefixes of the number without allocating.
 */
public final class RouteBlocks
{
    private final List<String> prefixes = new ArrayList<>();
    private final Set<String> vendors = new HashSet<>();
    private final Map<String, List<String>> vendorPrefixes = new HashMap<>();
    private TrunkIds ids = TrunkIds.EMPTY;
    private boolean[] vendorBlocked = new boolean[0];
    private boolean anyVendorBlock;
    private List<String>[] vendorPrefixesById = newLists(0);

    /**
     * Blocks or unblocks a vendor for every number.
     *
     * @param vendor  vendor trunk name.
     * @param blocked true to block.
     */
    public void setVendorBlocked(final String vendor, final boolean blocked)
    {
        if (blocked)
        {
            vendors.add(vendor);
        }
        else
        {
            vendors.remove(vendor);
        }
        resolve(ids);
    }

    /**
     * Blocks or unblocks every number that starts with a prefix.
     *
     * @param prefix  leading digits.
     * @param blocked true to block.
     */
    public void setPrefixBlocked(final String prefix, final boolean blocked)
    {
        prefixes.remove(prefix);
        if (blocked)
        {
            prefixes.add(prefix);
        }
    }

    /**
     * Blocks or unblocks one vendor for the numbers that start with a prefix.
     *
     * @param vendor  vendor trunk name.
     * @param prefix  leading digits.
     * @param blocked true to block.
     */
    public void setVendorPrefixBlocked(final String vendor, final String prefix, final boolean blocked)
    {
        final List<String> blocks = vendorPrefixes.computeIfAbsent(vendor, name -> new ArrayList<>());
        blocks.remove(prefix);
        if (blocked)
        {
            blocks.add(prefix);
        }
        else if (blocks.isEmpty())
        {
            vendorPrefixes.remove(vendor);
        }
        resolve(ids);
    }

    /**
     * Rebuilds the arrays by vendor id for the given ids.
     *
     * @param current the ids queries use.
     */
    public void resolve(final TrunkIds current)
    {
        ids = current;
        final int count = current.vendorCount();
        final boolean[] blocked = new boolean[count];
        final List<String>[] byId = newLists(count);
        for (int id = 0; id < count; id++)
        {
            final String name = current.vendorName(id);
            blocked[id] = vendors.contains(name);
            final List<String> list = vendorPrefixes.get(name);
            byId[id] = list == null || list.isEmpty() ? null : list;
        }
        vendorBlocked = blocked;
        vendorPrefixesById = byId;
        anyVendorBlock = !vendors.isEmpty() || !vendorPrefixes.isEmpty();
    }

    /**
     * Whether the number starts with a prefix blocked for every vendor.
     *
     * @param digits the number.
     * @param length its length.
     * @return true when blocked.
     */
    public boolean prefixBlocked(final char[] digits, final int length)
    {
        return startsWithAny(prefixes, digits, length);
    }

    /**
     * Whether any vendor has a block of its own; when not, a query need not look at each vendor.
     *
     * @return true when a vendor or vendor-and-prefix block is set.
     */
    public boolean anyVendorBlock()
    {
        return anyVendorBlock;
    }

    /**
     * Whether a vendor is blocked for every number.
     *
     * @param vendorId the vendor's id.
     * @return true when blocked.
     */
    public boolean vendorBlocked(final int vendorId)
    {
        return vendorBlocked[vendorId];
    }

    /**
     * Whether the number starts with a prefix blocked for one vendor.
     *
     * @param vendorId the vendor's id.
     * @param digits   the number.
     * @param length   its length.
     * @return true when blocked.
     */
    public boolean vendorPrefixBlocked(final int vendorId, final char[] digits, final int length)
    {
        final List<String> blocks = vendorPrefixesById[vendorId];
        return blocks != null && startsWithAny(blocks, digits, length);
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] newLists(final int count)
    {
        return (List<String>[]) new List<?>[count];
    }

    private static boolean startsWithAny(final List<String> prefixes, final char[] digits, final int length)
    {
        for (int p = 0, size = prefixes.size(); p < size; p++)
        {
            final String prefix = prefixes.get(p);
            if (prefix.length() <= length && startsWith(prefix, digits))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(final String prefix, final char[] digits)
    {
        for (int i = 0; i < prefix.length(); i++)
        {
            if (prefix.charAt(i) != digits[i])
            {
                return false;
            }
        }
        return true;
    }
}
