package io.softswitch.app.config;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
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
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
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
        Set.of("sip", "admin", "timers", "limits", "customers", "vendors", "quality", "database", "decks", "media");
    private static final Set<String> SIP_KEYS = Set.of("host", "udp-port", "tcp-port", "advertised-host");
    private static final Set<String> ADMIN_KEYS = Set.of("host", "port");
    private static final Set<String> TIMER_KEYS = Set.of("t1-ms", "t2-ms", "t4-ms");
    private static final Set<String> LIMIT_KEYS =
        Set.of("max-start-line-bytes", "max-header-bytes", "max-header-count", "max-body-bytes");
    private static final Set<String> CUSTOMER_KEYS = Set.of(
        "name", "sources", "tech-prefix", "number-rules", "cps-limit", "concurrent-limit", "failover", "routing");
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
            routing.put(name, RoutingConfigReader.customerRouting(customerItems.get(i).mapping("routing"), vendorNames));
        }
        final RoutingSettings settings = new RoutingSettings(CustomerRouting.DEFAULT, routing,
            RoutingConfigReader.quality(root.mapping("quality")));
        final DatabaseSettings database = RoutingConfigReader.database(root.mapping("database"), env);
        final Path parent = Path.of(source).getParent();
        final List<DeckSeed> decks =
            RoutingConfigReader.decks(root.sequence("decks"), customerNames, vendorNames, parent);
        final MediaSettings media = MediaConfigReader.media(root.mapping("media"), customerNames);
        return root.build(() -> new SoftswitchConfig(
            new SwitchConfig(listen, limits, timers, customers, vendors), admin, settings, database, decks, media));
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
        return admin.build(() -> new AdminListen(host, port));
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
        final FailoverPolicy failover = failover(item.mapping("failover"));
        final ConfigNode at = item.has("tech-prefix") ? item.child("tech-prefix") : item;
        return at.build(() -> new CustomerTrunk(
            name, sources, techPrefix, numberRules, cpsLimit, concurrentLimit, failover));
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

    private static FailoverPolicy failover(final ConfigNode failover)
    {
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        if (failover == null)
        {
            return defaults;
        }
        failover.allowOnly(FAILOVER_KEYS);
        final BitSet rerouteOn = failover.has("reroute-on") ? codes(failover.sequence("reroute-on")) : defaults.rerouteOn();
        final BitSet stopOn = failover.has("stop-on") ? codes(failover.sequence("stop-on")) : defaults.stopOn();
        final long provisionalTimeoutMs = failover.longInteger(
            "provisional-timeout-ms", defaults.provisionalTimeoutMs(), 1, 600_000);
        final int maxAttempts = failover.integer("max-attempts", defaults.maxAttempts(), 1, 100);
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
        if (!trunkNames.add(name))
        {
            throw item.child("name").error("duplicate trunk name '" + name + "'");
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
