package io.softswitch.lcr;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.softswitch.lcr.Decks.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks least-cost routing against a plain reference (a linear scan of every rate) over many
 * random overlapping decks with random periods: same outcome, same vendors, same order; and the
 * route simulator against the query.
 */
class RouteSelectorReferenceTest
{
    private static final String CUSTOMER = "cust";
    private static final int CASES = 400;
    private static final int QUERIES_PER_CASE = 25;

    @Test
    void shouldAgreeWithALinearScanOfEveryRate()
    {
        final SplittableRandom random = new SplittableRandom(20_260_101);
        final int[] outcomes = new int[RouteResult.Outcome.values().length];
        int multiVendor = 0;
        for (int c = 0; c < CASES; c++)
        {
            final List<TrunkRates> decks = randomDecks(random);
            final int maxAttempts = 1 + random.nextInt(5);
            final RoutingSettings settings = new RoutingSettings(CustomerRouting.DEFAULT,
                Map.of(CUSTOMER, new CustomerRouting(OrderingMode.LEAST_COST, 0, 0, maxAttempts, Map.of())),
                QualitySettings.DEFAULT);
            final RouteSelector selector = Selectors.newSelector(RouteSnapshot.build(decks, settings), new RouteResultPool());
            for (int q = 0; q < QUERIES_PER_CASE; q++)
            {
                final String number = digits(random, 1 + random.nextInt(6));
                final Instant at = T0.plusSeconds(random.nextInt(4) * 1_000L);
                final char[] chars = number.toCharArray();

                final RouteResult actual = selector.route(selector.snapshot().ids().customerId(CUSTOMER), chars, chars.length, at.toEpochMilli());

                final RouteResult expected = reference(decks, number, at, maxAttempts);
                assertThat(actual).as("decks=%s number=%s at=%s", decks, number, at).isEqualTo(expected);
                // The simulator takes the other code path (every vendor, then ranking): same answer.
                final RouteSimulation simulation = selector.simulate(CUSTOMER, number, at, at.toEpochMilli());
                assertThat(simulation.outcome()).isEqualTo(actual.outcome());
                assertThat(simulation.vendorNames()).isEqualTo(actual.vendors());
                outcomes[actual.outcome().ordinal()]++;
                multiVendor += actual.vendorCount() > 1 ? 1 : 0;
                actual.release();
            }
        }
        // The random decks must exercise every outcome and real orderings, or the check proves little.
        assertThat(outcomes[RouteResult.Outcome.ROUTED.ordinal()]).isGreaterThan(CASES * QUERIES_PER_CASE / 10);
        assertThat(outcomes[RouteResult.Outcome.NO_ROUTE.ordinal()]).isPositive();
        assertThat(outcomes[RouteResult.Outcome.NO_SELL_RATE.ordinal()]).isPositive();
        assertThat(multiVendor).isGreaterThan(CASES * QUERIES_PER_CASE / 40);
    }

    private static RouteResult reference(final List<TrunkRates> decks, final String number, final Instant at,
        final int maxAttempts)
    {
        Rate sell = null;
        for (final TrunkRates deck : decks)
        {
            if (deck.direction() == DeckDirection.CUSTOMER)
            {
                sell = longest(deck, number, at);
            }
        }
        if (sell == null)
        {
            return RouteResult.NO_SELL_RATE;
        }
        record Offer(String vendor, long rate)
        {
        }
        final List<Offer> offers = new ArrayList<>();
        for (final TrunkRates deck : decks)
        {
            final Rate buy = deck.direction() == DeckDirection.VENDOR ? longest(deck, number, at) : null;
            if (buy != null && buy.ratePerMinuteMicros() <= sell.ratePerMinuteMicros())
            {
                offers.add(new Offer(deck.trunk(), buy.ratePerMinuteMicros()));
            }
        }
        if (offers.isEmpty())
        {
            return RouteResult.NO_ROUTE;
        }
        offers.sort(Comparator.comparingLong(Offer::rate).thenComparing(Offer::vendor));
        return RouteResult.routed(offers.stream().limit(maxAttempts).map(Offer::vendor).toList());
    }

    private static Rate longest(final TrunkRates deck, final String number, final Instant at)
    {
        Rate best = null;
        for (final Rate rate : deck.rates())
        {
            if (number.startsWith(rate.prefix()) && rate.inForceAt(at)
                && (best == null || rate.prefix().length() > best.prefix().length()))
            {
                best = rate;
            }
        }
        return best;
    }

    private static List<TrunkRates> randomDecks(final SplittableRandom random)
    {
        final List<TrunkRates> decks = new ArrayList<>();
        final int vendors = 1 + random.nextInt(6);
        for (int v = 0; v < vendors; v++)
        {
            decks.add(new TrunkRates("v" + v, DeckDirection.VENDOR, randomRates(random, 8, 4, 1)));
        }
        // Customers sell broad prefixes, mostly above the vendors' prices.
        decks.add(new TrunkRates(CUSTOMER, DeckDirection.CUSTOMER, randomRates(random, 4, 2, 5)));
        return decks;
    }

    /**
     * Rates on prefixes of the digits 1 to 3 so that they overlap often; a prefix may have two
     * rates with disjoint periods (one ending where the other starts), as a future-dated change.
     */
    private static List<Rate> randomRates(final SplittableRandom random, final int maxRates, final int maxPrefixLength,
        final long minPrice)
    {
        final List<Rate> rates = new ArrayList<>();
        final List<String> prefixes = new ArrayList<>();
        final int count = random.nextInt(maxRates + 1);
        for (int i = 0; i < count; i++)
        {
            final String prefix = digits(random, 1 + random.nextInt(maxPrefixLength));
            if (prefixes.contains(prefix))
            {
                continue;
            }
            prefixes.add(prefix);
            // Small price range so that equal costs happen often.
            final long price = minPrice + random.nextInt(10);
            final int shape = random.nextInt(3);
            if (shape == 0)
            {
                rates.add(new Rate(prefix, "d", price, 0, 1, 1, 0, T0, null));
            }
            else
            {
                final Instant change = T0.plusSeconds((1 + random.nextInt(3)) * 1_000L);
                rates.add(new Rate(prefix, "d", price, 0, 1, 1, 0, T0, change));
                if (shape == 2)
                {
                    rates.add(new Rate(prefix, "d", minPrice + random.nextInt(10), 0, 1, 1, 0, change, null));
                }
            }
        }
        return rates;
    }

    private static String digits(final SplittableRandom random, final int length)
    {
        final StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            digits.append((char) ('1' + random.nextInt(3)));
        }
        return digits.toString();
    }
}
