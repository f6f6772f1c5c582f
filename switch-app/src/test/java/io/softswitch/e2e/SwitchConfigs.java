package io.softswitch.e2e;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CallTimerPolicy;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Switch configurations for the end-to-end tests: one switch on loopback with free ports, one
 * customer trunk, vendors (the SIPp callees), and in-memory rate decks for the LCR engine.
 */
final class SwitchConfigs
{
    /** Where the switch and every SIPp listen. */
    static final String LOOPBACK = "127.0.0.1";

    /** The provisional-answer time the tests configure, short so that the tests stay fast. */
    static final long PROVISIONAL_TIMEOUT_MS = 500;

    /** The number every test dials; the decks' prefix {@code 1} covers it. */
    static final String NUMBER = "15551234567";

    /** What the customer pays a minute for prefix {@code 1}: 0.010000. */
    static final long SELL_MICROS = 10_000;

    private static final Instant SINCE = Instant.parse("2020-01-01T00:00:00Z");

    private SwitchConfigs()
    {
    }

    /**
     * A customer trunk.
     *
     * @param source          the source address block allowed in.
     * @param concurrentLimit calls in progress at once.
     * @return the trunk, with default failover codes and {@link #PROVISIONAL_TIMEOUT_MS}.
     */
    static CustomerTrunk customer(final String source, final int concurrentLimit)
    {
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        return new CustomerTrunk(
            "customer-a",
            List.of(AddressRange.parse(source)),
            "",
            NumberRules.NONE,
            1_000,
            concurrentLimit,
            new FailoverPolicy(defaults.rerouteOn(), defaults.stopOn(), PROVISIONAL_TIMEOUT_MS, 5));
    }

    /**
     * A customer trunk whose calls live by the given timers.
     *
     * @param source          the source address block allowed in.
     * @param concurrentLimit calls in progress at once.
     * @param callTimers      maximum duration and session timers.
     * @return the trunk.
     */
    static CustomerTrunk customer(final String source, final int concurrentLimit, final CallTimerPolicy callTimers)
    {
        final CustomerTrunk trunk = customer(source, concurrentLimit);
        return new CustomerTrunk(trunk.name(), trunk.sources(), trunk.techPrefix(), trunk.numberRules(),
            trunk.cpsLimit(), trunk.concurrentLimit(), trunk.failover(), callTimers);
    }

    /**
     * A vendor trunk on loopback, not probed (a SIPp scenario would take the OPTIONS for a call).
     *
     * @param name      trunk name.
     * @param port      the SIPp callee's port.
     * @param transport UDP or TCP.
     * @return the trunk.
     */
    static VendorTrunk vendor(final String name, final int port, final Transport transport)
    {
        return new VendorTrunk(name, LOOPBACK, port, transport, 1_000, 100, ProbePolicy.DISABLED);
    }

    /**
     * A switch listening on free UDP and TCP ports of loopback.
     *
     * @param customer the customer trunk.
     * @param vendors  the vendors.
     * @return the configuration.
     */
    static SwitchConfig config(final CustomerTrunk customer, final List<VendorTrunk> vendors)
    {
        return new SwitchConfig(
            new SipListen(LOOPBACK, 0, 0, LOOPBACK),
            SipLimits.DEFAULT,
            SipTimers.RFC_3261,
            List.of(customer),
            vendors);
    }

    /**
     * Decks under which least cost tries the vendors in the given order: the customer sells
     * prefix {@code 1} at {@link #SELL_MICROS}, the vendors buy it at 0.001, 0.002 ... a minute.
     * No quality threshold, so earlier calls never reorder them.
     *
     * @param customer the customer trunk.
     * @param vendors  the vendors, cheapest first.
     * @return the snapshot.
     */
    static RouteSnapshot inOrder(final CustomerTrunk customer, final List<VendorTrunk> vendors)
    {
        final long[] prices = new long[vendors.size()];
        for (int i = 0; i < prices.length; i++)
        {
            prices[i] = 1_000L * (i + 1);
        }
        return snapshot(customer, vendors, prices, new QualitySettings(4, 60_000, 15, 20, 0, 0, 0, Long.MAX_VALUE,
            QualitySettings.DEFAULT.action(), 500));
    }

    /**
     * Decks for prefix {@code 1}: the customer sells at {@link #SELL_MICROS}, each vendor buys at
     * its price; least cost with every vendor in the list.
     *
     * @param customer the customer trunk.
     * @param vendors  the vendors.
     * @param prices   each vendor's price a minute, micro-units.
     * @param quality  the quality window and thresholds.
     * @return the snapshot.
     */
    static RouteSnapshot snapshot(final CustomerTrunk customer, final List<VendorTrunk> vendors, final long[] prices,
        final QualitySettings quality)
    {
        final List<TrunkRates> decks = new ArrayList<>();
        decks.add(new TrunkRates(customer.name(), DeckDirection.CUSTOMER, List.of(rate(SELL_MICROS))));
        for (int i = 0; i < vendors.size(); i++)
        {
            decks.add(new TrunkRates(vendors.get(i).name(), DeckDirection.VENDOR, List.of(rate(prices[i]))));
        }
        final CustomerRouting routing =
            new CustomerRouting(OrderingMode.LEAST_COST, 0, 0, CustomerRouting.MAX_ATTEMPTS_LIMIT, Map.of());
        return RouteSnapshot.build(decks, new RoutingSettings(routing, Map.of(), quality));
    }

    /**
     * Decks that route every number (prefixes 1 to 9) to one vendor.
     *
     * @param customer the customer trunk.
     * @param vendor   the vendor.
     * @return the snapshot.
     */
    static RouteSnapshot everyNumber(final CustomerTrunk customer, final VendorTrunk vendor)
    {
        final List<Rate> sell = new ArrayList<>();
        final List<Rate> buy = new ArrayList<>();
        for (char digit = '1'; digit <= '9'; digit++)
        {
            sell.add(new Rate(String.valueOf(digit), "zone " + digit, SELL_MICROS, 0, 60, 60, 0, SINCE, null));
            buy.add(new Rate(String.valueOf(digit), "zone " + digit, SELL_MICROS / 2, 0, 60, 60, 0, SINCE, null));
        }
        return RouteSnapshot.build(List.of(new TrunkRates(customer.name(), DeckDirection.CUSTOMER, sell),
            new TrunkRates(vendor.name(), DeckDirection.VENDOR, buy)), RoutingSettings.DEFAULT);
    }

    private static Rate rate(final long micros)
    {
        return new Rate("1", "North America", micros, 0, 60, 60, 0, SINCE, null);
    }
}
