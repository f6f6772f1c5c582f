package io.softswitch.signaling;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualityAction;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * In-memory rate decks for switch tests that need routes but not PostgreSQL: every customer sells
 * every number, and the vendors buy one prefix at prices rising in the order given, so least cost
 * tries them in that order.
 */
public final class TestRoutes
{
    /** When every test rate takes effect. */
    public static final Instant SINCE = Instant.parse("2020-01-01T00:00:00Z");

    private static final long SELL_MICROS = 1_000_000;
    private static final long FIRST_BUY_MICROS = 10_000;

    private TestRoutes()
    {
    }

    /**
     * Starts an engine over {@link #snapshot(List, String, List)}; the caller closes it after the switch.
     *
     * @param customers    customer trunk names.
     * @param vendorPrefix the prefix every vendor's deck covers; empty for every number.
     * @param vendors      vendor trunk names, cheapest first.
     * @return the running engine.
     */
    public static LcrEngine engine(final List<String> customers, final String vendorPrefix, final List<String> vendors)
    {
        return LcrEngine.start(snapshot(customers, vendorPrefix, vendors), System::currentTimeMillis);
    }

    /**
     * A snapshot: least cost, up to 32 attempts, no quality thresholds (so no test depends on
     * earlier calls' outcomes).
     *
     * @param customers    customer trunk names, each selling prefixes 1 to 9.
     * @param vendorPrefix the prefix every vendor's deck covers; empty for every number.
     * @param vendors      vendor trunk names, cheapest first.
     * @return the snapshot.
     */
    public static RouteSnapshot snapshot(final List<String> customers, final String vendorPrefix,
        final List<String> vendors)
    {
        final List<TrunkRates> decks = new ArrayList<>();
        for (final String customer : customers)
        {
            decks.add(new TrunkRates(customer, DeckDirection.CUSTOMER, rates("", SELL_MICROS)));
        }
        for (int i = 0; i < vendors.size(); i++)
        {
            decks.add(new TrunkRates(vendors.get(i), DeckDirection.VENDOR, rates(vendorPrefix, FIRST_BUY_MICROS * (i + 1))));
        }
        final QualitySettings quality =
            new QualitySettings(4, 60_000, 15, 20, 0, 0, 0, Long.MAX_VALUE, QualityAction.DEMOTE, 500);
        final CustomerRouting routing =
            new CustomerRouting(OrderingMode.LEAST_COST, 0, 0, CustomerRouting.MAX_ATTEMPTS_LIMIT, Map.of());
        return RouteSnapshot.build(decks, new RoutingSettings(routing, Map.of(), quality));
    }

    private static List<Rate> rates(final String prefix, final long perMinuteMicros)
    {
        final List<Rate> rates = new ArrayList<>();
        if (prefix.isEmpty())
        {
            for (char digit = '1'; digit <= '9'; digit++)
            {
                rates.add(rate(String.valueOf(digit), perMinuteMicros));
            }
        }
        else
        {
            rates.add(rate(prefix, perMinuteMicros));
        }
        return rates;
    }

    private static Rate rate(final String prefix, final long perMinuteMicros)
    {
        return new Rate(prefix, "dest-" + prefix, perMinuteMicros, 0, 60, 60, 0, SINCE, null);
    }
}
