package io.softswitch.app.config;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualityAction;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.VendorPreference;
import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.Money;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the issue-3 parts of the configuration file: a customer's {@code routing} block, the
 * top-level {@code quality}, {@code database} and {@code decks}. Same rules as the rest of the
 * file: unknown keys and bad values are refused at their line and column.
 */
final class RoutingConfigReader
{
    private static final Set<String> ROUTING_KEYS =
        Set.of("mode", "min-margin", "min-margin-percent", "max-attempts", "vendors");
    private static final Set<String> PREFERENCE_KEYS = Set.of("priority", "weight");
    private static final Set<String> QUALITY_KEYS = Set.of("group-digits", "bucket-ms", "bucket-count", "min-samples",
        "min-asr-percent", "min-ner-percent", "min-acd-ms", "max-pdd-ms", "action", "unknown-asr-percent");
    private static final Set<String> DATABASE_KEYS = Set.of("jdbc-url", "data-directory");
    private static final Set<String> DECK_KEYS = Set.of("trunk", "direction", "file", "mapping");
    private static final Set<String> DECK_IMPORT_KEYS = Set.of("max-rate-per-minute");

    private RoutingConfigReader()
    {
    }

    /**
     * The one attempt limit of a customer: the length of the hunt list the engine answers and the
     * most vendors a call tries. {@code routing.max-attempts} is its key; {@code failover.max-attempts},
     * its older spelling, is read when the other is absent and refused when the two disagree.
     */
    static int maxAttempts(final ConfigNode routing, final ConfigNode failover)
    {
        final int limit = CustomerRouting.MAX_ATTEMPTS_LIMIT;
        final boolean inRouting = routing != null && routing.has("max-attempts");
        final boolean inFailover = failover != null && failover.has("max-attempts");
        final int fromRouting = inRouting ? routing.integer("max-attempts", 0, 1, limit) : 0;
        final int fromFailover = inFailover ? failover.integer("max-attempts", 0, 1, limit) : 0;
        if (inRouting && inFailover && fromRouting != fromFailover)
        {
            throw failover.child("max-attempts").error("failover.max-attempts (" + fromFailover +
                ") disagrees with routing.max-attempts (" + fromRouting + "): one limit applies, set routing.max-attempts");
        }
        return inRouting ? fromRouting : inFailover ? fromFailover : CustomerRouting.DEFAULT.maxAttempts();
    }

    /**
     * A customer's routing block, with the customer's attempt limit from {@link #maxAttempts}.
     */
    static CustomerRouting customerRouting(final ConfigNode routing, final Set<String> vendorNames,
        final int maxAttempts)
    {
        if (routing == null)
        {
            return new CustomerRouting(CustomerRouting.DEFAULT.mode(), CustomerRouting.DEFAULT.minMarginMicros(),
                CustomerRouting.DEFAULT.minMarginBasisPoints(), maxAttempts, Map.of());
        }
        routing.allowOnly(ROUTING_KEYS);
        final CustomerRouting defaults = CustomerRouting.DEFAULT;
        final OrderingMode mode = routing.has("mode") ? mode(routing.child("mode")) : defaults.mode();
        // A minimum left out does not apply (CustomerRouting: with neither, the margin may not be negative).
        final long minMargin = routing.has("min-margin") ? money(routing.child("min-margin")) : CustomerRouting.NOT_SET;
        final int basisPoints = routing.has("min-margin-percent") ?
            scaled(routing.child("min-margin-percent"), 2, -10_000, 10_000) : CustomerRouting.NOT_SET_BASIS_POINTS;
        final Map<String, VendorPreference> preferences = new HashMap<>();
        final ConfigNode vendors = routing.mapping("vendors");
        if (vendors != null)
        {
            for (final String vendor : vendors.keys())
            {
                final ConfigNode preference = vendors.mapping(vendor);
                if (!vendorNames.contains(vendor))
                {
                    throw preference.error("routing names unknown vendor '" + vendor + "'");
                }
                preference.allowOnly(PREFERENCE_KEYS);
                final int priority = preference.integer("priority", VendorPreference.DEFAULT_PRIORITY, 0, 1_000_000);
                final int weight = preference.integer("weight", VendorPreference.DEFAULT_WEIGHT, 0, 1_000_000);
                preferences.put(vendor, preference.build(() -> new VendorPreference(priority, weight)));
            }
        }
        return routing.build(() -> new CustomerRouting(mode, minMargin, basisPoints, maxAttempts, preferences));
    }

    /**
     * The top-level quality block.
     */
    static QualitySettings quality(final ConfigNode quality)
    {
        final QualitySettings defaults = QualitySettings.DEFAULT;
        if (quality == null)
        {
            return defaults;
        }
        quality.allowOnly(QUALITY_KEYS);
        final int groupDigits = quality.integer("group-digits", defaults.groupDigits(), 1, 15);
        final long bucketMs = quality.longInteger("bucket-ms", defaults.bucketMs(), 1, 86_400_000);
        final int bucketCount = quality.integer("bucket-count", defaults.bucketCount(), 1, 1440);
        final int minSamples = quality.integer("min-samples", defaults.minSamples(), 1, 1_000_000);
        final int minAsr = quality.has("min-asr-percent") ?
            tenths(quality.child("min-asr-percent")) : defaults.minAsrPermille();
        final int minNer = quality.has("min-ner-percent") ?
            tenths(quality.child("min-ner-percent")) : defaults.minNerPermille();
        final long minAcdMs = quality.longInteger("min-acd-ms", defaults.minAcdMs(), 0, Long.MAX_VALUE);
        final long maxPddMs = quality.longInteger("max-pdd-ms", defaults.maxPddMs(), 0, Long.MAX_VALUE);
        final QualityAction action = quality.has("action") ? action(quality.child("action")) : defaults.action();
        final int unknownAsr = quality.has("unknown-asr-percent") ?
            tenths(quality.child("unknown-asr-percent")) : defaults.unknownAsrPermille();
        return quality.build(() -> new QualitySettings(groupDigits, bucketMs, bucketCount, minSamples, minAsr, minNer,
            minAcdMs, maxPddMs, action, unknownAsr));
    }

    /**
     * The database block; {@code $SOFTSWITCH_JDBC_URL} is used when it names no URL.
     */
    static DatabaseSettings database(final ConfigNode database, final Map<String, String> env)
    {
        final String fromEnv = env.get("SOFTSWITCH_JDBC_URL");
        if (database == null)
        {
            return new DatabaseSettings(fromEnv, DatabaseSettings.EMBEDDED.dataDirectory());
        }
        database.allowOnly(DATABASE_KEYS);
        final String url = database.string("jdbc-url", fromEnv);
        final String directory = database.string("data-directory", DatabaseSettings.EMBEDDED.dataDirectory().toString());
        if (url != null && !url.isEmpty() && !url.startsWith("jdbc:postgresql:"))
        {
            throw database.child("jdbc-url").error("database.jdbc-url must start with 'jdbc:postgresql:', found '" + url + "'");
        }
        return new DatabaseSettings(url == null || url.isEmpty() ? null : url, Path.of(directory));
    }

    /**
     * The decks list; files are resolved against {@code base} (the configuration file's directory).
     */
    /**
     * Refuses a seed deck that cannot be opened (missing, a directory, no permission): a switch
     * must not start with a deck its configuration promises and cannot import.
     */
    private static void readable(final ConfigNode node, final Path file)
    {
        try (InputStream in = Files.newInputStream(file))
        {
            in.read();
        }
        catch (final NoSuchFileException ex)
        {
            throw node.error("seed deck not found: " + file);
        }
        catch (final IOException ex)
        {
            throw node.error("seed deck unreadable: " + file + ": " + ex.getMessage());
        }
    }

    static List<DeckSeed> decks(final List<ConfigNode> items, final Set<String> customerNames,
        final Set<String> vendorNames, final Path base)
    {
        final List<DeckSeed> decks = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        for (final ConfigNode item : items)
        {
            item.allowOnly(DECK_KEYS);
            final String trunk = item.requiredString("trunk");
            final ConfigNode directionNode = item.child("direction");
            if (directionNode == null)
            {
                throw item.error("missing key 'direction' in '" + item.path() + "' (vendor or customer)");
            }
            final DeckDirection direction = switch (directionNode.text())
            {
                case "vendor" -> DeckDirection.VENDOR;
                case "customer" -> DeckDirection.CUSTOMER;
                default -> throw directionNode.error("deck direction must be vendor or customer, found '" +
                    directionNode.text() + "'");
            };
            final Set<String> names = direction == DeckDirection.VENDOR ? vendorNames : customerNames;
            if (!names.contains(trunk))
            {
                throw item.child("trunk").error("deck names unknown " + direction.name().toLowerCase(Locale.ROOT) +
                    " trunk '" + trunk + "'");
            }
            if (!seen.add(trunk + "/" + direction))
            {
                throw item.child("trunk").error("two decks for trunk '" + trunk + "' direction " +
                    directionNode.text());
            }
            final Path file = base == null ? Path.of(item.requiredString("file")) : base.resolve(item.requiredString("file"));
            readable(item.child("file"), file);
            final String mapping = item.string("mapping", ColumnMapping.GENERIC);
            if (item.has("mapping"))
            {
                item.child("mapping").build(() -> ColumnMapping.parse(mapping));
            }
            decks.add(new DeckSeed(trunk, direction, file, mapping));
        }
        return decks;
    }

    /**
     * The top-level deck-import block: the ceiling on an imported rate per minute.
     */
    static long maxRatePerMinute(final ConfigNode deckImport)
    {
        if (deckImport == null || !deckImport.has("max-rate-per-minute"))
        {
            if (deckImport != null)
            {
                deckImport.allowOnly(DECK_IMPORT_KEYS);
            }
            return DeckStore.DEFAULT_MAX_RATE_PER_MINUTE_MICROS;
        }
        deckImport.allowOnly(DECK_IMPORT_KEYS);
        final ConfigNode node = deckImport.child("max-rate-per-minute");
        long micros = -1;
        try
        {
            micros = Money.parseMicros(node.text());
        }
        catch (final IllegalArgumentException ex)
        {
            // not an amount: refused below like a negative one
        }
        if (micros < 0)
        {
            throw node.error("expected an amount of 0 or more with up to 6 decimals for '" + node.path() +
                "', found '" + node.text() + "'");
        }
        return micros;
    }

    private static OrderingMode mode(final ConfigNode node)
    {
        return switch (node.text())
        {
            case "least-cost" -> OrderingMode.LEAST_COST;
            case "quality-adjusted-cost" -> OrderingMode.QUALITY_ADJUSTED_COST;
            case "priority" -> OrderingMode.PRIORITY;
            case "weighted" -> OrderingMode.WEIGHTED;
            default -> throw node.error("routing mode must be least-cost, quality-adjusted-cost, priority or weighted, found '" +
                node.text() + "'");
        };
    }

    private static QualityAction action(final ConfigNode node)
    {
        return switch (node.text())
        {
            case "demote" -> QualityAction.DEMOTE;
            case "exclude" -> QualityAction.EXCLUDE;
            default -> throw node.error("quality action must be demote or exclude, found '" + node.text() + "'");
        };
    }

    private static long money(final ConfigNode node)
    {
        final String text = node.text();
        final boolean negative = text.startsWith("-");
        try
        {
            final long micros = Money.parseMicros(negative ? text.substring(1) : text);
            return negative ? -micros : micros;
        }
        catch (final IllegalArgumentException ex)
        {
            throw node.error("expected an amount with up to 6 decimals for '" + node.path() + "', found '" + text + "'");
        }
    }

    /** A percentage with up to 1 decimal, as per mille. */
    private static int tenths(final ConfigNode node)
    {
        return scaled(node, 1, 0, 1000);
    }

    private static int scaled(final ConfigNode node, final int decimals, final int min, final int max)
    {
        final String text = node.text();
        try
        {
            final BigDecimal value = new BigDecimal(text).movePointRight(decimals);
            final int scaled = value.intValueExact();
            if (scaled < min || scaled > max)
            {
                throw node.error("'" + node.path() + "' must be " + (min < 0 ? "-100" : "0") + "..100, found " + text);
            }
            return scaled;
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            throw node.error("expected a percentage with up to " + decimals + " decimals for '" + node.path() +
                "', found '" + text + "'");
        }
    }
}
