package io.softswitch.cdr.rating;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rate of every deck, past, present and future (the deck history), to find the rate of a
 * trunk and direction in force at an instant for a number: longest prefix first, and among a
 * prefix's periods the one containing the instant; a prefix with no period there falls back to
 * a shorter prefix, as routing does. Immutable once built; read by the billing tailer alone.
 */
public final class RateBook
{
    private static final int MAX_PREFIX_LENGTH = 15;

    /** One deck: its prefixes' periods, and its longest prefix (where a look-up starts). */
    private record Deck(Map<String, Rate[]> prefixes, int longestPrefix)
    {
    }

    private final Map<DeckDirection, Map<String, Deck>> decks;

    private RateBook(final Map<DeckDirection, Map<String, Deck>> decks)
    {
        this.decks = decks;
    }

    /**
     * Builds a book from rates.
     *
     * @param rates per trunk and direction, every period.
     * @return the book.
     */
    public static RateBook of(final Map<DeckKey, List<Rate>> rates)
    {
        final Map<DeckDirection, Map<String, Deck>> decks = new EnumMap<>(DeckDirection.class);
        rates.forEach((key, list) ->
        {
            final Map<String, List<Rate>> byPrefix = new HashMap<>();
            int longest = 0;
            for (final Rate rate : list)
            {
                byPrefix.computeIfAbsent(rate.prefix(), p -> new ArrayList<>()).add(rate);
                longest = Math.max(longest, rate.prefix().length());
            }
            final Map<String, Rate[]> deck = new HashMap<>();
            byPrefix.forEach((prefix, periods) -> deck.put(prefix,
                periods.stream().sorted(Comparator.comparing(Rate::effectiveFrom)).toArray(Rate[]::new)));
            decks.computeIfAbsent(key.direction(), d -> new HashMap<>())
                .put(key.trunk(), new Deck(deck, Math.min(MAX_PREFIX_LENGTH, longest)));
        });
        return new RateBook(decks);
    }

    /**
     * A deck's identity.
     *
     * @param trunk     trunk name.
     * @param direction vendor (buy) or customer (sell).
     */
    public record DeckKey(String trunk, DeckDirection direction)
    {
    }

    /**
     * The rate in force.
     *
     * @param trunk     the trunk.
     * @param direction buy or sell.
     * @param number    the E.164 number called.
     * @param at        the call's start.
     * @return the rate, or {@code null} when the deck has none for the number at that instant.
     */
    public Rate find(final String trunk, final DeckDirection direction, final String number, final Instant at)
    {
        final Map<String, Deck> byTrunk = decks.get(direction);
        final Deck deck = byTrunk == null ? null : byTrunk.get(trunk);
        if (deck == null || number.isEmpty())
        {
            return null;
        }
        // Starts at the deck's longest prefix: a number's longer heads cannot match.
        for (int length = Math.min(deck.longestPrefix(), number.length()); length > 0; length--)
        {
            final Rate[] periods = deck.prefixes().get(number.substring(0, length));
            if (periods == null)
            {
                continue;
            }
            for (int i = periods.length - 1; i >= 0; i--)
            {
                if (periods[i].inForceAt(at))
                {
                    return periods[i];
                }
            }
        }
        return null;
    }
}
