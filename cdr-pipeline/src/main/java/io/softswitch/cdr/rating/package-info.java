/**
 * Rating arithmetic in fixed point ({@link io.softswitch.cdr.rating.Rating}) and the rate decks' history
 * to find the rate in force at a call's start ({@link io.softswitch.cdr.rating.RateBook},
 * {@link io.softswitch.cdr.rating.DeckHistory}).
 */
package io.softswitch.cdr.rating;
