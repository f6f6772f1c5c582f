package io.softswitch.ratedeck;

/**
 * How a prefix's price changes with a new deck version, against the deck in force before it.
 *
 * <p>Rows are compared by rate per minute, then by connect fee when the rates are equal; a change
 * of increments alone counts as unchanged.
 */
public enum ChangeKind
{
    /** The prefix had no rate in force at the row's effective time. */
    NEW,
    /** The prefix costs more than before. */
    INCREASED,
    /** The prefix costs less than before. */
    DECREASED,
    /** Same price as before. */
    UNCHANGED,
    /** A replace import leaves the prefix out: it stops applying when the version takes effect. */
    REMOVED
}
