package io.softswitch.app.config;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.signaling.OverloadPolicy;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.transport.TcpLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CallTimerPolicy;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
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
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
            "deck-import", "tcp", "overload", "cdr", "media");
    private static final Set<String> OVERLOAD_KEYS =
        Set.of("high-queued-bytes", "low-queued-bytes", "high-pending-tasks", "high-lag-ms", "step-up-percent",
            "step-down-percent", "sample-interval-ms");
    private static final Set<String> TCP_KEYS = Set.of("max-connections", "max-connections-per-source",
        "idle-timeout-ms", "message-timeout-ms", "unknown-source-timeout-ms");
    private static final Set<String> SIP_KEYS = Set.of("host", "udp-port", "tcp-port", "advertised-host");
    private static final Set<String> ADMIN_KEYS = Set.of("host", "port", "max-body-bytes", "read-timeout-ms",
        "idle-timeout-ms", "max-connections", "open-on-loopback", "replace-confirm-percent");
    private static final Set<String> TIMER_KEYS = Set.of("t1-ms", "t2-ms", "t4-ms");
    private static final Set<String> LIMIT_KEYS =
        Set.of("max-start-line-bytes", "max-header-bytes", "max-header-count", "max-body-bytes");
    private static final Set<String> CUSTOMER_KEYS = Set.of(
        "name", "sources", "tech-prefix", "number-rules", "cps-limit", "concurrent-limit", "failover", "routing",
        "call-timers");
    private static final Set<String> CALL_TIMER_KEYS =
        Set.of("max-duration-s", "session-expires-s", "min-se-s");
    private static final Set<String> NUMBER_RULE_KEYS = Set.of(
        "strip-prefix", "international-prefix", "national-prefix", "country-code", "add-prefix");
    private static final Set<String> FAILOVER_KEYS =
        Set.of("reroute-on", "stop-on", "provisional-timeout-ms", "max-attempts");
    private static final Set<String> VENDOR_KEYS =
        Set.of("name", "host", "port", "transport", "cps-limit", "concurrent-limit", "probe");
    private static final Set<String> PROBE_KEYS = Set.of("enabled", "interval-ms", "failures-to-down", "successes-to-up");

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

        final SipListen listen = sipListen(root.mapping("sip"));
        final AdminListen admin = admin(root.mapping("admin"));
        final SipTimers timers = timers(root.mapping("timers"));
        final SipLimits limits = limits(root.mapping("limits"));
        final TcpLimits tcp = tcp(root.mapping("tcp"));
        final OverloadPolicy overload = overload(root.mapping("overload"));

        final Set<String> trunkNames = new HashSet<>();
        final List<CustomerTrunk> customers = new ArrayList<>();
        for (final ConfigNode item : root.sequence("customers"))
        {
            customers.add(customer(item, trunkNames));
        }
        final List<VendorTrunk> vendors = new ArrayList<>();
        for (final ConfigNode item : root.sequence("vendors"))
        {
            vendors.add(vendor(item, trunkNames));
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
            new SwitchConfig(listen, limits, timers, customers, vendors, tcp, overload), admin, settings, database, decks,
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
        final CustomerTrunk trunk = customer(item, new HashSet<>());
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
        return vendor(ConfigNode.root(source, env, compose(source, new StringReader(text))), new HashSet<>());
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

    private static SipListen sipListen(final ConfigNode sip)
    {
        if (sip == null)
        {
            return new SipListen("127.0.0.1", DEFAULT_SIP_PORT, DEFAULT_SIP_PORT, "127.0.0.1");
        }
        sip.allowOnly(SIP_KEYS);
        final String host = address(sip, "host", "127.0.0.1");
        final int udpPort = sip.integer("udp-port", DEFAULT_SIP_PORT, -1, 65_535);
        final int tcpPort = sip.integer("tcp-port", DEFAULT_SIP_PORT, -1, 65_535);
        final String advertised;
        if (sip.has("advertised-host"))
        {
            advertised = sip.requiredString("advertised-host");
            if (advertised.isEmpty())
            {
                throw sip.child("advertised-host").error("'sip.advertised-host' must not be empty");
            }
        }
        else if (InetAddress.ofLiteral(host).isAnyLocalAddress())
        {
            throw sip.child("host").error("'sip.advertised-host' is needed when 'sip.host' is a wildcard address");
        }
        else
        {
            advertised = host;
        }
        return sip.build(() -> new SipListen(host, udpPort, tcpPort, advertised));
    }

    private static AdminListen admin(final ConfigNode admin)
    {
        if (admin == null)
        {
            return AdminListen.DEFAULT;
        }
        admin.allowOnly(ADMIN_KEYS);
        final String host = address(admin, "host", AdminListen.DEFAULT.host());
        final int port = admin.integer("port", AdminListen.DEFAULT.port(), -1, 65_535);
        final long maxBody = admin.longInteger("max-body-bytes", AdminListen.DEFAULT_MAX_BODY_BYTES, 1, Long.MAX_VALUE);
        final int readMs = admin.integer("read-timeout-ms", AdminListen.DEFAULT_READ_TIMEOUT_MS, 100, 3_600_000);
        final int idleMs = admin.integer("idle-timeout-ms", AdminListen.DEFAULT_IDLE_TIMEOUT_MS, 100, 3_600_000);
        final int connections = admin.integer("max-connections", AdminListen.DEFAULT_MAX_CONNECTIONS, 1, 100_000);
        final boolean open = admin.bool("open-on-loopback", true);
        final int confirm = admin.integer("replace-confirm-percent", AdminListen.DEFAULT_REPLACE_CONFIRM_PERCENT, 0, 100);
        return admin.build(() -> new AdminListen(host, port, maxBody, readMs, idleMs, connections, open, confirm));
    }

    private static SipTimers timers(final ConfigNode timers)
    {
        if (timers == null)
        {
            return SipTimers.RFC_3261;
        }
        timers.allowOnly(TIMER_KEYS);
        final SipTimers defaults = SipTimers.RFC_3261;
        final long t1 = timers.longInteger("t1-ms", defaults.t1Ms(), 1, 60_000);
        final long t2 = timers.longInteger("t2-ms", defaults.t2Ms(), 1, 600_000);
        final long t4 = timers.longInteger("t4-ms", defaults.t4Ms(), 1, 600_000);
        return timers.build(() -> new SipTimers(t1, t2, t4));
    }

    private static OverloadPolicy overload(final ConfigNode overload)
    {
        final OverloadPolicy defaults = OverloadPolicy.DEFAULT;
        if (overload == null)
        {
            return defaults;
        }
        overload.allowOnly(OVERLOAD_KEYS);
        final long high = overload.longInteger("high-queued-bytes", defaults.highQueuedBytes(), 1, 1L << 32);
        final long low = overload.longInteger("low-queued-bytes", defaults.lowQueuedBytes(), 0, 1L << 32);
        final int tasks = overload.integer("high-pending-tasks", defaults.highPendingTasks(), 1, 10_000_000);
        final long lagMs = overload.longInteger("high-lag-ms", defaults.highLagMs(), 1, 60_000);
        final int up = overload.integer("step-up-percent", defaults.stepUpPercent(), 1, 100);
        final int down = overload.integer("step-down-percent", defaults.stepDownPercent(), 1, 100);
        final long intervalMs = overload.longInteger("sample-interval-ms", defaults.sampleIntervalMs(), 1, 10_000);
        return overload.build(() -> new OverloadPolicy(high, low, tasks, lagMs, up, down, intervalMs));
    }

    private static TcpLimits tcp(final ConfigNode tcp)
    {
        final TcpLimits defaults = TcpLimits.DEFAULT;
        if (tcp == null)
        {
            return defaults;
        }
        tcp.allowOnly(TCP_KEYS);
        final int total = tcp.integer("max-connections", defaults.maxConnections(), 1, 1_000_000);
        final int perSource = tcp.integer("max-connections-per-source", defaults.maxConnectionsPerSource(), 1, 1_000_000);
        final long idleMs = tcp.longInteger("idle-timeout-ms", defaults.idleTimeoutMs(), 1, 86_400_000);
        final long messageMs = tcp.longInteger("message-timeout-ms", defaults.messageTimeoutMs(), 1, 600_000);
        final long unknownMs = tcp.longInteger("unknown-source-timeout-ms", defaults.unknownSourceTimeoutMs(), 1, 600_000);
        return tcp.build(() -> new TcpLimits(total, perSource, idleMs, messageMs, unknownMs));
    }

    private static SipLimits limits(final ConfigNode limits)
    {
        if (limits == null)
        {
            return SipLimits.DEFAULT;
        }
        limits.allowOnly(LIMIT_KEYS);
        final SipLimits defaults = SipLimits.DEFAULT;
        final int startLine = limits.integer("max-start-line-bytes", defaults.maxStartLineBytes(), 0, Integer.MAX_VALUE);
        final int headerBytes = limits.integer("max-header-bytes", defaults.maxHeaderBytes(), 0, Integer.MAX_VALUE);
        final int headerCount = limits.integer("max-header-count", defaults.maxHeaderCount(), 0, Integer.MAX_VALUE);
        final int bodyBytes = limits.integer("max-body-bytes", defaults.maxBodyBytes(), 0, Integer.MAX_VALUE);
        return limits.build(() -> new SipLimits(startLine, headerBytes, headerCount, bodyBytes));
    }

    private static CustomerTrunk customer(final ConfigNode item, final Set<String> trunkNames)
    {
        item.allowOnly(CUSTOMER_KEYS);
        final String name = trunkName(item, trunkNames);
        final List<ConfigNode> sourceNodes = item.sequence("sources");
        if (sourceNodes.isEmpty())
        {
            throw item.error("customer trunk '" + name + "' needs at least one address block in 'sources'");
        }
        final List<AddressRange> sources = new ArrayList<>();
        for (final ConfigNode source : sourceNodes)
        {
            final String text = source.text();
            sources.add(source.build(() -> AddressRange.parse(text)));
        }
        final String techPrefix = item.string("tech-prefix", "");
        final NumberRules numberRules = numberRules(item.mapping("number-rules"));
        final int cpsLimit = item.integer("cps-limit", DEFAULT_CPS_LIMIT, 1, 1_000_000);
        final int concurrentLimit = item.integer("concurrent-limit", DEFAULT_CONCURRENT_LIMIT, 1, 10_000_000);
        final int maxAttempts = RoutingConfigReader.maxAttempts(item.mapping("routing"), item.mapping("failover"));
        final FailoverPolicy failover = failover(item.mapping("failover"), maxAttempts);
        final CallTimerPolicy callTimers = callTimers(item.mapping("call-timers"));
        final ConfigNode at = item.has("tech-prefix") ? item.child("tech-prefix") : item;
        return at.build(() -> new CustomerTrunk(
            name, sources, techPrefix, numberRules, cpsLimit, concurrentLimit, failover, callTimers));
    }

    private static CallTimerPolicy callTimers(final ConfigNode timers)
    {
        final CallTimerPolicy defaults = CallTimerPolicy.DEFAULTS;
        if (timers == null)
        {
            return defaults;
        }
        timers.allowOnly(CALL_TIMER_KEYS);
        final long maxDuration = timers.longInteger("max-duration-s", defaults.maxDurationSeconds(), 0, 7 * 86_400);
        final int sessionExpires = timers.integer("session-expires-s", defaults.sessionExpiresSeconds(), 0, 86_400);
        final int minSe = timers.integer("min-se-s", defaults.minSeSeconds(), 1, 86_400);
        return timers.build(() -> new CallTimerPolicy(maxDuration, sessionExpires, minSe));
    }

    private static NumberRules numberRules(final ConfigNode rules)
    {
        if (rules == null)
        {
            return NumberRules.NONE;
        }
        rules.allowOnly(NUMBER_RULE_KEYS);
        final String strip = rules.string("strip-prefix", "");
        final String international = rules.string("international-prefix", "");
        final String national = rules.string("national-prefix", "");
        final String countryCode = rules.string("country-code", "");
        final String add = rules.string("add-prefix", "");
        return rules.build(() -> new NumberRules(strip, international, national, countryCode, add));
    }

    /**
     * The failover block; its attempt limit is the customer's one rule ({@link RoutingConfigReader#maxAttempts}).
     */
    private static FailoverPolicy failover(final ConfigNode failover, final int maxAttempts)
    {
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        if (failover == null)
        {
            return new FailoverPolicy(defaults.rerouteOn(), defaults.stopOn(), defaults.provisionalTimeoutMs(), maxAttempts);
        }
        failover.allowOnly(FAILOVER_KEYS);
        final BitSet rerouteOn = failover.has("reroute-on") ? codes(failover.sequence("reroute-on")) : defaults.rerouteOn();
        final BitSet stopOn = failover.has("stop-on") ? codes(failover.sequence("stop-on")) : defaults.stopOn();
        final long provisionalTimeoutMs = failover.longInteger(
            "provisional-timeout-ms", defaults.provisionalTimeoutMs(), 1, 600_000);
        return failover.build(() -> new FailoverPolicy(rerouteOn, stopOn, provisionalTimeoutMs, maxAttempts));
    }

    /**
     * Reads SIP final failure codes: single codes ({@code 503}) and classes ({@code 5xx}).
     */
    private static BitSet codes(final List<ConfigNode> items)
    {
        final BitSet codes = new BitSet(FailoverPolicy.LAST_FAILURE_CODE + 1);
        for (final ConfigNode item : items)
        {
            final String text = item.text().toLowerCase(Locale.ROOT);
            if (text.length() == 3 && text.endsWith("xx") && text.charAt(0) >= '3' && text.charAt(0) <= '6')
            {
                final int first = (text.charAt(0) - '0') * 100;
                codes.set(first, first + 100);
            }
            else
            {
                codes.set((int)item.longValue(FailoverPolicy.FIRST_FAILURE_CODE, FailoverPolicy.LAST_FAILURE_CODE));
            }
        }
        return codes;
    }

    private static VendorTrunk vendor(final ConfigNode item, final Set<String> trunkNames)
    {
        item.allowOnly(VENDOR_KEYS);
        final String name = trunkName(item, trunkNames);
        final String host = address(item, "host", null);
        final int port = item.integer("port", DEFAULT_SIP_PORT, 1, 65_535);
        final Transport transport = transport(item);
        final int cpsLimit = item.integer("cps-limit", DEFAULT_CPS_LIMIT, 1, 1_000_000);
        final int concurrentLimit = item.integer("concurrent-limit", DEFAULT_CONCURRENT_LIMIT, 1, 10_000_000);
        final ProbePolicy probe = probe(item.mapping("probe"));
        return item.build(() -> new VendorTrunk(name, host, port, transport, cpsLimit, concurrentLimit, probe));
    }

    private static Transport transport(final ConfigNode vendor)
    {
        final ConfigNode node = vendor.child("transport");
        if (node == null)
        {
            return Transport.UDP;
        }
        final String text = node.text();
        for (final Transport transport : Transport.values())
        {
            if (transport.name().equalsIgnoreCase(text))
            {
                return transport;
            }
        }
        throw node.error("'" + node.path() + "' must be udp or tcp, found '" + text + "'");
    }

    private static ProbePolicy probe(final ConfigNode probe)
    {
        if (probe == null)
        {
            return ProbePolicy.DISABLED;
        }
        probe.allowOnly(PROBE_KEYS);
        final ProbePolicy defaults = ProbePolicy.DISABLED;
        final boolean enabled = probe.bool("enabled", true);
        final long intervalMs = probe.longInteger("interval-ms", defaults.intervalMs(), 100, 3_600_000);
        final int failuresToDown = probe.integer("failures-to-down", defaults.failuresToDown(), 1, 1_000);
        final int successesToUp = probe.integer("successes-to-up", defaults.successesToUp(), 1, 1_000);
        return probe.build(() -> new ProbePolicy(enabled, intervalMs, failuresToDown, successesToUp));
    }

    private static String trunkName(final ConfigNode item, final Set<String> trunkNames)
    {
        final String name = item.requiredString("name");
        // Compared ignoring case: names a NOC engineer cannot tell apart must not be two trunks.
        if (!trunkNames.add(name.toLowerCase(Locale.ROOT)))
        {
            throw item.child("name").error("duplicate trunk name '" + name + "' (names are compared ignoring case)");
        }
        return name;
    }

    /**
     * Reads an IP address literal; host names are refused so that loading never waits on DNS.
     */
    private static String address(final ConfigNode parent, final String key, final String defaultValue)
    {
        final ConfigNode node = parent.child(key);
        if (node == null)
        {
            if (defaultValue == null)
            {
                throw parent.error("missing key '" + key + "' in '" + parent.path() + "'");
            }
            return defaultValue;
        }
        final String text = node.text();
        if (text.indexOf('/') >= 0)
        {
            throw node.error("'" + node.path() + "' must be one IP address, found '" + text + "'");
        }
        node.build(() -> AddressRange.parse(text));
        return text;
    }
}
