package io.softswitch.cdr.rating;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

    private final Map<String, Map<String, Rate[]>> decks;

    private RateBook(final Map<String, Map<String, Rate[]>> decks)
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
        final Map<String, Map<String, Rate[]>> decks = new HashMap<>();
        rates.forEach((key, list) ->
        {
            final Map<String, List<Rate>> byPrefix = new HashMap<>();
            for (final Rate rate : list)
            {
                byPrefix.computeIfAbsent(rate.prefix(), p -> new ArrayList<>()).add(rate);
            }
            final Map<String, Rate[]> deck = new HashMap<>();
            byPrefix.forEach((prefix, periods) -> deck.put(prefix,
                periods.stream().sorted(Comparator.comparing(Rate::effectiveFrom)).toArray(Rate[]::new)));
            decks.put(key.name(), deck);
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
        String name()
        {
            return direction + "/" + trunk;
        }
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
        final Map<String, Rate[]> deck = decks.get(direction + "/" + trunk);
        if (deck == null || number.isEmpty())
        {
            return null;
        }
        for (int length = Math.min(MAX_PREFIX_LENGTH, number.length()); length > 0; length--)
        {
            final Rate[] periods = deck.get(number.substring(0, length));
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
