package io.softswitch.lcr;

/**
 * Why a vendor is not in the list a route query returned, as the route simulator reports it.
 * Checks run in the order of the constants; a vendor is reported with the first that applies.
 */
public enum ExclusionReason
{
    /** The vendor's deck has no prefix of the number with a rate in force. */
    NO_RATE("no rate in force"),
    /** The number starts with a blocked prefix (blocked for every vendor). */
    PREFIX_BLOCKED("prefix blocked"),
    /** The vendor is blocked. */
    VENDOR_BLOCKED("vendor blocked"),
    /** The number starts with a prefix blocked for this vendor. */
    VENDOR_PREFIX_BLOCKED("prefix blocked for vendor"),
    /** The vendor failed its OPTIONS probe. */
    DOWN("down (OPTIONS)"),
    /** The vendor has no free capacity. */
    AT_CAPACITY("at capacity"),
    /** The customer has no sell rate for the number, so no margin can be made. */
    NO_SELL_RATE("customer has no sell rate"),
    /** The vendor's rate leaves less than the customer's minimum margin. */
    BELOW_MARGIN("below minimum margin"),
    /** The vendor's quality on the destination is below a threshold and the action is exclude. */
    POOR_QUALITY("quality below threshold"),
    /** Eligible, but the list was already as long as the customer's maximum attempts. */
    OVER_MAX_ATTEMPTS("over max attempts");

    private final String description;

    ExclusionReason(final String description)
    {
        this.description = description;
    }

    /**
     * A short human description for the plain-text table.
     *
     * @return the description.
     */
    public String description()
    {
        return description;
    }
}
