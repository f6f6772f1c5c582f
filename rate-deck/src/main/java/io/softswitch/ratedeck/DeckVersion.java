package io.softswitch.ratedeck;

import java.time.Instant;

/**
 * One stored version of a deck: one import, with the diff counts it had when it was accepted.
 *
 * @param versionNo     1, 2, ... within the deck.
 * @param mode          replace or update.
 * @param effectiveFrom when the version takes effect.
 * @param importedAt    when it was imported.
 * @param fileName      the file imported.
 * @param mapping       the column mapping used.
 * @param rowsRead      data rows in the file.
 * @param rowsDropped   rows refused and dropped on the caller's say-so.
 * @param counts        the diff against the deck in force before it.
 */
public record DeckVersion(
    int versionNo,
    ImportMode mode,
    Instant effectiveFrom,
    Instant importedAt,
    String fileName,
    String mapping,
    long rowsRead,
    long rowsDropped,
    DiffCounts counts)
{
}
