package io.softswitch.ratedeck;

import java.util.List;

/**
 * Every rate of one trunk's deck in one direction that applies now or later: what the routing
 * engine compiles its snapshot from.
 *
 * @param trunk     trunk name.
 * @param direction buy (vendor) or sell (customer).
 * @param rates     the rates; a prefix may appear more than once with disjoint periods.
 */
public record TrunkRates(String trunk, DeckDirection direction, List<Rate> rates)
{
    /**
     * Copies the rates.
     */
    public TrunkRates
    {
        rates = List.copyOf(rates);
    }
}
