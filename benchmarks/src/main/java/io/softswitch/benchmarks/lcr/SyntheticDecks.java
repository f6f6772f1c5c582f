package io.softswitch.benchmarks.lcr;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic rate decks for the LCR benchmarks: distinct E.164-like prefixes of 3
 * to 7 digits (first digit 1 to 9), every vendor pricing every prefix at a random rate, and one
 * customer selling every prefix.
 */
final class SyntheticDecks
{
    /** The customer trunk that sells every prefix. */
    static final String CUSTOMER = "customer";

    /** Every rate is in force from this instant, open-ended. */
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    /** A query time at which every rate is in force. */
    static final long NOW_MS = FROM.toEpochMilli() + 1;

    /** Sell rate per minute: vendors above it (about a fifth) fail the margin check. */
    static final long SELL_MICROS = 40_000;

    private final String[] prefixes;

    private SyntheticDecks(final String[] prefixes)
    {
        this.prefixes = prefixes;
    }

    /**
     * Generates distinct prefixes.
     *
     * @param count how many.
     * @param seed  random seed.
     * @return the generator.
     */
    static SyntheticDecks withPrefixes(final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Set<String> prefixes = new LinkedHashSet<>();
        final StringBuilder prefix = new StringBuilder(8);
        while (prefixes.size() < count)
        {
            prefix.setLength(0);
            prefix.append((char) ('1' + random.nextInt(9)));
            final int length = 3 + random.nextInt(5);
            while (prefix.length() < length)
            {
                prefix.append((char) ('0' + random.nextInt(10)));
            }
            prefixes.add(prefix.toString());
        }
        return new SyntheticDecks(prefixes.toArray(new String[0]));
    }

    /**
     * Vendor decks pricing every prefix, and optionally the customer's sell deck.
     *
     * @param vendors      number of vendor decks.
     * @param withCustomer whether to add the customer's deck.
     * @param seed         random seed for the rates.
     * @return the decks.
     */
    List<TrunkRates> decks(final int vendors, final boolean withCustomer, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<TrunkRates> decks = new ArrayList<>(vendors + 1);
        for (int v = 0; v < vendors; v++)
        {
            final List<Rate> rates = new ArrayList<>(prefixes.length);
            for (final String prefix : prefixes)
            {
                rates.add(new Rate(prefix, "destination", 1_000 + random.nextLong(49_000), 0, 60, 60, 0, FROM, null));
            }
            decks.add(new TrunkRates("vendor-" + v, DeckDirection.VENDOR, rates));
        }
        if (withCustomer)
        {
            final List<Rate> rates = new ArrayList<>(prefixes.length);
            for (final String prefix : prefixes)
            {
                rates.add(new Rate(prefix, "destination", SELL_MICROS, 0, 60, 60, 0, FROM, null));
            }
            decks.add(new TrunkRates(CUSTOMER, DeckDirection.CUSTOMER, rates));
        }
        return decks;
    }

    /**
     * Dialled numbers: a random prefix of the decks followed by random digits, 12 digits in all.
     *
     * @param count how many (a power of two, so a mask can cycle through them).
     * @param seed  random seed.
     * @return the numbers.
     */
    String[] numbers(final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final String[] numbers = new String[count];
        final StringBuilder number = new StringBuilder(12);
        for (int i = 0; i < count; i++)
        {
            number.setLength(0);
            number.append(prefixes[random.nextInt(prefixes.length)]);
            while (number.length() < 12)
            {
                number.append((char) ('0' + random.nextInt(10)));
            }
            numbers[i] = number.toString();
        }
        return numbers;
    }
}
