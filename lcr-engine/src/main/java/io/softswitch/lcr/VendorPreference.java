package io.softswitch.lcr;

/**
 * A customer's static preference for one vendor, used by {@link OrderingMode#PRIORITY} and
 * {@link OrderingMode#WEIGHTED}.
 *
 * @param priority lower comes first; vendors without a preference get {@link #DEFAULT_PRIORITY}.
 * @param weight   share of first attempts among vendors of equal priority, relative to the other
 *                 weights (70 and 30 split 70 % / 30 %); 0 never takes the first place by weight.
 */
public record VendorPreference(int priority, int weight)
{
    /** Priority of a vendor the customer's settings do not name. */
    public static final int DEFAULT_PRIORITY = 100;

    /** Weight of a vendor the customer's settings do not name. */
    public static final int DEFAULT_WEIGHT = 1;

    /** The preference of a vendor the settings do not name. */
    public static final VendorPreference DEFAULT = new VendorPreference(DEFAULT_PRIORITY, DEFAULT_WEIGHT);

    /**
     * Validates the preference.
     */
    public VendorPreference
    {
        if (priority < 0 || weight < 0)
        {
            throw new IllegalArgumentException("negative preference: priority=" + priority + " weight=" + weight);
        }
    }
}
