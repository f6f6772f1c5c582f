package io.softswitch.lcr;

import io.softswitch.lcr.internal.DeckCompiler;
import io.softswitch.lcr.internal.PrefixRates;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.TrunkRates;
import org.agrona.collections.Object2IntHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable routing snapshot: every provisioned rate, buy and sell, current and future-dated,
 * compiled with the routing settings into flat arrays that the LCR engine queries without
 * allocating.
 *
 * <p>All prefixes of all decks share one decimal trie: node {@code n}'s child for digit {@code d}
 * is {@code children[n * 10 + d]} (0 means none: the root is never a child). Each node's rates
 * are a run of entries in {@link PrefixRates} (one for vendors' buy rates, one for customers'
 * sell rates). A query walks the dialled number once, remembering the nodes it passed; then,
 * deepest node first, the first entry of each deck that is in force at the query time is that
 * deck's longest matching prefix.
 *
 * <pre>
 *   decks:  vendor A: 1, 1201      vendor B: 12, 120      customer C: 1
 *
 *   root --1--> n1 [A, C] --2--> n2 [B] --0--> n3 [B] --1--> n4 [A]
 *
 *   "12025550100": path root n1 n2 n3, stops at '2' (no child)
 *                  A matches 1 (n1), B matches 120 (n3), C sells at 1
 *   "12015550100": path root n1 n2 n3 n4: A matches 1201, B matches 120
 * </pre>
 *
 * <p>Rates carry their periods, so a future-dated rate takes effect at its time with no rebuild
 * and no swap: the query picks by time. A snapshot is safe to share between threads.
 */
public final class RouteSnapshot
{
    private static final int RADIX = 10;

    final RoutingSettings settings;
    final TrunkIds ids;
    final String[] vendorNames;
    final String[] customerNames;
    final Object2IntHashMap<String> vendorIndex;
    final Object2IntHashMap<String> customerIndex;
    /** Vendor id ({@link TrunkIds}) of each vendor deck index. */
    final int[] vendorIds;
    /** Customer deck index of each customer id, -1 for a customer without a sell deck. */
    final int[] customerDeckById;
    private final List<String> unknownTrunkDecks;
    final int[] children;
    final int nodeCount;
    final int maxDepth;
    final PrefixRates buy;
    final PrefixRates sell;
    final String[] destinations;
    final CustomerRouting[] customerRouting;
    final int[][] priority;
    final int[][] weight;

    private RouteSnapshot(final DeckCompiler compiler, final RoutingSettings settings, final TrunkIds ids)
    {
        this.settings = settings;
        this.ids = ids;
        this.unknownTrunkDecks = compiler.unknownTrunkDecks();
        this.vendorNames = compiler.vendorNames();
        this.customerNames = compiler.customerNames();
        this.vendorIndex = index(vendorNames);
        this.customerIndex = index(customerNames);
        this.vendorIds = vendorIds(vendorNames, ids);
        this.customerDeckById = customerDecks(customerIndex, ids);
        this.children = compiler.children();
        this.nodeCount = compiler.nodeCount();
        this.maxDepth = compiler.maxDepth();
        this.buy = compiler.buy();
        this.sell = compiler.sell();
        this.destinations = compiler.destinations();
        final int customers = customerNames.length;
        this.customerRouting = new CustomerRouting[customers];
        this.priority = new int[customers][vendorNames.length];
        this.weight = new int[customers][vendorNames.length];
        for (int c = 0; c < customers; c++)
        {
            final CustomerRouting routing = settings.customer(customerNames[c]);
            customerRouting[c] = routing;
            for (int v = 0; v < vendorNames.length; v++)
            {
                final VendorPreference preference = routing.preference(vendorNames[v]);
                priority[c][v] = preference.priority();
                weight[c][v] = preference.weight();
            }
        }
    }

    /** The same tables numbered by ids that extend the original's: shares every array but the id maps. */
    private RouteSnapshot(final RouteSnapshot original, final TrunkIds ids)
    {
        this.settings = original.settings;
        this.ids = ids;
        this.unknownTrunkDecks = original.unknownTrunkDecks;
        this.vendorNames = original.vendorNames;
        this.customerNames = original.customerNames;
        this.vendorIndex = original.vendorIndex;
        this.customerIndex = original.customerIndex;
        this.vendorIds = vendorIds(vendorNames, ids);
        this.customerDeckById = customerDecks(customerIndex, ids);
        this.children = original.children;
        this.nodeCount = original.nodeCount;
        this.maxDepth = original.maxDepth;
        this.buy = original.buy;
        this.sell = original.sell;
        this.destinations = original.destinations;
        this.customerRouting = original.customerRouting;
        this.priority = original.priority;
        this.weight = original.weight;
    }

    /**
     * This snapshot numbered by other ids, which must know every trunk it has a deck of (for
     * example the engine's ids extended by this snapshot's).
     *
     * @param other the ids.
     * @return a snapshot sharing this one's tables, or this one when the ids are the same.
     */
    RouteSnapshot numberedBy(final TrunkIds other)
    {
        return other == ids ? this : new RouteSnapshot(this, other);
    }

    /**
     * This snapshot numbered so that every id of {@code current} keeps its trunk: itself when its
     * ids already extend {@code current}, else numbered by {@code current} extended with its trunks.
     *
     * @param current the ids in use.
     * @return the snapshot to swap in.
     * @throws IllegalArgumentException when a new trunk's name differs from a known one only in case.
     */
    RouteSnapshot numberedAfter(final TrunkIds current)
    {
        return ids.extendsIds(current) ? this : numberedBy(current.extend(ids.vendors(), ids.customers()));
    }

    private static int[] vendorIds(final String[] vendorNames, final TrunkIds ids)
    {
        final int[] result = new int[vendorNames.length];
        for (int v = 0; v < vendorNames.length; v++)
        {
            result[v] = ids.vendorId(vendorNames[v]);
            if (result[v] < 0)
            {
                throw new IllegalArgumentException("ids do not know vendor: vendor=" + vendorNames[v]);
            }
        }
        return result;
    }

    private static int[] customerDecks(final Object2IntHashMap<String> customerIndex, final TrunkIds ids)
    {
        final int[] result = new int[ids.customerCount()];
        for (int id = 0; id < result.length; id++)
        {
            result[id] = customerIndex.getValue(ids.customerName(id));
        }
        return result;
    }

    /**
     * Compiles decks and settings into a snapshot whose trunks are the ones that have decks:
     * vendor and customer ids are given in name order. For tools and tests; the switch numbers
     * its trunks from the configuration ({@link #build(List, RoutingSettings, TrunkIds)}).
     *
     * @param decks    every trunk's rates, as a {@code RateSource} loads them; one deck per trunk
     *                 and direction.
     * @param settings the routing settings.
     * @return the snapshot.
     * @throws IllegalArgumentException when a trunk has two decks in one direction, or two
     *                                  trunks' names differ only in case.
     */
    public static RouteSnapshot build(final List<TrunkRates> decks, final RoutingSettings settings)
    {
        final List<String> vendors = new ArrayList<>();
        final List<String> customers = new ArrayList<>();
        for (final TrunkRates deck : decks)
        {
            final List<String> side = deck.direction() == DeckDirection.VENDOR ? vendors : customers;
            if (!side.contains(deck.trunk()))
            {
                side.add(deck.trunk());
            }
        }
        vendors.sort(null);
        customers.sort(null);
        return build(decks, settings, TrunkIds.of(vendors, customers));
    }

    /**
     * Compiles decks and settings into a snapshot for the trunks of a configuration. A deck of
     * a trunk that {@code ids} does not know in the deck's direction is left out (routing never
     * offers a trunk the switch cannot reach, and a customer deck stored as a vendor deck never
     * becomes a route) and listed in {@link #unknownTrunkDecks()} for the caller to report.
     *
     * @param decks    every trunk's rates; one deck per trunk and direction.
     * @param settings the routing settings.
     * @param ids      the trunk ids of the configuration.
     * @return the snapshot.
     * @throws IllegalArgumentException when a trunk has two decks in one direction.
     */
    public static RouteSnapshot build(final List<TrunkRates> decks, final RoutingSettings settings, final TrunkIds ids)
    {
        Objects.requireNonNull(ids, "ids");
        return new RouteSnapshot(new DeckCompiler(decks, ids), Objects.requireNonNull(settings, "settings"), ids);
    }

    /**
     * The trunk ids the snapshot was compiled for.
     *
     * @return the ids.
     */
    public TrunkIds ids()
    {
        return ids;
    }

    /**
     * Decks left out because their trunk is not a known trunk of their direction, as
     * {@code direction/trunk}.
     *
     * @return the decks left out, empty when none.
     */
    public List<String> unknownTrunkDecks()
    {
        return unknownTrunkDecks;
    }

    /**
     * The settings the snapshot was compiled with.
     *
     * @return the settings.
     */
    public RoutingSettings settings()
    {
        return settings;
    }

    /**
     * Vendor trunks that have a buy deck, by name.
     *
     * @return the names, sorted.
     */
    public List<String> vendors()
    {
        return List.of(vendorNames);
    }

    /**
     * Customer trunks that have a sell deck, by name.
     *
     * @return the names, sorted.
     */
    public List<String> customers()
    {
        return List.of(customerNames);
    }

    /**
     * Number of trie nodes: the root plus one per distinct leading-digit string of any prefix of
     * any deck (a prefix shared by many decks is one node).
     *
     * @return the count.
     */
    public int nodeCount()
    {
        return nodeCount;
    }

    /**
     * Number of rate rows compiled, buy and sell.
     *
     * @return the count.
     */
    public int rateCount()
    {
        return buy.size() + sell.size();
    }

    /**
     * The customer deck index of a customer id.
     *
     * @param customerId the id.
     * @return the deck index, or -1 when the id is unknown or the customer has no sell deck.
     */
    int customerDeck(final int customerId)
    {
        return customerId >= 0 && customerId < customerDeckById.length ? customerDeckById[customerId] : -1;
    }

    /**
     * Walks a number down the trie.
     *
     * @param digits the number's characters.
     * @param length how many of them.
     * @param path   receives the node at each depth: {@code path[0]} is the root; at least
     *               {@code maxDepth + 1} long.
     * @return the number of nodes passed (1 or more), or -1 when the number holds a non-digit or
     *         is empty.
     */
    int walk(final char[] digits, final int length, final int[] path)
    {
        if (length == 0)
        {
            return -1;
        }
        int depth = 0;
        int node = 0;
        path[0] = 0;
        boolean inTrie = true;
        for (int i = 0; i < length; i++)
        {
            final int digit = digits[i] - '0';
            if (digit < 0 || digit >= RADIX)
            {
                return -1;
            }
            // Once the trie has no branch for the number, keep reading only to refuse non-digits.
            if (inTrie)
            {
                node = children[node * RADIX + digit];
                if (node == 0)
                {
                    inTrie = false;
                }
                else
                {
                    path[++depth] = node;
                }
            }
        }
        return depth + 1;
    }

    /**
     * The customer's sell entry by longest prefix in force.
     *
     * @param customer customer index.
     * @param path     nodes from {@link #walk}.
     * @param pathLength nodes passed.
     * @param nowMs    the query time.
     * @return the sell entry, or -1.
     */
    int sellEntry(final int customer, final int[] path, final int pathLength, final long nowMs)
    {
        for (int d = pathLength - 1; d > 0; d--)
        {
            final int entry = sell.find(path[d], customer, nowMs);
            if (entry >= 0)
            {
                return entry;
            }
        }
        return -1;
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
