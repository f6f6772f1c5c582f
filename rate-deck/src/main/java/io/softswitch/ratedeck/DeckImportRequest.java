package io.softswitch.ratedeck;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One rate deck file to import into one trunk's deck.
 *
 * @param trunk             trunk name, as in the switch's configuration.
 * @param direction         vendor (buy) or customer (sell) deck.
 * @param file              the CSV file.
 * @param mapping           which column holds which field.
 * @param mode              replace the whole deck, or update only the file's prefixes.
 * @param effectiveAt       when the version takes effect; rows dated earlier take effect then.
 * @param dryRun            validate and diff only: change nothing.
 * @param acceptDropBadRows import the good rows when some rows are refused (never with a mapping error).
 */
public record DeckImportRequest(
    String trunk,
    DeckDirection direction,
    Path file,
    ColumnMapping mapping,
    ImportMode mode,
    Instant effectiveAt,
    boolean dryRun,
    boolean acceptDropBadRows)
{
    /**
     * Checks that nothing is missing.
     */
    public DeckImportRequest
    {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        if (trunk == null || trunk.isBlank())
        {
            throw new IllegalArgumentException("trunk name required: trunk=" + trunk);
        }
    }
}
