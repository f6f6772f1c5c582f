package io.softswitch.app;

import java.nio.file.Path;

/**
 * The command line of the switch process.
 *
 * <pre>
 * softswitch --config FILE [--check] [--sip-port N] [--admin-port N]
 * </pre>
 *
 * @param config    the configuration file.
 * @param checkOnly validate the file, print a summary and exit, starting nothing.
 * @param sipPort   overrides both SIP ports of the file (UDP and TCP); {@code null} keeps them.
 * @param adminPort overrides the admin HTTP port of the file; {@code null} keeps it.
 */
public record SoftswitchOptions(Path config, boolean checkOnly, Integer sipPort, Integer adminPort)
{
    /** The usage text printed with {@code --help} and after a bad command line. */
    public static final String USAGE = """
        usage: softswitch --config FILE [--check] [--sip-port N] [--admin-port N]
          --config FILE     the YAML configuration (see docs/configuration.md)
          --check           validate the configuration, print a summary and exit
          --sip-port N      listen for SIP on port N (UDP and TCP), overriding the file; 0 = any free port
          --admin-port N    serve admin HTTP on port N, overriding the file; 0 = any free port, -1 = off
          --help            print this text
               softswitch deck import|history|diff|show ... [--config FILE]
               softswitch simulate --customer C --number N [--at ISO-8601] [--config FILE]
               softswitch token create --name NAME --role ROLE | list | revoke --name NAME [--config FILE]
               softswitch trunk list|show|put|remove [--side customer|vendor --name NAME] [--file F] [--token T]
               softswitch media --control HOST:PORT [--bind ADDR] [--ports MIN-MAX] ...
          deck              rate deck import, history, diff and show (run 'softswitch deck' for its options)
          simulate          the route simulator: the vendors the engine would try, each with rate,
                            margin and quality, and why each other vendor is left out
          token             admin API tokens: roles read-only, operator, finance, admin
          trunk             trunks on a running switch, through its admin API (admin token)
          media             the RTP relay alone on a media node, controlled over Aeron UDP
                            (run 'softswitch media' for its options)
          database of deck and simulate: the one --config names, else $SOFTSWITCH_JDBC_URL, else the
          embedded one under data/postgres (a running switch holds it: use its admin API instead)
        """;

    /**
     * Parses the arguments; options take their value as the next argument or after {@code =}.
     *
     * @param args the arguments.
     * @return the options, or {@code null} when {@code --help} was asked for.
     * @throws IllegalArgumentException with the reason when the command line is wrong.
     */
    public static SoftswitchOptions parse(final String... args)
    {
        Path config = null;
        boolean checkOnly = false;
        Integer sipPort = null;
        Integer adminPort = null;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            final int equals = arg.indexOf('=');
            final String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            final String inlineValue = name.equals(arg) ? null : arg.substring(equals + 1);
            switch (name)
            {
                case "--help", "-h" ->
                {
                    return null;
                }
                case "--check" -> checkOnly = true;
                case "--config" ->
                {
                    final String value = inlineValue != null ? inlineValue : next(args, ++i, name);
                    config = Path.of(value);
                }
                case "--sip-port" -> sipPort = port(inlineValue != null ? inlineValue : next(args, ++i, name), name, 0);
                case "--admin-port" ->
                    adminPort = port(inlineValue != null ? inlineValue : next(args, ++i, name), name, -1);
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (config == null)
        {
            throw new IllegalArgumentException("missing option: --config FILE");
        }
        return new SoftswitchOptions(config, checkOnly, sipPort, adminPort);
    }

    private static String next(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException("missing value: option=" + option);
        }
        return args[index];
    }

    private static int port(final String text, final String option, final int min)
    {
        final int port;
        try
        {
            port = Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a port: option=" + option + " value=" + text, ex);
        }
        if (port < min || port > 65_535)
        {
            throw new IllegalArgumentException("port out of range: option=" + option + " value=" + text);
        }
        return port;
    }
}
