package io.softswitch.app;

import io.softswitch.app.config.ConfigException;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.rtp.control.MediaNodeMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The switch process's entry point: reads the command line and the configuration, starts the
 * switch, and runs until SIGTERM or SIGINT, when it closes the switch cleanly.
 *
 * <p>{@code deck ...}, {@code simulate ...} and {@code token ...} run the offline tools of
 * {@link OfflineCommand}; {@code trunk ...} provisions trunks on a running switch
 * ({@link TrunkCommand}); {@code media ...} runs the RTP relay alone, as a media node
 * ({@link MediaNodeMain}).
 *
 * <p>Exit status, for service managers (see {@code docs/operations.md}): 0 after a clean stop or
 * a successful {@code --check}; 2 for a bad command line or configuration (the file, a seed deck
 * it names, or a trunk stored in the database): restarting will not help; 1 when the switch
 * cannot start for another reason (a port in use, the database unreachable): a restart may.
 */
public final class SoftswitchMain
{
    /** Exit status for a bad command line or configuration: do not restart. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the switch cannot start for another reason: a restart may help. */
    public static final int EXIT_START_FAILED = 1;

    private static final Logger LOG;

    static
    {
        // jOOQ prints a banner and a "tip" on first use: not what an operator's log is for. Set
        // before any jOOQ class loads; an explicit -D on the command line wins.
        quietByDefault("org.jooq.no-logo", "true");
        quietByDefault("org.jooq.no-tips", "true");
        LOG = LoggerFactory.getLogger(SoftswitchMain.class);
    }

    private SoftswitchMain()
    {
    }

    private static void quietByDefault(final String property, final String value)
    {
        if (System.getProperty(property) == null)
        {
            System.setProperty(property, value);
        }
    }

    /**
     * Runs the switch.
     *
     * @param args the command line, see {@link SoftswitchOptions#USAGE}.
     * @throws InterruptedException never in practice: the main thread waits for the shutdown hook.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length > 0 && "media".equals(args[0]))
        {
            System.exit(MediaNodeMain.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        if (TrunkCommand.handles(args))
        {
            System.exit(TrunkCommand.run(args, System.out, System.err, System.getenv()));
            return;
        }
        if (OfflineCommand.handles(args))
        {
            System.exit(OfflineCommand.run(args, System.out, System.err, System.getenv()));
            return;
        }
        final Prepared prepared = prepare(args, System.getenv(), System.out, System.err);
        if (prepared.config() == null)
        {
            if (prepared.exitStatus() != 0)
            {
                System.exit(prepared.exitStatus());
            }
            return;
        }
        final Softswitch softswitch;
        try
        {
            softswitch = Softswitch.start(prepared.config(), System.getenv());
        }
        catch (final ConfigException ex)
        {
            LOG.error("cannot start: bad configuration: {}", ex.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        catch (final RuntimeException ex)
        {
            LOG.error("cannot start: {}", ex.getMessage());
            System.exit(EXIT_START_FAILED);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        // The JVM runs shutdown hooks on SIGTERM and SIGINT; the switch's sockets and threads are
        // released there, and the main thread, waiting below, ends with the JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            LOG.info("stopping on signal");
            softswitch.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    /**
     * The outcome of reading the command line and the configuration.
     *
     * @param config     the configuration to start, or {@code null} when there is nothing to start.
     * @param exitStatus the status to exit with when there is nothing to start.
     */
    record Prepared(SoftswitchConfig config, int exitStatus)
    {
    }

    /**
     * Reads the command line and the configuration, and handles {@code --help} and
     * {@code --check}.
     *
     * @param args the command line.
     * @param env  the environment, for {@code ${NAME}} references in the file.
     * @param out  where the help text and the check summary go.
     * @param err  where errors go.
     * @return the configuration to start, or no configuration and the status to exit with.
     */
    static Prepared prepare(
        final String[] args, final Map<String, String> env, final PrintStream out, final PrintStream err)
    {
        final SoftswitchOptions options;
        try
        {
            options = SoftswitchOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("softswitch: " + ex.getMessage());
            err.print(SoftswitchOptions.USAGE);
            return new Prepared(null, EXIT_USAGE);
        }
        if (options == null)
        {
            out.print(SoftswitchOptions.USAGE);
            return new Prepared(null, 0);
        }
        SoftswitchConfig config;
        try
        {
            config = new ConfigFileReader(env).read(options.config());
            if (options.sipPort() != null)
            {
                config = config.withSipPort(options.sipPort());
            }
            if (options.adminPort() != null)
            {
                config = config.withAdminPort(options.adminPort());
            }
        }
        catch (final ConfigException ex)
        {
            err.println("softswitch: " + ex.getMessage());
            return new Prepared(null, EXIT_USAGE);
        }
        if (options.checkOnly())
        {
            out.println(options.config() + ": OK: " +
                config.signaling().customers().size() + " customer trunks, " +
                config.signaling().vendors().size() + " vendor trunks, " +
                config.decks().size() + " seed decks");
            return new Prepared(null, 0);
        }
        return new Prepared(config, 0);
    }
}
