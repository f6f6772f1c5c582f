package io.softswitch.app.admin;

import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.BitSet;
import java.util.List;

/**
 * The body of {@code GET /api/trunks}: customer and vendor trunks as configured. Plain records
 * written by {@link AdminJson}, kept apart from the trunk types so the API's shape does not
 * change when the signaling types do.
 *
 * @param customers the customer trunks, in configuration order.
 * @param vendors   the vendor trunks, in configuration order.
 */
public record TrunksView(List<Customer> customers, List<Vendor> vendors)
{
    /**
     * The view of a configuration.
     *
     * @param config the configuration.
     * @return the view.
     */
    public static TrunksView of(final SwitchConfig config)
    {
        return of(config.customers(), config.vendors());
    }

    /**
     * The view of a set of trunks.
     *
     * @param customers the customer trunks.
     * @param vendors   the vendor trunks.
     * @return the view.
     */
    public static TrunksView of(final List<CustomerTrunk> customers, final List<VendorTrunk> vendors)
    {
        return new TrunksView(
            customers.stream().map(TrunksView::customer).toList(),
            vendors.stream().map(TrunksView::vendor).toList());
    }

    private static Customer customer(final CustomerTrunk trunk)
    {
        final NumberRules rules = trunk.numberRules();
        final FailoverPolicy failover = trunk.failover();
        return new Customer(trunk.name(), trunk.sources().stream().map(AddressRange::toString).toList(),
            trunk.techPrefix(),
            new Rules(rules.stripPrefix(), rules.internationalPrefix(), rules.nationalPrefix(), rules.countryCode(),
                rules.addPrefix()),
            trunk.cpsLimit(), trunk.concurrentLimit(),
            new Failover(codes(failover.rerouteOn()), codes(failover.stopOn()), failover.provisionalTimeoutMs(),
                failover.maxAttempts()));
    }

    private static Vendor vendor(final VendorTrunk trunk)
    {
        final ProbePolicy probe = trunk.probe();
        return new Vendor(trunk.name(), trunk.host(), trunk.port(), trunk.transport().name(), trunk.cpsLimit(),
            trunk.concurrentLimit(),
            new Probe(probe.enabled(), probe.intervalMs(), probe.failuresToDown(), probe.successesToUp()));
    }

    private static List<Integer> codes(final BitSet codes)
    {
        return codes.stream().boxed().toList();
    }

    /**
     * A customer trunk.
     *
     * @param name            trunk name.
     * @param sources         source address blocks in CIDR notation.
     * @param techPrefix      the tech prefix, empty when unused.
     * @param numberRules     how dialled numbers become E.164.
     * @param cpsLimit        new calls per second accepted.
     * @param concurrentLimit calls in progress at once.
     * @param failover        when the next vendor is tried.
     */
    public record Customer(String name, List<String> sources, String techPrefix, Rules numberRules, int cpsLimit,
        int concurrentLimit, Failover failover)
    {
    }

    /**
     * A customer's number rules.
     *
     * @param stripPrefix         digits removed first.
     * @param internationalPrefix dialled before an international number.
     * @param nationalPrefix      dialled before a national number.
     * @param countryCode         the trunk's country code.
     * @param addPrefix           prepended to the result.
     */
    public record Rules(String stripPrefix, String internationalPrefix, String nationalPrefix, String countryCode,
        String addPrefix)
    {
    }

    /**
     * A customer's failover policy.
     *
     * @param rerouteOn            final codes that make the next vendor be tried, ascending.
     * @param stopOn               final codes relayed at once, ascending.
     * @param provisionalTimeoutMs how long a vendor may stay silent before the next is tried.
     * @param maxAttempts          vendors tried at most.
     */
    public record Failover(List<Integer> rerouteOn, List<Integer> stopOn, long provisionalTimeoutMs, int maxAttempts)
    {
    }

    /**
     * A vendor trunk.
     *
     * @param name            trunk name.
     * @param host            its SIP host.
     * @param port            its SIP port.
     * @param transport       {@code UDP} or {@code TCP}.
     * @param cpsLimit        new calls per second sent to it.
     * @param concurrentLimit calls in progress at once.
     * @param probe           its OPTIONS probing.
     */
    public record Vendor(String name, String host, int port, String transport, int cpsLimit, int concurrentLimit,
        Probe probe)
    {
    }

    /**
     * A vendor's OPTIONS probing.
     *
     * @param enabled        whether it is probed.
     * @param intervalMs     time between probes.
     * @param failuresToDown unanswered probes before it is taken out.
     * @param successesToUp  answered probes before it is put back.
     */
    public record Probe(boolean enabled, long intervalMs, int failuresToDown, int successesToUp)
    {
    }
}
