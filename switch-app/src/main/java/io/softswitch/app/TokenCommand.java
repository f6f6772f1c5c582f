package io.softswitch.app;

import io.softswitch.app.admin.ApiTokenStore;
import io.softswitch.app.admin.Role;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code softswitch token create|list|revoke}: the admin API's tokens in the switch's database.
 *
 * <pre>
 * softswitch token create --name NAME --role read-only|operator|finance|admin
 * softswitch token list
 * softswitch token revoke --name NAME
 * </pre>
 *
 * <p>{@code create} prints the token on stdout, alone on its line, and only then: it is stored
 * as a digest. A running switch picks up a new or revoked token within a few seconds.
 */
final class TokenCommand
{
    /** Usage of the tool. */
    static final String USAGE = """
        usage: softswitch token create --name NAME --role read-only|operator|finance|admin [--config FILE]
               softswitch token list [--config FILE]
               softswitch token revoke --name NAME [--config FILE]
        """;

    private static final int EXIT_USAGE = 2;

    private TokenCommand()
    {
    }

    /**
     * Runs a token command.
     *
     * @param args   the arguments after {@code token}, {@code --config} removed.
     * @param tokens the token store.
     * @param out    results.
     * @param err    errors.
     * @return the exit status: 0 done, 1 refused, 2 usage error.
     */
    static int run(final List<String> args, final ApiTokenStore tokens, final PrintStream out, final PrintStream err)
    {
        if (args.isEmpty())
        {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        String name = null;
        String role = null;
        for (int i = 1; i < args.size(); i += 2)
        {
            final String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (args.get(i))
            {
                case "--name" -> name = value;
                case "--role" -> role = value;
                default ->
                {
                    err.println("softswitch: unknown option: option=" + args.get(i));
                    err.print(USAGE);
                    return EXIT_USAGE;
                }
            }
        }
        try
        {
            return switch (args.getFirst())
            {
                case "create" -> create(tokens, name, role, out, err);
                case "list" -> list(tokens, out);
                case "revoke" -> revoke(tokens, name, out, err);
                default ->
                {
                    err.print(USAGE);
                    yield EXIT_USAGE;
                }
            };
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("softswitch: " + ex.getMessage());
            return 1;
        }
    }

    private static int create(final ApiTokenStore tokens, final String name, final String role, final PrintStream out,
        final PrintStream err)
    {
        if (name == null || role == null)
        {
            err.println("softswitch: token create needs --name and --role");
            return EXIT_USAGE;
        }
        final ApiTokenStore.CreatedToken created = tokens.create(name, Role.of(role));
        err.println("created token '" + created.name() + "' with role " + created.role() +
            " (shown once; only its digest is kept):");
        out.println(created.token());
        return 0;
    }

    private static int list(final ApiTokenStore tokens, final PrintStream out)
    {
        out.printf("%-24s %-10s %-28s %s%n", "NAME", "ROLE", "CREATED", "REVOKED");
        for (final ApiTokenStore.TokenInfo token : tokens.list())
        {
            out.printf("%-24s %-10s %-28s %s%n", token.name(), token.role(), token.createdAt(),
                token.revokedAt() == null ? "-" : token.revokedAt());
        }
        return 0;
    }

    private static int revoke(final ApiTokenStore tokens, final String name, final PrintStream out,
        final PrintStream err)
    {
        if (name == null)
        {
            err.println("softswitch: token revoke needs --name");
            return EXIT_USAGE;
        }
        if (!tokens.revoke(name))
        {
            err.println("softswitch: no live token has that name: name=" + name);
            return 1;
        }
        out.println("revoked token '" + name + "'");
        return 0;
    }
}
