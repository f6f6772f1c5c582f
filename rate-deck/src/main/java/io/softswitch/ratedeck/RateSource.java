package io.softswitch.ratedeck;

import java.util.List;

/**
 * Where the routing engine gets rates from: the provisioned decks, current and future-dated.
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
}
