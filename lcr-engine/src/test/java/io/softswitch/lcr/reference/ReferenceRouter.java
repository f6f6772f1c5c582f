package io.softswitch.lcr.reference;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.ExclusionReason;
import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualityAction;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.RouteResult;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.VendorPreference;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent model of the routing rules, written from docs/lcr-engine.md ("The rules,
 * exactly") and docs/configuration.md alone: plain lists, linear scans, {@link BigInteger}
 * arithmetic, no shared code with the engine beyond its configuration records. What it answers
 * is what the documentation promises.
 */
final class ReferenceRouter
{
    /** One vendor's line of an answer. */
    record Line(String vendor, ExclusionReason reason)
    {
    }

    /** An answer: outcome, hunt list, and every other vendor in the documented order. */
    record Answer(RouteResult.Outcome outcome, List<String> routes, List<Line> excluded)
    {
    }

    private record Candidate(String vendor, Rate rate, boolean demoted, long priority, int weight, long asr)
    {
    }

    private final List<TrunkRates> decks;
    private final RoutingSettings settings;
    private final List<String> vendors;
    private final Set<String> blockedVendors = new HashSet<>();
    private final Set<String> blockedPrefixes = new HashSet<>();
    private final Map<String, Set<String>> vendorPrefixBlocks = new HashMap<>();
    private final Set<String> down = new HashSet<>();
    private final Set<String> full = new HashSet<>();
    private final Map<String, long[]> windows = new HashMap<>();
    private final Map<String, Long> roundRobin = new HashMap<>();

    ReferenceRouter(final List<TrunkRates> decks, final RoutingSettings settings, final List<String> vendors)
    {
        this.decks = decks;
        this.settings = settings;
        this.vendors = vendors;
    }

    void blockVendor(final String vendor)
    {
        blockedVendors.add(vendor);
    }

    void blockPrefix(final String prefix)
    {
        blockedPrefixes.add(prefix);
    }

    void blockVendorPrefix(final String vendor, final String prefix)
    {
        vendorPrefixBlocks.computeIfAbsent(vendor, v -> new HashSet<>()).add(prefix);
    }

    void setDown(final String vendor)
    {
        down.add(vendor);
    }

    void setFull(final String vendor)
    {
        full.add(vendor);
    }

    /** A quality sample: grouped by the vendor's matched prefix at the sample time (the whole number without one). */
    void attempt(final String vendor, final String number, final boolean answered, final Instant at)
    {
        final Rate rate = longest(deck(vendor, DeckDirection.VENDOR), number, at);
        final long[] window = windows.computeIfAbsent(vendor + "/" + group(number, rate == null
            ? number.length() : rate.prefix().length()), key -> new long[2]);
        window[0]++;
        window[1] += answered ? 1 : 0;
    }

    /**
     * Answers a call (and advances the weighted round robin when {@code commit}).
     */
    Answer route(final String customer, final String number, final Instant at, final boolean commit)
    {
        final CustomerRouting routing = settings.customer(customer);
        final QualitySettings quality = settings.quality();
        final Rate sell = longest(deck(customer, DeckDirection.CUSTOMER), number, at);
        final boolean prefixBlocked = blockedPrefixes.stream().anyMatch(number::startsWith);
        final List<Candidate> eligible = new ArrayList<>();
        final List<Line> failed = new ArrayList<>();
        final List<String> withoutRate = new ArrayList<>();
        for (final String vendor : vendors)
        {
            final Rate rate = longest(deck(vendor, DeckDirection.VENDOR), number, at);
            if (rate == null)
            {
                withoutRate.add(vendor);
                continue;
            }
            final long[] window = windows.get(vendor + "/" + group(number, rate.prefix().length()));
            final boolean judged = window != null && window[0] >= quality.minSamples();
            final long asrPermille = judged ? window[1] * 1000 / window[0] : -1;
            final boolean poor = judged && asrPermille < quality.minAsrPermille();
            final ExclusionReason reason = prefixBlocked ? ExclusionReason.PREFIX_BLOCKED
                : blockedVendors.contains(vendor) ? ExclusionReason.VENDOR_BLOCKED
                : vendorPrefixBlocks.getOrDefault(vendor, Set.of()).stream().anyMatch(number::startsWith)
                    ? ExclusionReason.VENDOR_PREFIX_BLOCKED
                : down.contains(vendor) ? ExclusionReason.DOWN
                : full.contains(vendor) ? ExclusionReason.AT_CAPACITY
                : sell == null ? ExclusionReason.NO_SELL_RATE
                : !marginKept(routing, sell.ratePerMinuteMicros(), rate.ratePerMinuteMicros()) ? ExclusionReason.BELOW_MARGIN
                : poor && quality.action() == QualityAction.EXCLUDE ? ExclusionReason.POOR_QUALITY
                : null;
            if (reason != null)
            {
                failed.add(new Line(vendor, reason));
                continue;
            }
            final VendorPreference preference = routing.preference(vendor);
            eligible.add(new Candidate(vendor, rate, poor, preference.priority(), preference.weight(),
                judged ? Math.max(asrPermille, 1) : quality.unknownAsrPermille()));
        }
        final List<String> ranked = rank(customer, routing, eligible, commit);
        final List<String> routes = ranked.subList(0, Math.min(ranked.size(), routing.maxAttempts()));
        final List<Line> excluded = new ArrayList<>();
        for (final String vendor : ranked.subList(routes.size(), ranked.size()))
        {
            excluded.add(new Line(vendor, ExclusionReason.OVER_MAX_ATTEMPTS));
        }
        failed.sort(Comparator.comparing(Line::reason).thenComparing(Line::vendor));
        excluded.addAll(failed);
        withoutRate.sort(null);
        withoutRate.forEach(vendor -> excluded.add(new Line(vendor, ExclusionReason.NO_RATE)));
        final RouteResult.Outcome outcome = sell == null ? RouteResult.Outcome.NO_SELL_RATE
            : routes.isEmpty() ? RouteResult.Outcome.NO_ROUTE : RouteResult.Outcome.ROUTED;
        return new Answer(outcome, outcome == RouteResult.Outcome.ROUTED ? List.copyOf(routes) : List.of(), excluded);
    }

    private List<String> rank(final String customer, final CustomerRouting routing, final List<Candidate> eligible,
        final boolean commit)
    {
        final Comparator<Candidate> byName = Comparator.comparing(Candidate::vendor);
        final Comparator<Candidate> byRate = Comparator.comparingLong(candidate -> candidate.rate().ratePerMinuteMicros());
        final Comparator<Candidate> key = switch (routing.mode())
        {
            case LEAST_COST -> byRate.thenComparing(byName);
            case QUALITY_ADJUSTED_COST -> ((Comparator<Candidate>) (a, b) ->
                BigInteger.valueOf(a.rate().ratePerMinuteMicros()).multiply(BigInteger.valueOf(b.asr()))
                    .compareTo(BigInteger.valueOf(b.rate().ratePerMinuteMicros()).multiply(BigInteger.valueOf(a.asr()))))
                .thenComparing(byRate).thenComparing(byName);
            case PRIORITY, WEIGHTED -> Comparator.comparingLong(Candidate::priority).thenComparing(byRate)
                .thenComparing(byName);
        };
        final List<Candidate> sorted = new ArrayList<>(eligible);
        sorted.sort(Comparator.comparing(Candidate::demoted).thenComparing(key));
        final List<String> names = new ArrayList<>();
        if (routing.mode() == OrderingMode.WEIGHTED && !sorted.isEmpty())
        {
            final Candidate winner = weightedFirst(customer, sorted, commit);
            if (winner != null)
            {
                sorted.remove(winner);
                names.add(winner.vendor());
            }
        }
        sorted.forEach(candidate -> names.add(candidate.vendor()));
        return names;
    }

    /** Smooth weighted round robin over the best-priority group (docs: "Weighted first place"). */
    private Candidate weightedFirst(final String customer, final List<Candidate> sorted, final boolean commit)
    {
        final boolean anyGood = sorted.stream().anyMatch(candidate -> !candidate.demoted());
        final long best = sorted.stream().filter(candidate -> candidate.demoted() != anyGood)
            .mapToLong(Candidate::priority).min().orElseThrow();
        final List<Candidate> group = new ArrayList<>(sorted.stream()
            .filter(candidate -> candidate.demoted() != anyGood && candidate.priority() == best && candidate.weight() > 0)
            .toList());
        // Equal counters: the vendor found first, longest matched prefix first, then name.
        group.sort(Comparator.comparing((Candidate candidate) -> -candidate.rate().prefix().length())
            .thenComparing(Candidate::vendor));
        Candidate winner = null;
        long winnerValue = 0;
        long total = 0;
        for (final Candidate candidate : group)
        {
            total += candidate.weight();
            final long value = roundRobin.getOrDefault(customer + "/" + candidate.vendor(), 0L) + candidate.weight();
            if (winner == null || value > winnerValue)
            {
                winner = candidate;
                winnerValue = value;
            }
        }
        if (winner != null && commit)
        {
            for (final Candidate candidate : group)
            {
                roundRobin.merge(customer + "/" + candidate.vendor(), (long) candidate.weight(), Long::sum);
            }
            roundRobin.merge(customer + "/" + winner.vendor(), -total, Long::sum);
        }
        return winner;
    }

    /** docs: each minimum that is set must hold; with neither set, the margin may not be negative. */
    static boolean marginKept(final CustomerRouting routing, final long sell, final long buy)
    {
        final BigInteger margin = BigInteger.valueOf(sell).subtract(BigInteger.valueOf(buy));
        final boolean absoluteSet = routing.minMarginMicros() != CustomerRouting.NOT_SET;
        final boolean shareSet = routing.minMarginBasisPoints() != CustomerRouting.NOT_SET_BASIS_POINTS;
        if (!absoluteSet && !shareSet)
        {
            return margin.signum() >= 0;
        }
        if (absoluteSet && margin.compareTo(BigInteger.valueOf(routing.minMarginMicros())) < 0)
        {
            return false;
        }
        return !shareSet || margin.multiply(BigInteger.valueOf(10_000))
            .compareTo(BigInteger.valueOf(sell).multiply(BigInteger.valueOf(routing.minMarginBasisPoints()))) >= 0;
    }

    private String group(final String number, final int matched)
    {
        return number.substring(0, Math.min(matched, settings.quality().groupDigits()));
    }

    private List<Rate> deck(final String trunk, final DeckDirection direction)
    {
        for (final TrunkRates deck : decks)
        {
            if (deck.trunk().equals(trunk) && deck.direction() == direction)
            {
                return deck.rates();
            }
        }
        return List.of();
    }

    /** The longest prefix of the number with a rate applying at the instant. */
    private static Rate longest(final List<Rate> rates, final String number, final Instant at)
    {
        Rate best = null;
        for (final Rate rate : rates)
        {
            final boolean applies = !rate.effectiveFrom().isAfter(at)
                && (rate.effectiveUntil() == null || rate.effectiveUntil().isAfter(at));
            if (applies && number.startsWith(rate.prefix())
                && (best == null || rate.prefix().length() > best.prefix().length()))
            {
                best = rate;
            }
        }
        return best;
    }
}
