package io.softswitch.ratedeck.internal;

import io.softswitch.ratedeck.RowError;

import java.util.List;
import java.util.Map;

/**
 * A deck file read and validated: its good rows, its refused rows, and the good rows by prefix.
 *
 * @param rows     good rows in file order.
 * @param byPrefix first good row of each prefix, the rest chained through {@link DeckRow#samePrefix}.
 * @param errors   refused rows and mapping problems, in file order.
 * @param rowsRead data rows read (header excluded).
 */
public record ParsedDeck(List<DeckRow> rows, Map<String, DeckRow> byPrefix, List<RowError> errors, long rowsRead)
{
    /**
     * Whether the mapping itself is wrong for the file, so that no row could be read.
     *
     * @return true when any error is a mapping error.
     */
    public boolean mappingBroken()
    {
        for (final RowError error : errors)
        {
            if (error.mappingError())
            {
                return true;
            }
        }
        return false;
    }
}
