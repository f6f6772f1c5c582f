package io.softswitch.ratedeck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the routing engine gets rates from: the provisioned decks, current and future-dated, and
 * for the route simulator the rates that were in force at a past instant.
 */
@FunctionalInterface
public interface RateSource
{
    /**
     * Loads every trunk's rates that apply now or later.
     *
     * @return one entry per trunk and direction that has a deck.
     */
    List<TrunkRates> loadRates();

    /**
     * Loads the rates that were (or will be) in force at an instant for the prefixes of one
     * number: what routing used, or will use, for that number then. A source with deck history
     * (PostgreSQL) answers for any past instant, also after later imports replaced those rates;
     * this default answers from {@link #loadRates()}, which a source without history keeps whole.
     *
     * @param at     the instant.
     * @param number the number, digits only.
     * @return one entry per trunk and direction with at least one such rate.
     */
    default List<TrunkRates> loadRatesAt(final Instant at, final String number)
    {
        final List<TrunkRates> decks = new ArrayList<>();
        for (final TrunkRates deck : loadRates())
        {
            final List<Rate> rates = new ArrayList<>();
            for (final Rate rate : deck.rates())
            {
                final boolean started = !rate.effectiveFrom().isAfter(at);
                final boolean notEnded = rate.effectiveUntil() == null || rate.effectiveUntil().isAfter(at);
                if (started && notEnded && number.startsWith(rate.prefix()))
                {
                    rates.add(rate);
                }
            }
            if (!rates.isEmpty())
            {
                decks.add(new TrunkRates(deck.trunk(), deck.direction(), rates));
            }
        }
        return decks;
    }
}
