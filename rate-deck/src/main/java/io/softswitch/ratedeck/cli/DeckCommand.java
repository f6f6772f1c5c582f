package io.softswitch.ratedeck.cli;

import io.softswitch.ratedeck.ChangeKind;
import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DatabaseMigrations;
import io.softswitch.ratedeck.DeckDiff;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckImportRequest;
import io.softswitch.ratedeck.DeckImportResult;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.DeckVersion;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.ImportProgress;
import io.softswitch.ratedeck.Money;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.RateChange;
import io.softswitch.ratedeck.RowError;
import io.softswitch.ratedeck.internal.DeckFieldParser;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code deck} command line: import a rate deck file, list a deck's versions, show its rates.
 *
 * <pre>
 * deck import  --trunk T --direction vendor|customer --file F [--mapping generic|code-first|destination-first|field=column,...]
 *              [--mode replace|update] [--effective ISO-8601] [--dry-run] [--accept-drop-bad-rows] [--limit N]
 * deck history --trunk T --direction vendor|customer
 * deck diff    --trunk T --direction vendor|customer --version N [--limit N]
 * deck show    --trunk T --direction vendor|customer [--prefix P] [--at ISO-8601]
 * </pre>
 * Every command takes {@code --jdbc-url URL}, else the {@code SOFTSWITCH_JDBC_URL} environment
 * variable (with {@code SOFTSWITCH_JDBC_USER} and {@code SOFTSWITCH_JDBC_PASSWORD} when the URL
 * has no credentials); the schema is migrated first. Exit status: 0 done, 1 import refused
 * (or a dry run that would be), 2 usage error.
 */
public final class DeckCommand
{
    /** Environment variable holding the JDBC URL when {@code --jdbc-url} is not given. */
    public static final String JDBC_URL_ENV = "SOFTSWITCH_JDBC_URL";
    /** Environment variable holding the database user, when the URL has none. */
    public static final String JDBC_USER_ENV = "SOFTSWITCH_JDBC_USER";
    /** Environment variable holding the database password, when the URL has none. */
    public static final String JDBC_PASSWORD_ENV = "SOFTSWITCH_JDBC_PASSWORD";

    private static final int EXIT_OK = 0;
    private static final int EXIT_REFUSED = 1;
    private static final int EXIT_USAGE = 2;
    private static final int DEFAULT_LIMIT = 20;
    private static final Set<String> FLAGS = Set.of("dry-run", "accept-drop-bad-rows");
    private static final String USAGE = """
        usage: deck import  --trunk T --direction vendor|customer --file F [--mapping M] [--mode replace|update]
                            [--effective ISO-8601] [--dry-run] [--accept-drop-bad-rows] [--limit N]
               deck history --trunk T --direction vendor|customer
               deck diff    --trunk T --direction vendor|customer --version N [--limit N]
               deck show    --trunk T --direction vendor|customer [--prefix P] [--at ISO-8601]
        every command: [--jdbc-url URL] (else $SOFTSWITCH_JDBC_URL)
        import: [--max-rate-per-minute AMOUNT] refuses rows priced above it (default 100)
        mappings: generic (header names), code-first, destination-first, or field=column,... with fields
                  prefix destination rate effective_from effective_until connect_fee increments
                  first_increment next_increment minimum_duration; column = header name or 1-based index""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;

    private DeckCommand(final PrintStream out, final PrintStream err, final Map<String, String> env, final Clock clock)
    {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err, System.getenv(), Clock.systemUTC()));
    }

    /**
     * Runs the command.
     *
     * @param args  the command line.
     * @param out   where results go.
     * @param err   where errors and the progress bar go.
     * @param env   the environment (for the JDBC URL).
     * @param clock what "now" is.
     * @return the exit status: 0 done, 1 import refused, 2 usage error.
     */
    public static int run(
        final String[] args,
        final PrintStream out,
        final PrintStream err,
        final Map<String, String> env,
        final Clock clock)
    {
        return new DeckCommand(out, err, env, clock).run(args);
    }

    private int run(final String[] args)
    {
        if (args.length == 0)
        {
            err.println(USAGE);
            return EXIT_USAGE;
        }
        try
        {
            final Map<String, String> options = options(args);
            final DeckStore store = store(options);
            return switch (args[0])
            {
                case "import" -> importDeck(store, options);
                case "history" -> history(store, options);
                case "diff" -> diff(store, options);
                case "show" -> show(store, options);
                default -> throw new IllegalArgumentException("unknown command: command=" + args[0]);
            };
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("deck: " + ex.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        catch (final IOException ex)
        {
            err.println("deck: cannot read file: " + ex.getMessage());
            return EXIT_USAGE;
        }
    }

    private static Map<String, String> options(final String[] args)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++)
        {
            final String arg = args[i];
            if (!arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unexpected argument: argument=" + arg);
            }
            final int equals = arg.indexOf('=');
            final String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (FLAGS.contains(name))
            {
                options.put(name, "true");
            }
            else if (equals >= 0)
            {
                options.put(name, arg.substring(equals + 1));
            }
            else if (i + 1 < args.length)
            {
                options.put(name, args[++i]);
            }
            else
            {
                throw new IllegalArgumentException("option needs a value: option=--" + name);
            }
        }
        return options;
    }

    private DeckStore store(final Map<String, String> options)
    {
        final String url = options.getOrDefault("jdbc-url", env.get(JDBC_URL_ENV));
        if (url == null || url.isBlank())
        {
            throw new IllegalArgumentException("no database: give --jdbc-url or set " + JDBC_URL_ENV);
        }
        final PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        if (env.containsKey(JDBC_USER_ENV))
        {
            dataSource.setUser(env.get(JDBC_USER_ENV));
        }
        if (env.containsKey(JDBC_PASSWORD_ENV))
        {
            dataSource.setPassword(env.get(JDBC_PASSWORD_ENV));
        }
        DatabaseMigrations.migrate(dataSource);
        final String ceiling = options.get("max-rate-per-minute");
        if (ceiling == null)
        {
            return new DeckStore(dataSource, clock);
        }
        final long micros = Money.parseMicros(ceiling);
        if (micros < 0)
        {
            throw new IllegalArgumentException("max-rate-per-minute must not be negative: max-rate-per-minute=" + ceiling);
        }
        return new DeckStore(dataSource, clock, micros);
    }

    private int importDeck(final DeckStore store, final Map<String, String> options) throws IOException
    {
        final Path file = Path.of(required(options, "file"));
        if (!Files.isReadable(file))
        {
            throw new IllegalArgumentException("file not readable: file=" + file);
        }
        final DeckImportRequest request = new DeckImportRequest(
            required(options, "trunk"),
            direction(options),
            file,
            ColumnMapping.parse(options.getOrDefault("mapping", ColumnMapping.GENERIC)),
            ImportMode.valueOf(options.getOrDefault("mode", "replace").toUpperCase(Locale.ROOT)),
            options.containsKey("effective") ? instant(options.get("effective"), "effective") : store.now(),
            options.containsKey("dry-run"),
            options.containsKey("accept-drop-bad-rows"));
        final int limit = limit(options);
        final ImportProgress progress = new ProgressBar(err);
        final DeckImportResult result = store.importDeck(request, progress);
        out.printf(Locale.ROOT, "outcome=%s version=%d rows=%d accepted=%d refused_rows=%d%n", result.outcome(),
            result.versionNo(), result.rowsRead(), result.rowsAccepted(), result.rowsRead() - result.rowsAccepted());
        printErrors(result.errors(), limit);
        printDiff(result.diff(), limit);
        final boolean wouldRefuse = !result.errors().isEmpty() && !request.acceptDropBadRows();
        return result.outcome() == DeckImportResult.Outcome.REJECTED || wouldRefuse ? EXIT_REFUSED : EXIT_OK;
    }

    private int history(final DeckStore store, final Map<String, String> options)
    {
        final List<DeckVersion> versions = store.history(required(options, "trunk"), direction(options));
        out.println("version mode    effective_from              imported_at                 rows     dropped"
            + "  new      increased decreased removed  unchanged file");
        for (final DeckVersion version : versions)
        {
            out.printf(Locale.ROOT, "%-7d %-7s %-27s %-27s %-8d %-8d %-8d %-9d %-9d %-8d %-9d %s%n", version.versionNo(),
                version.mode(), version.effectiveFrom(), version.importedAt(), version.rowsRead(), version.rowsDropped(),
                version.counts().newCount(), version.counts().increased(), version.counts().decreased(),
                version.counts().removed(), version.counts().unchanged(), version.fileName());
        }
        return EXIT_OK;
    }

    private int diff(final DeckStore store, final Map<String, String> options)
    {
        final int versionNo = integer(required(options, "version"), "version");
        final DeckDiff diff = store.storedDiff(required(options, "trunk"), direction(options), versionNo);
        if (diff == null)
        {
            throw new IllegalArgumentException("no such version: version=" + versionNo);
        }
        printDiff(diff, limit(options));
        return EXIT_OK;
    }

    private int show(final DeckStore store, final Map<String, String> options)
    {
        final Instant at = options.containsKey("at") ? instant(options.get("at"), "at") : store.now();
        final List<Rate> rates = store.ratesAt(required(options, "trunk"), direction(options), at,
            options.getOrDefault("prefix", ""));
        out.println("prefix          rate_per_minute  connect_fee  increments min  effective_from              "
            + "effective_until             destination");
        for (final Rate rate : rates)
        {
            out.printf(Locale.ROOT, "%-15s %-16s %-12s %-10s %-4d %-27s %-27s %s%n", rate.prefix(),
                Money.format(rate.ratePerMinuteMicros()), Money.format(rate.connectFeeMicros()),
                rate.firstIncrementSeconds() + "/" + rate.nextIncrementSeconds(), rate.minimumDurationSeconds(),
                rate.effectiveFrom(), rate.effectiveUntil() == null ? "-" : rate.effectiveUntil(), rate.destination());
        }
        out.printf(Locale.ROOT, "%d rates in force at %s%n", rates.size(), at);
        return EXIT_OK;
    }

    private void printErrors(final List<RowError> errors, final int limit)
    {
        if (errors.isEmpty())
        {
            return;
        }
        out.printf(Locale.ROOT, "refused: %d%n", errors.size());
        errors.stream().limit(limit).forEach(error -> out.println("  " + error));
        if (errors.size() > limit)
        {
            out.printf(Locale.ROOT, "  ... and %d more (--limit)%n", errors.size() - limit);
        }
    }

    private void printDiff(final DeckDiff diff, final int limit)
    {
        out.printf(Locale.ROOT, "diff: new=%d increased=%d decreased=%d removed=%d unchanged=%d%n",
            diff.counts().newCount(), diff.counts().increased(), diff.counts().decreased(), diff.counts().removed(),
            diff.counts().unchanged());
        for (final ChangeKind kind : ChangeKind.values())
        {
            if (kind == ChangeKind.UNCHANGED)
            {
                continue;
            }
            final List<RateChange> changes = diff.changes(kind);
            changes.stream().limit(limit).forEach(change -> out.printf(Locale.ROOT, "  %-9s %-15s %12s -> %-12s from %s %s%n",
                kind.name().toLowerCase(Locale.ROOT), change.prefix(), money(change.previousRateMicros()),
                money(change.rateMicros()), change.effectiveFrom(), change.destination()));
            if (changes.size() > limit)
            {
                out.printf(Locale.ROOT, "  ... and %d more %s (--limit)%n", changes.size() - limit,
                    kind.name().toLowerCase(Locale.ROOT));
            }
        }
    }

    private static String money(final long micros)
    {
        return micros == RateChange.NO_RATE ? "-" : Money.format(micros);
    }

    private static String required(final Map<String, String> options, final String name)
    {
        final String value = options.get(name);
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException("missing option: option=--" + name);
        }
        return value;
    }

    private static DeckDirection direction(final Map<String, String> options)
    {
        final String value = required(options, "direction");
        return switch (value.toLowerCase(Locale.ROOT))
        {
            case "vendor" -> DeckDirection.VENDOR;
            case "customer" -> DeckDirection.CUSTOMER;
            default -> throw new IllegalArgumentException("direction is vendor or customer: direction=" + value);
        };
    }

    private static Instant instant(final String text, final String option)
    {
        final Instant instant = DeckFieldParser.parseDate(text);
        if (instant == null)
        {
            throw new IllegalArgumentException("not an ISO-8601 date or date-time: option=--" + option + " value=" + text);
        }
        return instant;
    }

    private static int limit(final Map<String, String> options)
    {
        return options.containsKey("limit") ? integer(options.get("limit"), "limit") : DEFAULT_LIMIT;
    }

    private static int integer(final String text, final String option)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a number: option=--" + option + " value=" + text, ex);
        }
    }
}
