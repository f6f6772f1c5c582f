package io.softswitch.lcr;

import java.util.Map;
import java.util.Objects;

/**
 * The routing policy the LCR engine applies on top of the rate decks: per-customer ordering,
 * margin and attempts, and the quality thresholds. A plain value the configuration fills.
 *
 * @param defaults  routing of customers that {@code customers} does not name.
 * @param customers routing by customer trunk name.
 * @param quality   quality measurement and thresholds, shared by all customers.
 */
public record RoutingSettings(CustomerRouting defaults, Map<String, CustomerRouting> customers, QualitySettings quality)
{
    /** Defaults everywhere. */
    public static final RoutingSettings DEFAULT =
        new RoutingSettings(CustomerRouting.DEFAULT, Map.of(), QualitySettings.DEFAULT);

    /**
     * Copies the map.
     */
    public RoutingSettings
    {
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(quality, "quality");
        customers = Map.copyOf(customers);
    }

    /**
     * The routing of one customer.
     *
     * @param customer customer trunk name.
     * @return its settings, or {@link #defaults()}.
     */
    public CustomerRouting customer(final String customer)
    {
        final CustomerRouting routing = customers.get(customer);
        return routing == null ? defaults : routing;
    }
}
