package io.softswitch.lcr;

import java.util.Map;
import java.util.Objects;

/**
 * How calls of one customer trunk are routed: ordering, margin protection and attempt count.
 *
 * <p>Margin is the customer's sell rate per minute less the vendor's buy rate per minute, in
 * micro-units. A vendor is kept only when the margin is at least {@code minMarginMicros} and at
 * least {@code minMarginBasisPoints} of the sell rate (1 basis point = 0.01 %). Both checks are
 * done in exact integer arithmetic ({@code margin * 10000 >= sell * basisPoints}), so a margin
 * exactly at the minimum passes and nothing is rounded. With both minimums at zero a vendor may
 * cost as much as the sell rate but never more.
 *
 * @param mode                 ordering mode.
 * @param minMarginMicros      smallest margin per minute kept, in micro-units; may be negative
 *                             to allow a known loss.
 * @param minMarginBasisPoints smallest margin as a share of the sell rate, in basis points.
 * @param maxAttempts          longest list returned (vendors tried in turn), 1 to
 *                             {@link #MAX_ATTEMPTS_LIMIT}.
 * @param vendors              preferences by vendor trunk name; vendors not named get
 *                             {@link VendorPreference#DEFAULT}.
 */
public record CustomerRouting(
    OrderingMode mode,
    long minMarginMicros,
    int minMarginBasisPoints,
    int maxAttempts,
    Map<String, VendorPreference> vendors)
{
    /** Upper bound of {@code maxAttempts}: result holders are sized for it. */
    public static final int MAX_ATTEMPTS_LIMIT = 32;

    /** Least cost, no minimum margin beyond not losing money, three attempts. */
    public static final CustomerRouting DEFAULT = new CustomerRouting(OrderingMode.LEAST_COST, 0, 0, 3, Map.of());

    /**
     * Validates the settings.
     */
    public CustomerRouting
    {
        Objects.requireNonNull(mode, "mode");
        vendors = Map.copyOf(vendors);
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT)
        {
            throw new IllegalArgumentException("maxAttempts out of range: maxAttempts=" + maxAttempts);
        }
        if (minMarginBasisPoints < 0 || minMarginBasisPoints > 10_000)
        {
            throw new IllegalArgumentException("minMarginBasisPoints out of range: minMarginBasisPoints=" + minMarginBasisPoints);
        }
    }

    /**
     * The preference for a vendor.
     *
     * @param vendor vendor trunk name.
     * @return its configured preference, or {@link VendorPreference#DEFAULT}.
     */
    public VendorPreference preference(final String vendor)
    {
        final VendorPreference preference = vendors.get(vendor);
        return preference == null ? VendorPreference.DEFAULT : preference;
    }
}
