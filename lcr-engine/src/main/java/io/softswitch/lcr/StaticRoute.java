package io.softswitch.lcr;

import java.util.List;

/**
 * One configured route: numbers starting with {@code prefix} go to {@code vendors}, in order.
 *
 * @param prefix  leading digits of the E.164 number; the empty prefix matches every number.
 * @param vendors vendor trunk names, first choice first.
 */
public record StaticRoute(String prefix, List<String> vendors)
{
    /**
     * Validates the route.
     */
    public StaticRoute
    {
        if (!prefix.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new IllegalArgumentException("prefix must be digits only: prefix=" + prefix);
        }
        vendors = List.copyOf(vendors);
        if (vendors.isEmpty())
        {
            throw new IllegalArgumentException("route needs at least one vendor: prefix=" + prefix);
        }
    }
}
