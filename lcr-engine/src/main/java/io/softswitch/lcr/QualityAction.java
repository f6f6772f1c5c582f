package io.softswitch.lcr;

/**
 * What happens to a vendor whose measured quality on a destination is below a threshold.
 */
public enum QualityAction
{
    /** Kept, but after every vendor whose quality is acceptable. */
    DEMOTE,
    /** Left out of the list. */
    EXCLUDE
}
