package io.softswitch.app.config;

import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CallTimerPolicy;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one {@code customers} or {@code vendors} item of the configuration file into its trunk,
 * with its {@code number-rules}, {@code failover}, {@code call-timers} and {@code probe} blocks.
 * The customer's {@code routing} block is {@link RoutingConfigReader}'s. Trunk names are unique
 * across both lists, compared ignoring case.
 */
final class TrunkConfigReader
{
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

    private TrunkConfigReader()
    {
    }

    /**
     * One {@code customers} item; its name is added to {@code trunkNames}, which must not hold it yet.
     */
    static CustomerTrunk customer(final ConfigNode item, final Set<String> trunkNames)
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
        final int cpsLimit = item.integer("cps-limit", ConfigFileReader.DEFAULT_CPS_LIMIT, 1, 1_000_000);
        final int concurrentLimit =
            item.integer("concurrent-limit", ConfigFileReader.DEFAULT_CONCURRENT_LIMIT, 1, 10_000_000);
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

    /**
     * One {@code vendors} item; its name is added to {@code trunkNames}, which must not hold it yet.
     */
    static VendorTrunk vendor(final ConfigNode item, final Set<String> trunkNames)
    {
        item.allowOnly(VENDOR_KEYS);
        final String name = trunkName(item, trunkNames);
        final String host = item.ipAddress("host", null);
        final int port = item.integer("port", ConfigFileReader.DEFAULT_SIP_PORT, 1, 65_535);
        final Transport transport = transport(item);
        final int cpsLimit = item.integer("cps-limit", ConfigFileReader.DEFAULT_CPS_LIMIT, 1, 1_000_000);
        final int concurrentLimit =
            item.integer("concurrent-limit", ConfigFileReader.DEFAULT_CONCURRENT_LIMIT, 1, 10_000_000);
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
}
