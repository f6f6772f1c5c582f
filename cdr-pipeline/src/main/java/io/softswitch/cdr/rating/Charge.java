package io.softswitch.cdr.rating;

/**
 * What one answered call leg costs at one rate: the billed seconds and the amount.
 *
 * @param billedSeconds seconds billed after minimum duration and increments.
 * @param amountMicros  connect fee plus the billed seconds at the rate, micro-units.
 */
public record Charge(long billedSeconds, long amountMicros)
{
}
