package io.softswitch.ratedeck;

/**
 * Which side of the margin a rate deck prices.
 */
public enum DeckDirection
{
    /** What a vendor trunk charges us: the buy price. */
    VENDOR,
    /** What we charge a customer trunk: the sell price. */
    CUSTOMER
}
