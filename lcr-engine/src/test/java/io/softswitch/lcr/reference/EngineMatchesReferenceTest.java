package io.softswitch.lcr.reference;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualityAction;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.RouteResult;
import io.softswitch.lcr.RouteSimulation;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.SingleThreadRouter;
import io.softswitch.lcr.TrunkIds;
import io.softswitch.lcr.VendorPreference;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test: the engine (through the public API only) against {@link ReferenceRouter}, a
 * model written from the documentation, over random overlapping decks with past, current and
 * future periods, random margins (unset, positive, zero, negative, one micro-unit), every
 * ordering mode with random priorities and weights (0 included), quality samples with demote
 * and exclude, blocks of every kind, vendors down or full, and rates up to a quarter of
 * {@code Long.MAX_VALUE}. Every query compares the call's answer and the route simulator's whole
 * answer (hunt list, and every other vendor with its reason, in the documented order), with the
 * weighted round robin advancing call by call.
 *
 * <p>Seeded: {@code -Dlcr.reference.seed=N} replays a run; a failure names its seed and case.
 */
class EngineMatchesReferenceTest
{
    private static final long SEED = Long.getLong("lcr.reference.seed", 7_2026_1130L);
    private static final int CASES = Integer.getInteger("lcr.reference.cases", 300);
    private static final int QUERIES_PER_CASE = 30;
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final String[] VENDOR_NAMES = {"alpha", "Bravo", "charlie", "Delta", "echo", "Foxtrot", "golf"};
    private static final String[] CUSTOMERS = {"cust-a", "Cust-b"};
    private static final String[] PREFIXES = prefixes();
    private static final long[] MARGINS = {CustomerRouting.NOT_SET, -3_000, -1, 0, 1, 500};
    private static final int[] SHARES = {CustomerRouting.NOT_SET_BASIS_POINTS, -1_000, -1, 0, 1, 2_500};

    @Test
    void shouldAnswerEveryCallAndSimulationAsTheDocumentedRulesDo()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final Map<RouteResult.Outcome, Integer> outcomes = new EnumMap<>(RouteResult.Outcome.class);
        final Map<OrderingMode, Integer> routedByMode = new EnumMap<>(OrderingMode.class);
        int ranked = 0;
        for (int c = 0; c < CASES; c++)
        {
            final List<String> vendors = vendors(random);
            final List<TrunkRates> decks = decks(random, vendors);
            final RoutingSettings settings = settings(random, vendors);
            final TrunkIds ids = TrunkIds.of(vendors, List.of(CUSTOMERS));
            final SingleThreadRouter engine = new SingleThreadRouter(RouteSnapshot.build(decks, settings, ids),
                T0::toEpochMilli);
            final ReferenceRouter reference = new ReferenceRouter(decks, settings, vendors);
            provision(random, vendors, engine, reference);
            for (int q = 0; q < QUERIES_PER_CASE; q++)
            {
                final String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
                final String number = number(random);
                final Instant at = T0.plusSeconds(500L * random.nextInt(8));
                final int caseNo = c;
                final int queryNo = q;
                final Supplier<String> where = () -> "seed=" + SEED + " case=" + caseNo + " query=" + queryNo +
                    " customer=" + customer + " number=" + number + " at=" + at + " routing=" +
                    settings.customer(customer) + " decks=" + decks;

                final RouteSimulation simulation = engine.simulate(customer, number, at);
                final RouteResult call = engine.route(ids.customerId(customer), number, at.toEpochMilli());
                final ReferenceRouter.Answer expected = reference.route(customer, number, at, true);

                assertThat(call.outcome()).as(where).isEqualTo(expected.outcome());
                assertThat(call.vendors()).as(where).isEqualTo(expected.routes());
                assertThat(simulation.outcome()).as(where).isEqualTo(expected.outcome());
                assertThat(simulation.vendorNames()).as(where).isEqualTo(expected.routes());
                assertThat(simulation.excluded().stream()
                    .map(line -> new ReferenceRouter.Line(line.vendor(), line.exclusion())).toList())
                    .as(where).isEqualTo(expected.excluded());
                outcomes.merge(call.outcome(), 1, Integer::sum);
                if (call.outcome() == RouteResult.Outcome.ROUTED)
                {
                    routedByMode.merge(settings.customer(customer).mode(), 1, Integer::sum);
                    ranked += call.vendorCount() > 1 ? 1 : 0;
                }
                call.release();
            }
        }
        // The generator must reach every outcome and mode, or the comparison proves little.
        assertThat(outcomes.keySet()).contains(RouteResult.Outcome.ROUTED, RouteResult.Outcome.NO_ROUTE,
            RouteResult.Outcome.NO_SELL_RATE);
        assertThat(routedByMode.keySet()).containsExactlyInAnyOrder(OrderingMode.values());
        assertThat(routedByMode.values()).allMatch(count -> count > 100);
        assertThat(ranked).isGreaterThan(CASES);
    }

    private static void provision(final SplittableRandom random, final List<String> vendors,
        final SingleThreadRouter engine, final ReferenceRouter reference)
    {
        for (final String vendor : vendors)
        {
            final int roll = random.nextInt(20);
            switch (roll)
            {
                case 0 ->
                {
                    engine.setVendorBlocked(vendor, true);
                    reference.blockVendor(vendor);
                }
                case 1 ->
                {
                    final String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
                    engine.setVendorPrefixBlocked(vendor, prefix, true);
                    reference.blockVendorPrefix(vendor, prefix);
                }
                case 2 ->
                {
                    engine.setVendorDown(vendor, true);
                    reference.setDown(vendor);
                }
                case 3 ->
                {
                    engine.setVendorAtCapacity(vendor, true);
                    reference.setFull(vendor);
                }
                default ->
                {
                    // most vendors are free of blocks and up
                }
            }
        }
        if (random.nextInt(4) == 0)
        {
            final String prefix = PREFIXES[random.nextInt(PREFIXES.length)] + random.nextInt(4);
            engine.setPrefixBlocked(prefix, true);
            reference.blockPrefix(prefix);
        }
        final int samples = random.nextInt(60);
        for (int i = 0; i < samples; i++)
        {
            final String vendor = vendors.get(random.nextInt(vendors.size()));
            final String number = number(random);
            final boolean answered = random.nextInt(3) == 0;
            engine.onAttempt(vendor, number, answered ? 200 : 503, -1);
            reference.attempt(vendor, number, answered, T0);
        }
    }

    private static RoutingSettings settings(final SplittableRandom random, final List<String> vendors)
    {
        final Map<String, CustomerRouting> customers = new HashMap<>();
        for (final String customer : CUSTOMERS)
        {
            final Map<String, VendorPreference> preferences = new HashMap<>();
            for (final String vendor : vendors)
            {
                if (random.nextInt(3) > 0)
                {
                    preferences.put(vendor, new VendorPreference(1 + random.nextInt(3), new int[] {0, 1, 3, 7}[random.nextInt(4)]));
                }
            }
            final OrderingMode mode = OrderingMode.values()[random.nextInt(OrderingMode.values().length)];
            customers.put(customer, new CustomerRouting(mode, MARGINS[random.nextInt(MARGINS.length)],
                SHARES[random.nextInt(SHARES.length)], 1 + random.nextInt(5), preferences));
        }
        // Large windows (a day per bucket): samples taken at T0 count at every query instant.
        final QualitySettings quality = new QualitySettings(1 + random.nextInt(3), 86_400_000L, 15,
            1 + random.nextInt(4), 100 * random.nextInt(6), 0, 0, Long.MAX_VALUE,
            random.nextBoolean() ? QualityAction.DEMOTE : QualityAction.EXCLUDE, 1 + random.nextInt(1000));
        return new RoutingSettings(CustomerRouting.DEFAULT, customers, quality);
    }

    private static List<String> vendors(final SplittableRandom random)
    {
        final List<String> vendors = new ArrayList<>(List.of(VENDOR_NAMES));
        // Configuration order is not name order: ids must not decide ties.
        for (int i = vendors.size() - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            vendors.set(i, vendors.set(j, vendors.get(i)));
        }
        return List.copyOf(vendors.subList(0, 3 + random.nextInt(vendors.size() - 2)));
    }

    private static List<TrunkRates> decks(final SplittableRandom random, final List<String> vendors)
    {
        final List<TrunkRates> decks = new ArrayList<>();
        for (final String vendor : vendors)
        {
            // Some configured vendors have no deck at all.
            if (random.nextInt(6) > 0)
            {
                decks.add(new TrunkRates(vendor, DeckDirection.VENDOR, rates(random, 1 + random.nextInt(6), 4_000)));
            }
        }
        for (final String customer : CUSTOMERS)
        {
            if (random.nextInt(8) > 0)
            {
                // Sell decks cover more than buy decks, so that most calls have a price to protect.
                decks.add(new TrunkRates(customer, DeckDirection.CUSTOMER, rates(random, 3 + random.nextInt(8), 8_000)));
            }
        }
        return decks;
    }

    /** A deck: distinct prefixes, each one rate or two consecutive ones (as the importer keeps them). */
    private static List<Rate> rates(final SplittableRandom random, final int prefixCount, final long typical)
    {
        final List<Rate> rates = new ArrayList<>();
        final List<String> used = new ArrayList<>();
        for (int i = 0; i < prefixCount; i++)
        {
            final String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
            if (used.contains(prefix))
            {
                continue;
            }
            used.add(prefix);
            final Instant from = T0.plusSeconds(1_000L * (random.nextInt(4) - 1));
            if (random.nextInt(3) == 0)
            {
                final Instant change = from.plusSeconds(1_000L * (1 + random.nextInt(2)));
                rates.add(rate(prefix, amount(random, typical), from, change));
                rates.add(rate(prefix, amount(random, typical), change, random.nextBoolean() ? null
                    : change.plusSeconds(1_000)));
            }
            else
            {
                rates.add(rate(prefix, amount(random, typical), from, random.nextInt(3) == 0
                    ? from.plusSeconds(1_000L * (1 + random.nextInt(3))) : null));
            }
        }
        return rates;
    }

    private static long amount(final SplittableRandom random, final long typical)
    {
        return switch (random.nextInt(12))
        {
            case 0 -> Long.MAX_VALUE / 4 - random.nextInt(1_000);
            case 1 -> random.nextInt(3);
            default -> random.nextLong(typical);
        };
    }

    private static Rate rate(final String prefix, final long micros, final Instant from, final Instant until)
    {
        return new Rate(prefix, "d" + prefix, micros, 0, 60, 60, 0, from, until);
    }

    private static String number(final SplittableRandom random)
    {
        final StringBuilder number = new StringBuilder();
        final int length = 1 + random.nextInt(6);
        for (int i = 0; i < length; i++)
        {
            // Mostly the deck digits 1 and 2; now and then a 3 that no prefix covers.
            number.append(random.nextInt(10) == 0 ? '3' : (char) ('1' + random.nextInt(2)));
        }
        return number.toString();
    }

    /** Every string of 1 to 3 digits from {1, 2}: 14 prefixes that overlap a lot. */
    private static String[] prefixes()
    {
        final List<String> prefixes = new ArrayList<>();
        for (int length = 1; length <= 3; length++)
        {
            for (int bits = 0; bits < (1 << length); bits++)
            {
                final StringBuilder prefix = new StringBuilder();
                for (int i = length - 1; i >= 0; i--)
                {
                    prefix.append((bits >> i & 1) == 0 ? '1' : '2');
                }
                prefixes.add(prefix.toString());
            }
        }
        return prefixes.toArray(new String[0]);
    }
}
