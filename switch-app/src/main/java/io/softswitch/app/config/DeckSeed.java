package io.softswitch.app.config;

import io.softswitch.ratedeck.DeckDirection;

import java.nio.file.Path;

/**
 * A rate deck file imported at start when its trunk has no deck in that direction yet, so that a
 * fresh install routes at once.
 *
 * @param trunk     trunk name, as in {@code customers} or {@code vendors}.
 * @param direction vendor (buy) or customer (sell).
 * @param file      the CSV file, resolved against the configuration file's directory.
 * @param mapping   the column mapping: a preset name or a custom mapping.
 */
public record DeckSeed(String trunk, DeckDirection direction, Path file, String mapping)
{
}
