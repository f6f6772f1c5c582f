package io.softswitch.lcr;

import java.util.Arrays;
import java.util.List;

/**
 * A static route table: the longest configured prefix of the dialled number picks the vendors.
 *
 * <p>The prefixes are compiled into a digit trie held in flat arrays: node {@code n}'s child for
 * digit {@code d} is {@code children[n * 10 + d]} (0 means none, since the root is never a
 * child), and {@code results[n]} is the route of the prefix that ends at {@code n}, or
 * {@code null}. A query walks one node per digit and remembers the last route it passed, so it
 * costs at most one array step per digit and allocates nothing.
 *
 * <pre>
 *   routes: ""→A  "1"→B  "12"→C  "1201"→D
 *
 *   root(A) --1--> n1(B) --2--> n2(C) --0--> n3(-) --1--> n4(D)
 *
 *   "1209..." passes root, n1, n2, n3, stops at '9': the last route passed is C
 * </pre>
 *
 * <p>The table is immutable once built, so any number of threads may query it at once. It answers
 * on the caller's thread, before {@link #route} returns.
 */
public final class PrefixRouteTable implements Router
{
    private static final int RADIX = 10;
    private static final int ROOT = 0;
    private static final int NO_NODE = -1;

    private final int[] children;
    private final RouteResult[] results;

    /**
     * Compiles the routes into a table.
     *
     * @param routes the configured routes; prefixes must be unique.
     * @throws IllegalArgumentException when two routes share a prefix.
     */
    public PrefixRouteTable(final List<StaticRoute> routes)
    {
        int maxNodes = 1;
        for (final StaticRoute route : routes)
        {
            maxNodes += route.prefix().length();
        }
        final int[] children = new int[maxNodes * RADIX];
        final RouteResult[] results = new RouteResult[maxNodes];
        int nodeCount = 1;
        for (final StaticRoute route : routes)
        {
            final String prefix = route.prefix();
            int node = ROOT;
            for (int i = 0; i < prefix.length(); i++)
            {
                final int slot = node * RADIX + (prefix.charAt(i) - '0');
                if (children[slot] == 0)
                {
                    children[slot] = nodeCount++;
                }
                node = children[slot];
            }
            if (results[node] != null)
            {
                throw new IllegalArgumentException("duplicate route prefix: prefix=" + prefix);
            }
            results[node] = RouteResult.routed(route.vendors());
        }
        this.children = Arrays.copyOf(children, nodeCount * RADIX);
        this.results = Arrays.copyOf(results, nodeCount);
    }

    /**
     * Finds the route of the longest configured prefix of a number.
     *
     * @param e164Number the number, digits only.
     * @return the routed result, or {@link RouteResult#NO_ROUTE} when no prefix matches or the
     *         number holds anything but digits.
     */
    public RouteResult lookup(final CharSequence e164Number)
    {
        RouteResult best = results[ROOT];
        int node = ROOT;
        final int length = e164Number.length();
        for (int i = 0; i < length; i++)
        {
            final int digit = e164Number.charAt(i) - '0';
            if (digit < 0 || digit >= RADIX)
            {
                return RouteResult.NO_ROUTE;
            }
            // Once the trie has no branch for the number, keep reading only to refuse non-digits.
            if (node != NO_NODE)
            {
                node = children[node * RADIX + digit];
                if (node == ROOT)
                {
                    node = NO_NODE;
                }
                else if (results[node] != null)
                {
                    best = results[node];
                }
            }
        }
        return best == null ? RouteResult.NO_ROUTE : best;
    }

    /**
     * Answers with the vendors of the longest matching prefix, on the caller's thread, before
     * returning. The customer trunk does not select routes in a static table.
     *
     * @param customerTrunk name of the customer trunk the call came from.
     * @param e164Number    the dialled number after the customer's number rules, digits only.
     * @param listener      told the result exactly once, before this method returns.
     */
    @Override
    public void route(final String customerTrunk, final CharSequence e164Number, final RouteListener listener)
    {
        listener.onRoute(lookup(e164Number));
    }
}
