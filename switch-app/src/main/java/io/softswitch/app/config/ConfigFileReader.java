package io.softswitch.app.config;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.signaling.OverloadPolicy;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.transport.TcpLimits;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the switch's YAML configuration file into a {@link SoftswitchConfig}.
 *
 * <p>The file is read through SnakeYAML's node API, never bound to classes, so that every value
 * keeps its line and column: a file with an unknown key, a value of the wrong type, an invalid
 * address block, a duplicate name or a deck or routing preference naming an unknown trunk is refused with a
 * {@link ConfigException} saying {@code file:line:column: reason}. The keys and their defaults
 * are described in {@code docs/configuration.md}.
 */
public final class ConfigFileReader
{
    private static final Set<String> TOP_KEYS = 
        Set.of("sip", "admin", "timers", "limits", "customers", "vendors", "quality", "database", "decks",
            "deck-import", "tcp", "overload", "cdr", "media", "threads");
    private static final Set<String> ADMIN_KEYS = Set.of("host", "port", "max-body-bytes", "read-timeout-ms",
        "idle-timeout-ms", "max-connections", "open-on-loopback", "replace-confirm-percent");

    /** Default SIP port for both transports (RFC 3261 §19.1.2). */
    static final int DEFAULT_SIP_PORT = 5060;
    /** Default calls per second of a trunk that does not say. */
    static final int DEFAULT_CPS_LIMIT = 10;
    /** Default calls in progress of a trunk that does not say. */
    static final int DEFAULT_CONCURRENT_LIMIT = 100;

    private static final int MAX_FILE_CODE_POINTS = 4 * 1024 * 1024;

    private final Map<String, String> env;

    /**
     * Creates a reader that resolves {@code ${NAME}} references from the given environment.
     *
     * @param env variables, usually {@link System#getenv()}.
     */
    public ConfigFileReader(final Map<String, String> env)
    {
        this.env = Map.copyOf(env);
    }

    /**
     * Reads and validates a configuration file.
     *
     * @param file the YAML file.
     * @return the configuration.
     * @throws ConfigException when the file cannot be read or is not a valid configuration.
     */
    public SoftswitchConfig read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file.toString(), 0, 0, "cannot read: " + ex);
        }
        return read(file.toString(), new StringReader(text));
    }

    /**
     * Reads and validates configuration text.
     *
     * @param source name used in error messages, usually the file name.
     * @param reader the YAML text.
     * @return the configuration.
     * @throws ConfigException when the text is not a valid configuration.
     */
    public SoftswitchConfig read(final String source, final Reader reader)
    {
        final ConfigNode root = ConfigNode.root(source, env, compose(source, reader)).allowOnly(TOP_KEYS);

        final SipListen listen = SignalingConfigReader.sipListen(root.mapping("sip"));
        final AdminListen admin = admin(root.mapping("admin"));
        final SipTimers timers = SignalingConfigReader.timers(root.mapping("timers"));
        final SipLimits limits = SignalingConfigReader.limits(root.mapping("limits"));
        final TcpLimits tcp = SignalingConfigReader.tcp(root.mapping("tcp"));
        final OverloadPolicy overload = SignalingConfigReader.overload(root.mapping("overload"));
        final long wakeCoalescingNs = SignalingConfigReader.wakeCoalescingNs(root.mapping("threads"));

        final Set<String> trunkNames = new HashSet<>();
        final List<CustomerTrunk> customers = new ArrayList<>();
        for (final ConfigNode item : root.sequence("customers"))
        {
            customers.add(TrunkConfigReader.customer(item, trunkNames));
        }
        final List<VendorTrunk> vendors = new ArrayList<>();
        for (final ConfigNode item : root.sequence("vendors"))
        {
            vendors.add(TrunkConfigReader.vendor(item, trunkNames));
        }
        final Set<String> vendorNames = new HashSet<>();
        vendors.forEach(vendor -> vendorNames.add(vendor.name()));
        final Set<String> customerNames = new HashSet<>();
        final Map<String, CustomerRouting> routing = new HashMap<>();
        final List<ConfigNode> customerItems = root.sequence("customers");
        for (int i = 0; i < customers.size(); i++)
        {
            final String name = customers.get(i).name();
            customerNames.add(name);
            routing.put(name, RoutingConfigReader.customerRouting(customerItems.get(i).mapping("routing"), vendorNames,
                customers.get(i).failover().maxAttempts()));
        }
        final RoutingSettings settings = new RoutingSettings(CustomerRouting.DEFAULT, routing,
            RoutingConfigReader.quality(root.mapping("quality")));
        final DatabaseSettings database = RoutingConfigReader.database(root.mapping("database"), env);
        final Path parent = Path.of(source).getParent();
        final List<DeckSeed> decks =
            RoutingConfigReader.decks(root.sequence("decks"), customerNames, vendorNames, parent);
        final TrunkDefinitions definitions =
            new TrunkDefinitions(definitions(root.sequence("customers")), definitions(root.sequence("vendors")));
        final long maxRatePerMinuteMicros = RoutingConfigReader.maxRatePerMinute(root.mapping("deck-import"));
        final CdrSettings cdr = CdrConfigReader.cdr(root.mapping("cdr"), database, null);
        final Set<String> mediaTrunks = new HashSet<>(customerNames);
        mediaTrunks.addAll(vendorNames);
        final MediaSettings media = MediaConfigReader.media(root.mapping("media"), mediaTrunks);
        return root.build(() -> new SoftswitchConfig(
            new SwitchConfig(listen, limits, timers, customers, vendors, tcp, overload, wakeCoalescingNs), admin, settings, database, decks,
            definitions, maxRatePerMinuteMicros, cdr, media));
    }

    /**
     * Reads and validates one customer trunk definition, the way a {@code customers} item of the
     * file is read (the admin API and the trunk table use it): a YAML or JSON mapping with the same
     * keys, its {@code routing} section included.
     *
     * @param source      name used in error messages.
     * @param text        the definition.
     * @param vendorNames the vendor trunks its routing preferences may name.
     * @return the trunk and its routing policy.
     * @throws ConfigException when the definition is not valid, with line and column.
     */
    public CustomerDefinition customer(final String source, final String text, final Set<String> vendorNames)
    {
        final ConfigNode item = ConfigNode.root(source, env, compose(source, new StringReader(text)));
        final CustomerTrunk trunk = TrunkConfigReader.customer(item, new HashSet<>());
        final CustomerRouting routing = RoutingConfigReader.customerRouting(item.mapping("routing"), vendorNames,
            trunk.failover().maxAttempts());
        return new CustomerDefinition(trunk, routing);
    }

    /**
     * Reads and validates one vendor trunk definition, the way a {@code vendors} item of the file is
     * read.
     *
     * @param source name used in error messages.
     * @param text   the definition.
     * @return the trunk.
     * @throws ConfigException when the definition is not valid, with line and column.
     */
    public VendorTrunk vendor(final String source, final String text)
    {
        return TrunkConfigReader.vendor(ConfigNode.root(source, env, compose(source, new StringReader(text))), new HashSet<>());
    }

    /**
     * The trunk items as YAML text, one definition per trunk in the form
     * {@link #customer(String, String, Set)} and {@link #vendor(String, String)} read: what seeds the
     * trunk table. {@code ${NAME}} references are kept, to be resolved when a definition is read.
     */
    private static Map<String, String> definitions(final List<ConfigNode> items)
    {
        final Map<String, String> definitions = new LinkedHashMap<>();
        for (final ConfigNode item : items)
        {
            final StringWriter out = new StringWriter();
            new Yaml().serialize(item.node(), out);
            definitions.put(item.requiredString("name"), out.toString());
        }
        return definitions;
    }

    private static Node compose(final String source, final Reader reader)
    {
        final LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        final Node node;
        try
        {
            node = new Yaml(options).compose(reader);
        }
        catch (final MarkedYAMLException ex)
        {
            final Mark mark = ex.getProblemMark() != null ? ex.getProblemMark() : ex.getContextMark();
            final String reason = "not valid YAML: " + (ex.getProblem() != null ? ex.getProblem() : ex.getContext());
            throw mark == null ?
                new ConfigException(source, 0, 0, reason) :
                new ConfigException(source, mark.getLine() + 1, mark.getColumn() + 1, reason);
        }
        catch (final YAMLException ex)
        {
            throw new ConfigException(source, 0, 0, "not valid YAML: " + ex.getMessage());
        }
        if (node == null)
        {
            throw new ConfigException(source, 0, 0, "the file is empty");
        }
        return node;
    }


    private static AdminListen admin(final ConfigNode admin)
    {
        if (admin == null)
        {
            return AdminListen.DEFAULT;
        }
        admin.allowOnly(ADMIN_KEYS);
        final String host = admin.ipAddress("host", AdminListen.DEFAULT.host());
        final int port = admin.integer("port", AdminListen.DEFAULT.port(), -1, 65_535);
        final long maxBody = admin.longInteger("max-body-bytes", AdminListen.DEFAULT_MAX_BODY_BYTES, 1, Long.MAX_VALUE);
        final int readMs = admin.integer("read-timeout-ms", AdminListen.DEFAULT_READ_TIMEOUT_MS, 100, 3_600_000);
        final int idleMs = admin.integer("idle-timeout-ms", AdminListen.DEFAULT_IDLE_TIMEOUT_MS, 100, 3_600_000);
        final int connections = admin.integer("max-connections", AdminListen.DEFAULT_MAX_CONNECTIONS, 1, 100_000);
        final boolean open = admin.bool("open-on-loopback", true);
        final int confirm = admin.integer("replace-confirm-percent", AdminListen.DEFAULT_REPLACE_CONFIRM_PERCENT, 0, 100);
        return admin.build(() -> new AdminListen(host, port, maxBody, readMs, idleMs, connections, open, confirm));
    }














}
