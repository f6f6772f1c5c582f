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
 * @param confirmOverPercent a replace that would remove more than this share (0 to 100) of the
 *                          deck's live prefixes needs {@code removalsConfirmed}; 100 never asks.
 * @param removalsConfirmed  the caller has seen the removals and wants them.
 */
public record DeckImportRequest(
    String trunk,
    DeckDirection direction,
    Path file,
    ColumnMapping mapping,
    ImportMode mode,
    Instant effectiveAt,
    boolean dryRun,
    boolean acceptDropBadRows,
    int confirmOverPercent,
    boolean removalsConfirmed)
{
    /** The share of live prefixes a replace may remove unasked when the caller sets none. */
    public static final int NEVER_ASK = 100;

    /**
     * A request that never asks to confirm removals (the command line's, which shows the diff).
     *
     * @param trunk             trunk name.
     * @param direction         vendor or customer deck.
     * @param file              the CSV file.
     * @param mapping           which column holds which field.
     * @param mode              replace or update.
     * @param effectiveAt       when the version takes effect.
     * @param dryRun            validate and diff only.
     * @param acceptDropBadRows import the good rows when some rows are refused.
     */
    public DeckImportRequest(final String trunk, final DeckDirection direction, final Path file,
        final ColumnMapping mapping, final ImportMode mode, final Instant effectiveAt, final boolean dryRun,
        final boolean acceptDropBadRows)
    {
        this(trunk, direction, file, mapping, mode, effectiveAt, dryRun, acceptDropBadRows, NEVER_ASK, false);
    }

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
        if (confirmOverPercent < 0 || confirmOverPercent > NEVER_ASK)
        {
            throw new IllegalArgumentException("confirmOverPercent must be 0..100: confirmOverPercent=" + confirmOverPercent);
        }
        if (trunk == null || trunk.isBlank())
        {
            throw new IllegalArgumentException("trunk name required: trunk=" + trunk);
        }
    }
}
