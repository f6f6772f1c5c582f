package io.softswitch.lcr;

import java.util.List;
import java.util.Map;

/**
 * Builds {@link RouteSelector}s, settings and queries for the selector's tests: one customer
 * ({@link #CUSTOMER}) selling at {@link #SELL} unless a test says otherwise.
 */
final class Selectors
{
    static final String CUSTOMER = "cust";
    static final long SELL = 10_000;

    private Selectors()
    {
    }

    static RouteSelector newSelector(final RouteSnapshot snapshot, final RouteResultPool pool)
    {
        return new RouteSelector(snapshot, pool, new VendorStates(TrunkIds.MAX_IDS));
    }

    static RoutingSettings settings(final CustomerRouting routing)
    {
        return new RoutingSettings(CustomerRouting.DEFAULT, Map.of(CUSTOMER, routing), QualitySettings.DEFAULT);
    }

    static RoutingSettings settings(final CustomerRouting routing, final QualitySettings quality)
    {
        return new RoutingSettings(CustomerRouting.DEFAULT, Map.of(CUSTOMER, routing), quality);
    }

    static CustomerRouting routing(final OrderingMode mode, final int maxAttempts)
    {
        return new CustomerRouting(mode, 0, 0, maxAttempts, Map.of());
    }

    static RouteResult query(final RouteSelector selector, final String customer, final String number,
        final long nowMs)
    {
        final char[] digits = number.toCharArray();
        return selector.route(selector.snapshot().ids().customerId(customer), digits, digits.length, nowMs);
    }

    static List<String> vendors(final RouteSelector selector, final String number, final long nowMs)
    {
        final RouteResult result = query(selector, CUSTOMER, number, nowMs);
        final List<String> vendors = List.copyOf(result.vendors());
        result.release();
        return vendors;
    }

    static void record(final RouteSelector selector, final String vendor, final int attempts, final int answered,
        final long nowMs)
    {
        final char[] number = "44201".toCharArray();
        for (int i = 0; i < attempts; i++)
        {
            selector.recordAttempt(selector.snapshot().ids().vendorId(vendor), number, number.length,
                i < answered ? 200 : 503, 1_000, nowMs);
        }
    }
}
