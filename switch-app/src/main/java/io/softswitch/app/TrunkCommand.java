package io.softswitch.app;

import io.softswitch.app.config.AdminListen;
import io.softswitch.app.config.ConfigException;
import io.softswitch.app.config.ConfigFileReader;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code softswitch trunk list|show|put|remove}: trunk provisioning on a running switch, through its
 * admin API with a token (an admin token for {@code put} and {@code remove}).
 *
 * <pre>
 * softswitch trunk list                                         [--url URL | --config FILE] [--token T]
 * softswitch trunk show   --side customer|vendor --name NAME    ...
 * softswitch trunk put    --side customer|vendor --name NAME --file DEFINITION.yaml|json ...
 * softswitch trunk remove --side customer|vendor --name NAME    ...
 * </pre>
 *
 * <p>The switch is found at {@code --url}, else {@code $SOFTSWITCH_ADMIN_URL}, else the admin
 * address of {@code --config FILE}, else {@code http://127.0.0.1:8080}; the token is
 * {@code --token}, else {@code $SOFTSWITCH_TOKEN}. The reply's JSON is printed on stdout; exit 0
 * on a 2xx reply, 1 on a refusal (the reason on stderr), 2 on a usage error.
 */
final class TrunkCommand
{
    /** Usage of the tool. */
    static final String USAGE = """
        usage: softswitch trunk list|show|put|remove [--side customer|vendor] [--name NAME] [--file DEFINITION]
                                [--url URL | --config FILE] [--token TOKEN]
          show, put and remove need --side and --name; put needs --file (a 'customers' or 'vendors' item
          of the configuration file, as YAML or JSON). Token: --token or $SOFTSWITCH_TOKEN.
        """;

    private static final int EXIT_USAGE = 2;

    private TrunkCommand()
    {
    }

    /**
     * Whether the arguments name this tool.
     *
     * @param args the command line.
     * @return true for {@code trunk}.
     */
    static boolean handles(final String[] args)
    {
        return args.length > 0 && "trunk".equals(args[0]);
    }

    /**
     * Runs the tool.
     *
     * @param args the command line, {@code trunk} first.
     * @param out  the reply.
     * @param err  errors.
     * @param env  the environment.
     * @return the exit status.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final Map<String, String> env)
    {
        if (args.length < 2)
        {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        final Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.length; i += 2)
        {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
            {
                err.println("softswitch: option needs a value: " + args[i]);
                err.print(USAGE);
                return EXIT_USAGE;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        final String action = args[1];
        final String side = options.get("side");
        final String name = options.get("name");
        if (!"list".equals(action) && (name == null || !("customer".equals(side) || "vendor".equals(side))))
        {
            err.println("softswitch: trunk " + action + " needs --side customer|vendor and --name");
            return EXIT_USAGE;
        }
        final String token = options.getOrDefault("token", env.get("SOFTSWITCH_TOKEN"));
        if (token == null)
        {
            err.println("softswitch: no token: give --token or set SOFTSWITCH_TOKEN (see: softswitch token create)");
            return EXIT_USAGE;
        }
        final String url;
        try
        {
            url = baseUrl(options, env);
        }
        catch (final ConfigException ex)
        {
            err.println("softswitch: " + ex.getMessage());
            return EXIT_USAGE;
        }
        final String path = "list".equals(action) ? "/api/trunks" :
            "/api/" + side + "s/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
        try
        {
            switch (action)
            {
                case "list", "show" -> request.GET();
                case "remove" -> request.DELETE();
                case "put" ->
                {
                    if (options.get("file") == null)
                    {
                        err.println("softswitch: trunk put needs --file DEFINITION");
                        return EXIT_USAGE;
                    }
                    request.PUT(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of(options.get("file")))));
                }
                default ->
                {
                    err.print(USAGE);
                    return EXIT_USAGE;
                }
            }
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build())
            {
                final HttpResponse<String> reply = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() / 100 != 2)
                {
                    err.println("softswitch: " + reply.statusCode() + " " + reply.body());
                    return 1;
                }
                out.println(reply.body());
                return 0;
            }
        }
        catch (final IOException ex)
        {
            err.println("softswitch: cannot reach the switch at " + url + ": " + ex);
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String baseUrl(final Map<String, String> options, final Map<String, String> env)
    {
        if (options.containsKey("url"))
        {
            return options.get("url");
        }
        if (env.get("SOFTSWITCH_ADMIN_URL") != null)
        {
            return env.get("SOFTSWITCH_ADMIN_URL");
        }
        final AdminListen admin = options.containsKey("config") ?
            new ConfigFileReader(env).read(Path.of(options.get("config"))).admin() : AdminListen.DEFAULT;
        final String host = admin.host().indexOf(':') >= 0 ? "[" + admin.host() + "]" : admin.host();
        return "http://" + host + ":" + admin.port();
    }
}
