package io.softswitch.lcr;

/**
 * How a customer's eligible vendors are put in order.
 *
 * <p>Whatever the mode, vendors that quality has demoted come after every vendor that it has not,
 * and ties are broken by vendor name so that the same inputs always give the same list.
 */
public enum OrderingMode
{
    /** Cheapest rate per minute first. */
    LEAST_COST,
    /**
     * Cheapest expected cost per answered call first: the rate per minute divided by the vendor's
     * answer-seizure ratio on the destination (see {@link QualitySettings#unknownAsrPermille()}).
     */
    QUALITY_ADJUSTED_COST,
    /** Lowest configured priority number first, then cheapest. */
    PRIORITY,
    /**
     * Lowest priority number first; among the vendors sharing the best priority the first place
     * is shared by weight (smooth weighted round robin), the rest follow by priority then cost.
     */
    WEIGHTED
}
