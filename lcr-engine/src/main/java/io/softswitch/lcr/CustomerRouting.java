package io.softswitch.lcr;

import io.softswitch.lcr.internal.ExactProducts;

import java.util.Map;
import java.util.Objects;

/**
 * How calls of one customer trunk are routed: ordering, margin protection and attempt count.
 *
 * <p><b>Margin.</b> The margin of a vendor is the customer's sell rate per minute less the
 * vendor's buy rate per minute, in micro-units. Two minimums exist, and each one that is set
 * must hold; one that is not set ({@link #NOT_SET}) does not apply:
 * <ul>
 *   <li>absolute: {@code sell - buy >= minMarginMicros};</li>
 *   <li>share of the sell rate: {@code (sell - buy) * 10000 >= sell * minMarginBasisPoints}
 *       (1 basis point = 0.01 %), compared exactly in 128-bit integers.</li>
 * </ul>
 * With neither set, the absolute minimum is 0: a vendor may cost as much as the sell rate but
 * never more. Either may be negative to accept a known loss, so a loss is accepted only when
 * every minimum that is set allows it: {@code min-margin: -0.002} alone routes a vendor 0.002
 * dearer than the sell rate, but {@code min-margin-percent: 0} beside it refuses every loss. A
 * margin exactly at a minimum passes; nothing is rounded.
 *
 * @param mode                 ordering mode.
 * @param minMarginMicros      smallest margin per minute kept, in micro-units, may be negative;
 *                             or {@link #NOT_SET}.
 * @param minMarginBasisPoints smallest margin as a share of the sell rate, in basis points,
 *                             -10000 to 10000; or {@link #NOT_SET_BASIS_POINTS}.
 * @param maxAttempts          vendors tried for one call at most (the hunt list's length), 1 to
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
    /** {@code minMarginMicros} when no absolute minimum is configured. */
    public static final long NOT_SET = Long.MIN_VALUE;

    /** {@code minMarginBasisPoints} when no share minimum is configured. */
    public static final int NOT_SET_BASIS_POINTS = Integer.MIN_VALUE;

    /** Upper bound of {@code maxAttempts}: result holders are sized for it. */
    public static final int MAX_ATTEMPTS_LIMIT = 32;

    /** Least cost, no minimum margin beyond not losing money, three attempts. */
    public static final CustomerRouting DEFAULT =
        new CustomerRouting(OrderingMode.LEAST_COST, NOT_SET, NOT_SET_BASIS_POINTS, 3, Map.of());

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
        if (minMarginBasisPoints != NOT_SET_BASIS_POINTS && (minMarginBasisPoints < -10_000 || minMarginBasisPoints > 10_000))
        {
            throw new IllegalArgumentException("minMarginBasisPoints out of range: minMarginBasisPoints=" + minMarginBasisPoints);
        }
    }

    /**
     * The absolute minimum that applies: {@code minMarginMicros}, or 0 when neither minimum is
     * set, or {@link #NOT_SET} when only the share is set.
     *
     * @return the minimum margin per minute in micro-units, or {@link #NOT_SET}.
     */
    public long absoluteMinimumMicros()
    {
        if (minMarginMicros != NOT_SET)
        {
            return minMarginMicros;
        }
        return minMarginBasisPoints == NOT_SET_BASIS_POINTS ? 0 : NOT_SET;
    }

    /**
     * Whether a vendor's buy rate leaves enough margin on a sell rate, by the rules above.
     *
     * @param sellMicros sell rate per minute, micro-units.
     * @param buyMicros  buy rate per minute, micro-units.
     * @return true when every minimum that applies holds.
     */
    public boolean marginKept(final long sellMicros, final long buyMicros)
    {
        final long margin = Math.subtractExact(sellMicros, buyMicros);
        final long absolute = absoluteMinimumMicros();
        if (absolute != NOT_SET && margin < absolute)
        {
            return false;
        }
        if (minMarginBasisPoints == NOT_SET_BASIS_POINTS)
        {
            return true;
        }
        // margin * 10000 >= sell * basisPoints as signed 128-bit products: nothing overflows.
        return ExactProducts.compare(margin, 10_000L, sellMicros, minMarginBasisPoints) >= 0;
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
