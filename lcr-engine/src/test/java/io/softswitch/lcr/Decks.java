package io.softswitch.lcr;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds rate decks for tests: rates open-ended from {@link #T0} unless a period is given.
 */
final class Decks
{
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final long T0_MS = T0.toEpochMilli();

    private final List<TrunkRates> decks = new ArrayList<>();

    static Rate rate(final String prefix, final long perMinuteMicros)
    {
        return new Rate(prefix, "dest-" + prefix, perMinuteMicros, 0, 60, 60, 0, T0, null);
    }

    static Rate rate(final String prefix, final long perMinuteMicros, final Instant from, final Instant until)
    {
        return new Rate(prefix, "dest-" + prefix, perMinuteMicros, 0, 60, 60, 0, from, until);
    }

    Decks vendor(final String trunk, final Rate... rates)
    {
        decks.add(new TrunkRates(trunk, DeckDirection.VENDOR, Arrays.asList(rates)));
        return this;
    }

    Decks customer(final String trunk, final Rate... rates)
    {
        decks.add(new TrunkRates(trunk, DeckDirection.CUSTOMER, Arrays.asList(rates)));
        return this;
    }

    List<TrunkRates> list()
    {
        return List.copyOf(decks);
    }

    RouteSnapshot snapshot(final RoutingSettings settings)
    {
        return RouteSnapshot.build(decks, settings);
    }

    RouteSnapshot snapshot(final RoutingSettings settings, final TrunkIds ids)
    {
        return RouteSnapshot.build(decks, settings, ids);
    }

    RouteSnapshot snapshot()
    {
        return snapshot(RoutingSettings.DEFAULT);
    }
}
