package io.softswitch.ratedeck;

import java.util.List;

/**
 * What a deck import did: the version it stored (if any), the refused rows, and the diff.
 *
 * @param outcome       stored, dry run, or rejected.
 * @param versionNo     number of the stored version within its deck (1, 2, ...); 0 when none was stored.
 * @param rowsRead      data rows in the file (header excluded).
 * @param rowsAccepted  rows that passed validation (stored unless dry run or rejected).
 * @param errors        every refused row and mapping problem, in file order.
 * @param diff          the change against the deck in force; for a rejected import, of the good rows.
 */
public record DeckImportResult(
    Outcome outcome,
    int versionNo,
    long rowsRead,
    long rowsAccepted,
    List<RowError> errors,
    DeckDiff diff)
{
    /**
     * Copies the errors.
     */
    public DeckImportResult
    {
        errors = List.copyOf(errors);
    }

    /**
     * How an import ended.
     */
    public enum Outcome
    {
        /** A new version was stored. */
        STORED,
        /** Validated and diffed only, as asked: nothing changed. */
        DRY_RUN,
        /** Refused rows (not accepted for dropping), a mapping problem or no rows at all: nothing changed. */
        REJECTED,
        /**
         * A replace that would remove more of the deck's live prefixes than the request allows
         * without confirmation: nothing changed; the diff shows what would have been removed.
         */
        NEEDS_CONFIRMATION
    }
}
