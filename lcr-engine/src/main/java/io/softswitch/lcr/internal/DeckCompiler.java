package io.softswitch.lcr.internal;

import io.softswitch.lcr.TrunkIds;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles rate decks into what a {@code RouteSnapshot} queries: one decimal trie of every
 * prefix of every deck and, per direction, the rates grouped by trie node ({@link PrefixRates}).
 * Decks are indexed by sorted trunk name. Used once per snapshot build, on the building thread.
 */
public final class DeckCompiler
{
    private static final int RADIX = 10;
    private static final long OPEN_END = Long.MAX_VALUE;

    private final String[] vendorNames;
    private final String[] customerNames;
    private final List<String> unknown = new ArrayList<>();
    private final PrefixRates.Builder buy = new PrefixRates.Builder();
    private final PrefixRates.Builder sell = new PrefixRates.Builder();
    private final List<String> destinations = new ArrayList<>();
    private final Map<String, Integer> destinationIds = new HashMap<>();
    private int[] children = new int[RADIX * 1024];
    private int nodeCount = 1;
    private int maxDepth;

    /**
     * Compiles decks: those of trunks the ids do not know (in the deck's direction) are left out
     * and listed in {@link #unknownTrunkDecks()}.
     *
     * @param decks every deck, buy and sell.
     * @param ids   the trunk ids.
     * @throws IllegalArgumentException when two decks of one direction belong to one trunk.
     */
    public DeckCompiler(final List<TrunkRates> decks, final TrunkIds ids)
    {
        final List<TrunkRates> known = new ArrayList<>();
        for (final TrunkRates deck : decks)
        {
            final boolean vendor = deck.direction() == DeckDirection.VENDOR;
            if ((vendor ? ids.vendorId(deck.trunk()) : ids.customerId(deck.trunk())) >= 0)
            {
                known.add(deck);
            }
            else
            {
                unknown.add(deck.direction().name().toLowerCase(Locale.ROOT) + "/" + deck.trunk());
            }
        }
        final List<TrunkRates> vendorDecks = sorted(known, DeckDirection.VENDOR);
        final List<TrunkRates> customerDecks = sorted(known, DeckDirection.CUSTOMER);
        vendorNames = names(vendorDecks);
        customerNames = names(customerDecks);
        for (int v = 0; v < vendorDecks.size(); v++)
        {
            addDeck(vendorDecks.get(v), v, buy);
        }
        for (int c = 0; c < customerDecks.size(); c++)
        {
            addDeck(customerDecks.get(c), c, sell);
        }
    }

    /**
     * Vendor trunk names, sorted: a vendor's deck index is its position here.
     *
     * @return the names.
     */
    public String[] vendorNames()
    {
        return vendorNames;
    }

    /**
     * Customer trunk names, sorted: a customer's deck index is its position here.
     *
     * @return the names.
     */
    public String[] customerNames()
    {
        return customerNames;
    }

    /**
     * The decks left out, as {@code direction/trunk}.
     *
     * @return the list, unmodifiable.
     */
    public List<String> unknownTrunkDecks()
    {
        return List.copyOf(unknown);
    }

    /**
     * The trie: node {@code n}'s child for digit {@code d} is at {@code n * 10 + d}, 0 for none.
     *
     * @return the children, trimmed to {@link #nodeCount()} nodes.
     */
    public int[] children()
    {
        return Arrays.copyOf(children, nodeCount * RADIX);
    }

    /**
     * Nodes of the trie, the root included.
     *
     * @return the count.
     */
    public int nodeCount()
    {
        return nodeCount;
    }

    /**
     * Digits of the longest prefix.
     *
     * @return the depth.
     */
    public int maxDepth()
    {
        return maxDepth;
    }

    /**
     * The vendors' buy rates by trie node.
     *
     * @return the rates.
     */
    public PrefixRates buy()
    {
        return buy.build(nodeCount);
    }

    /**
     * The customers' sell rates by trie node.
     *
     * @return the rates.
     */
    public PrefixRates sell()
    {
        return sell.build(nodeCount);
    }

    /**
     * Destination names, indexed by the destination ids of the entries.
     *
     * @return the names.
     */
    public String[] destinations()
    {
        return destinations.toArray(new String[0]);
    }

    private void addDeck(final TrunkRates deck, final int deckIndex, final PrefixRates.Builder into)
    {
        for (final Rate rate : deck.rates())
        {
            final int node = insert(rate.prefix());
            final Instant until = rate.effectiveUntil();
            into.add(
                node,
                deckIndex,
                rate.ratePerMinuteMicros(),
                rate.connectFeeMicros(),
                rate.effectiveFrom().toEpochMilli(),
                until == null ? OPEN_END : until.toEpochMilli(),
                destinationId(rate.destination()));
        }
    }

    private int insert(final String prefix)
    {
        int node = 0;
        for (int i = 0; i < prefix.length(); i++)
        {
            final int slot = node * RADIX + (prefix.charAt(i) - '0');
            int child = children[slot];
            if (child == 0)
            {
                child = nodeCount++;
                if (nodeCount * RADIX > children.length)
                {
                    children = Arrays.copyOf(children, children.length * 2);
                }
                children[slot] = child;
            }
            node = child;
        }
        maxDepth = Math.max(maxDepth, prefix.length());
        return node;
    }

    private int destinationId(final String destination)
    {
        final String name = destination == null ? "" : destination;
        final Integer id = destinationIds.get(name);
        if (id != null)
        {
            return id;
        }
        destinations.add(name);
        destinationIds.put(name, destinations.size() - 1);
        return destinations.size() - 1;
    }

    private static List<TrunkRates> sorted(final List<TrunkRates> decks, final DeckDirection direction)
    {
        final List<TrunkRates> chosen = new ArrayList<>();
        for (final TrunkRates deck : decks)
        {
            if (deck.direction() == direction)
            {
                chosen.add(deck);
            }
        }
        chosen.sort(Comparator.comparing(TrunkRates::trunk));
        for (int i = 1; i < chosen.size(); i++)
        {
            if (chosen.get(i).trunk().equals(chosen.get(i - 1).trunk()))
            {
                throw new IllegalArgumentException(
                    "two decks for one trunk: trunk=" + chosen.get(i).trunk() + " direction=" + direction);
            }
        }
        return chosen;
    }

    private static String[] names(final List<TrunkRates> decks)
    {
        final String[] names = new String[decks.size()];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = decks.get(i).trunk();
        }
        return names;
    }
}
