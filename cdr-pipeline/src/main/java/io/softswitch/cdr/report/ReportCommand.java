package io.softswitch.cdr.report;

import io.softswitch.ratedeck.DeckDirection;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The {@code report} command line: {@code report margin} and {@code report cdrs}. Parses and
 * checks the options before it opens the database, so that {@code --help} and mistakes answer at
 * once.
 */
public final class ReportCommand
{
    /** Usage text. */
    public static final String USAGE = """
        usage: softswitch report margin --by customer|vendor|destination|day|hour --from T --to T [--format csv|json]
               softswitch report cdrs --trunk NAME [--side customer|vendor] --from T --to T
          T: 2026-11-01 (midnight UTC) or 2026-11-01T10:00:00Z; the range is the calls' start, in whole
             hours (from rounded down, to rounded up), to excluded.
          margin: revenue, cost, margin, margin %, calls, attempts, answered, ASR % (per attempt for
                  vendors), ACD s, minutes and billed minutes per key, then a total line; from the
                  hourly aggregates.
          cdrs:   one CSV line per call of a customer trunk (its Call-ID, sell rate) or per attempt to a
                  vendor trunk (the Call-ID it saw, buy rate): times, billed seconds, prefix, rate,
                  connect fee, increments, minimum and amount; --side defaults to the trunk's deck.
          The sum of a cdrs export's amounts equals the margin report's revenue (customer) or cost
          (vendor) for that trunk over the same range.
        """;

    /** Exit status: done. */
    public static final int EXIT_OK = 0;
    /** Exit status: the database failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit status: bad command line. */
    public static final int EXIT_USAGE = 2;

    private static final Set<String> MARGIN_OPTIONS = Set.of("--by", "--from", "--to", "--format");
    private static final Set<String> CDRS_OPTIONS = Set.of("--trunk", "--side", "--from", "--to");

    private ReportCommand()
    {
    }

    /**
     * Whether the arguments ask for help (or nothing), so that no database need be opened.
     *
     * @param args the arguments after {@code report}.
     * @return true for {@code --help}, {@code -h} or no argument.
     */
    public static boolean wantsHelp(final String[] args)
    {
        if (args.length == 0)
        {
            return true;
        }
        for (final String arg : args)
        {
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a report.
     *
     * @param args     the arguments after {@code report}: {@code margin ...} or {@code cdrs ...}.
     * @param out      the report.
     * @param err      errors.
     * @param database opens the database (called once the options are valid).
     * @return the exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err,
        final Supplier<DataSource> database)
    {
        if (wantsHelp(args))
        {
            out.print(USAGE);
            return EXIT_OK;
        }
        final String kind = args[0];
        final Map<String, String> options;
        try
        {
            options = options(args, "margin".equals(kind) ? MARGIN_OPTIONS : CDRS_OPTIONS);
            if ("margin".equals(kind))
            {
                final GroupBy by = GroupBy.parse(required(options, "--by"));
                final ReportRange range = range(options);
                final String format = options.getOrDefault("--format", "csv").toLowerCase(Locale.ROOT);
                if (!"csv".equals(format) && !"json".equals(format))
                {
                    throw new IllegalArgumentException("bad format: format=" + format + " (csv, json)");
                }
                final MarginReport report = MarginReport.query(database.get(), by, range);
                if ("json".equals(format))
                {
                    report.writeJson(out);
                }
                else
                {
                    report.writeCsv(out);
                }
                return EXIT_OK;
            }
            if ("cdrs".equals(kind))
            {
                final CdrsRequest parsed = CdrsRequest.of(options);
                final DataSource dataSource = database.get();
                final CdrsRequest request = parsed.resolved(dataSource);
                CdrExport.write(dataSource, request.trunk(), request.side(), request.range(), out);
                return EXIT_OK;
            }
            throw new IllegalArgumentException("unknown report: " + kind + " (margin, cdrs)");
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("softswitch report: " + ex.getMessage());
            err.print(USAGE);
            return EXIT_USAGE;
        }
        catch (final SQLException | RuntimeException ex)
        {
            err.println("softswitch report: " + ex.getMessage());
            return EXIT_FAILED;
        }
    }

    /**
     * Checks the options of {@code report cdrs} without opening the database.
     *
     * @param args the arguments after {@code report}: {@code cdrs ...}.
     * @return the request, its side still {@code null} when not given.
     * @throws IllegalArgumentException when an option is missing, unknown or malformed.
     */
    public static CdrsRequest cdrsRequest(final String[] args)
    {
        if (args.length == 0 || !"cdrs".equals(args[0]))
        {
            throw new IllegalArgumentException("not a cdrs report");
        }
        return CdrsRequest.of(options(args, CDRS_OPTIONS));
    }

    /**
     * A checked {@code report cdrs} request.
     *
     * @param trunk the trunk.
     * @param side  customer or vendor; {@code null} until {@link #resolved} reads it from the trunk's deck.
     * @param range the hours of the calls' start.
     */
    public record CdrsRequest(String trunk, DeckDirection side, ReportRange range)
    {
        private static CdrsRequest of(final Map<String, String> options)
        {
            final String trunk = required(options, "--trunk");
            final ReportRange range = ReportCommand.range(options);
            final String sideText = options.get("--side");
            return new CdrsRequest(trunk, sideText == null ? null : ReportCommand.side(sideText), range);
        }

        /**
         * The request with its side known.
         *
         * @param dataSource the database, for the trunk's deck when no side was given.
         * @return the request with a side.
         * @throws SQLException             when the database cannot be read.
         * @throws IllegalArgumentException when no side was given and the trunk has no deck.
         */
        public CdrsRequest resolved(final DataSource dataSource) throws SQLException
        {
            if (side != null)
            {
                return this;
            }
            final DeckDirection found = CdrExport.sideOf(dataSource, trunk);
            if (found == null)
            {
                throw new IllegalArgumentException("trunk has no deck, say --side customer|vendor: trunk=" + trunk);
            }
            return new CdrsRequest(trunk, found, range);
        }
    }

    private static DeckDirection side(final String text)
    {
        return switch (text.toLowerCase(Locale.ROOT))
        {
            case "customer" -> DeckDirection.CUSTOMER;
            case "vendor" -> DeckDirection.VENDOR;
            default -> throw new IllegalArgumentException("bad side: side=" + text + " (customer, vendor)");
        };
    }

    private static ReportRange range(final Map<String, String> options)
    {
        final Instant from = ReportRange.parseInstant(required(options, "--from"));
        final Instant to = ReportRange.parseInstant(required(options, "--to"));
        return new ReportRange(from, to);
    }

    private static String required(final Map<String, String> options, final String name)
    {
        final String value = options.get(name);
        if (value == null || value.isEmpty())
        {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static Map<String, String> options(final String[] args, final Set<String> allowed)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++)
        {
            String name = args[i];
            String value;
            final int eq = name.indexOf('=');
            if (eq > 0)
            {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            else
            {
                value = i + 1 < args.length ? args[++i] : null;
            }
            if (!allowed.contains(name))
            {
                throw new IllegalArgumentException("unknown option: " + name);
            }
            options.put(name, value);
        }
        return options;
    }
}
