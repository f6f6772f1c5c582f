package io.softswitch.app;

import io.softswitch.app.config.ConfigException;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.lcr.RouteSimulation;
import io.softswitch.cdr.report.ReportCommand;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.lcr.SingleThreadRouter;
import io.softswitch.lcr.TrunkIds;
import io.softswitch.lcr.UnknownCustomerException;
import io.softswitch.ratedeck.Money;
import io.softswitch.ratedeck.TrunkRates;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;
import io.softswitch.ratedeck.EmbeddedDatabase;
import io.softswitch.ratedeck.cli.DeckCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line tools that work on the rate deck database without a running switch:
 * {@code softswitch deck ...} (delegates to {@link DeckCommand}), {@code softswitch simulate}
 * (the route simulator over a snapshot built from the database, no live quality),
 * {@code softswitch token ...} (the admin API's tokens, {@link TokenCommand}) and
 * {@code softswitch report ...} (margin report and CDR export, delegates to {@link ReportCommand}).
 *
 * <p>The database is the one the configuration names ({@code --config FILE}), else
 * {@code $SOFTSWITCH_JDBC_URL}, else the embedded one under {@code data/postgres}, started for the
 * command. A switch that is running holds its embedded database: import through its admin API
 * ({@code POST /api/decks/import}) instead, which also reloads its routes.
 */
final class OfflineCommand
{
    /** Usage of both tools. */
    static final String USAGE = """
        usage: softswitch deck import|history|diff|show ... [--config FILE]   (see: softswitch deck)
               softswitch simulate --customer C --number N [--at DATE|DATE-TIME] [--config FILE]
               softswitch token create --name NAME --role ROLE | list | revoke --name NAME [--config FILE]
               softswitch report margin|cdrs ... [--config FILE]                 (see: softswitch report --help)
          simulate: N as the customer dials it (tech prefix, 00, +); --at 2026-03-01, 2026-03-01T14:30 (UTC)
                    or 2026-03-01T14:30:00+02:00; rates in force then, from the deck history
          database: the one --config names, else $SOFTSWITCH_JDBC_URL, else embedded under data/postgres
          (stop a running switch first, or use its admin API: POST /api/decks/import, GET /api/routes/simulate)
        """;

    private static final int EXIT_USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    private OfflineCommand(final PrintStream out, final PrintStream err, final Map<String, String> env)
    {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /**
     * Whether the first argument names one of these tools.
     *
     * @param args the command line.
     * @return true for {@code deck}, {@code simulate}, {@code token} and {@code report}.
     */
    static boolean handles(final String[] args)
    {
        return args.length > 0 && ("deck".equals(args[0]) || "simulate".equals(args[0]) || "token".equals(args[0]) ||
            "report".equals(args[0]));
    }

    /**
     * Runs a tool.
     *
     * @param args the command line, tool name first.
     * @param out  results.
     * @param err  errors and progress.
     * @param env  the environment.
     * @return the exit status: 0 done, 1 refused, 2 usage error.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final Map<String, String> env)
    {
        return new OfflineCommand(out, err, env).run(args);
    }

    private int run(final String[] args)
    {
        final List<String> rest = new ArrayList<>();
        Path config = null;
        for (int i = 1; i < args.length; i++)
        {
            if ("--config".equals(args[i]) && i + 1 < args.length)
            {
                config = Path.of(args[++i]);
            }
            else if (args[i].startsWith("--config="))
            {
                config = Path.of(args[i].substring("--config=".length()));
            }
            else
            {
                rest.add(args[i]);
            }
        }
        final DatabaseSettings database;
        final RoutingSettings routing;
        final SoftswitchConfig read;
        try
        {
            if (config == null)
            {
                final String url = env.get(DeckCommand.JDBC_URL_ENV);
                database = new DatabaseSettings(url, DatabaseSettings.EMBEDDED.dataDirectory());
                routing = RoutingSettings.DEFAULT;
                read = null;
            }
            else
            {
                read = new ConfigFileReader(env).read(config);
                database = read.database();
                routing = read.routing();
            }
        }
        catch (final ConfigException ex)
        {
            err.println("softswitch: " + ex.getMessage());
            return EXIT_USAGE;
        }
        if ("deck".equals(args[0]) && rest.isEmpty())
        {
            return DeckCommand.run(new String[0], out, err, env, Clock.systemUTC());
        }
        if ("report".equals(args[0]))
        {
            final String[] reportArgs = rest.toArray(String[]::new);
            return ReportCommand.wantsHelp(reportArgs) ? ReportCommand.run(reportArgs, out, err, () -> null) :
                report(reportArgs, database);
        }
        final Query query = "simulate".equals(args[0]) ? query(rest) : null;
        if ("simulate".equals(args[0]) && query == null)
        {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        EmbeddedDatabase embedded = null;
        try
        {
            String url = database.jdbcUrl();
            if (!database.external())
            {
                embedded = EmbeddedDatabase.start(database.dataDirectory());
                url = embedded.jdbcUrl();
            }
            if ("token".equals(args[0]))
            {
                return token(rest, database, url);
            }
            return query == null ? deck(rest, url, read) : simulate(query, database, url, routing, read);
        }
        catch (final IOException ex)
        {
            err.println("softswitch: cannot start embedded PostgreSQL in " + database.dataDirectory() + ": " + ex.getMessage());
            return 1;
        }
        finally
        {
            if (embedded != null)
            {
                try
                {
                    embedded.close();
                }
                catch (final IOException ex)
                {
                    err.println("softswitch: embedded PostgreSQL did not stop cleanly: " + ex.getMessage());
                }
            }
        }
    }

    private int report(final String[] reportArgs, final DatabaseSettings database)
    {
        try (RateDecks decks = RateDecks.open(database, env, Clock.systemUTC()))
        {
            return ReportCommand.run(reportArgs, out, err, decks::dataSource);
        }
        catch (final UncheckedIOException ex)
        {
            err.println("softswitch: cannot open the database: " + ex.getMessage());
            return 1;
        }
    }

    private int deck(final List<String> rest, final String url, final SoftswitchConfig config)
    {
        final List<String> deckArgs = new ArrayList<>(rest);
        if (deckArgs.stream().noneMatch(arg -> arg.startsWith("--jdbc-url")))
        {
            deckArgs.add("--jdbc-url");
            deckArgs.add(url);
        }
        // The configuration's ceiling applies to imports from the command line as to the switch's.
        if (config != null && "import".equals(deckArgs.getFirst())
            && deckArgs.stream().noneMatch(arg -> arg.startsWith("--max-rate-per-minute")))
        {
            deckArgs.add("--max-rate-per-minute");
            deckArgs.add(Money.format(config.maxRatePerMinuteMicros()));
        }
        return DeckCommand.run(deckArgs.toArray(String[]::new), out, err, env, Clock.systemUTC());
    }

    private int token(final List<String> rest, final DatabaseSettings database, final String url)
    {
        try (RateDecks decks = RateDecks.open(new DatabaseSettings(url, database.dataDirectory()), env,
            Clock.systemUTC()))
        {
            return TokenCommand.run(rest, decks.tokens(), out, err);
        }
    }

    /** What {@code simulate} asks. */
    private record Query(String customer, String number, Instant at)
    {
    }

    private Query query(final List<String> rest)
    {
        String customer = null;
        String number = null;
        String atText = null;
        try
        {
            for (int i = 0; i < rest.size(); i++)
            {
                final String value = i + 1 < rest.size() ? rest.get(i + 1) : null;
                switch (rest.get(i))
                {
                    case "--customer" -> customer = value;
                    case "--number" -> number = value;
                    case "--at" -> atText = value;
                    default -> throw new IllegalArgumentException("unknown option: option=" + rest.get(i));
                }
                i++;
            }
            if (customer == null || number == null)
            {
                throw new IllegalArgumentException("simulate needs --customer and --number");
            }
            CallSimulator.checkDialled(number);
            return new Query(customer, number, CallSimulator.at(atText, Instant.now()));
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("softswitch: " + ex.getMessage());
            return null;
        }
    }

    private int simulate(final Query query, final DatabaseSettings database, final String url,
        final RoutingSettings routing, final SoftswitchConfig config)
    {
        final Map<String, String> withUrl = new HashMap<>(env);
        withUrl.put(DeckCommand.JDBC_URL_ENV, url);
        try (RateDecks decks = RateDecks.open(new DatabaseSettings(url, database.dataDirectory()), withUrl,
            Clock.systemUTC()))
        {
            final List<RouteBlock> blocks = decks.blocks().list();
            // The trunks a switch on this database uses: its trunk table once seeded (trunks may have
            // been provisioned through the admin API since), else the configuration file's.
            final LiveTrunks.TrunkSet stored = config == null || decks.trunks().list().isEmpty() ? null
                : LiveTrunks.fromStore(new ConfigFileReader(env), config.routing().quality(), decks.trunks()).current();
            final List<CustomerTrunk> customers = stored != null ? stored.customers()
                : config == null ? List.of() : config.signaling().customers();
            final List<VendorTrunk> vendors = stored != null ? stored.vendors()
                : config == null ? List.of() : config.signaling().vendors();
            final RoutingSettings policy = stored != null ? stored.routing() : routing;
            final CallSimulator simulator = new CallSimulator(config == null ? CallSimulator.Trunks.NONE
                : CallSimulator.Trunks.of(customers, vendors), () -> policy);
            final Instant now = Instant.now();
            final RouteSimulation simulation = simulator.simulate(query.customer(), query.number(), query.at(),
                (customer, e164, at) ->
                {
                    // Rates in force at the instant, from the deck history (also after later imports).
                    final List<TrunkRates> rates = decks.rates().loadRatesAt(at, e164);
                    final RouteSnapshot snapshot = config == null ? RouteSnapshot.build(rates, policy)
                        : RouteSnapshot.build(rates, policy, TrunkIds.of(
                            vendors.stream().map(VendorTrunk::name).toList(),
                            customers.stream().map(CustomerTrunk::name).toList()));
                    final SingleThreadRouter router = new SingleThreadRouter(snapshot, System::currentTimeMillis);
                    PastRoutes.apply(router, blocks);
                    final RouteSimulation answer = router.simulate(customer, e164, at);
                    return at.isBefore(now) ? answer.fromHistory() : answer;
                });
            out.print(simulation.toTable());
            return 0;
        }
        catch (final UnknownCustomerException ex)
        {
            err.println("softswitch: " + ex.getMessage());
            return 1;
        }
        catch (final UncheckedIOException ex)
        {
            err.println("softswitch: " + ex.getMessage());
            return 1;
        }
    }
}
