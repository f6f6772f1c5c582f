package io.softswitch.ratedeck;

import java.util.Locale;

/**
 * One refused row of a rate deck file, or a problem with the file's column mapping.
 *
 * @param file    file name as given to the import.
 * @param line    1-based line of the file where the row starts (the header line for a mapping problem).
 * @param problem why it was refused.
 * @param detail  the offending value and context, as terse {@code key=value} pairs.
 */
public record RowError(String file, long line, RowProblem problem, String detail)
{
    /**
     * Whether this error is about the whole file rather than one row: dropping rows cannot fix it.
     *
     * @return true for unknown columns, unmapped required fields, a file without rows and
     *         unconfirmed removals.
     */
    public boolean mappingError()
    {
        return problem == RowProblem.UNKNOWN_COLUMN || problem == RowProblem.UNMAPPED_REQUIRED_FIELD ||
            problem == RowProblem.NO_ROWS || problem == RowProblem.REMOVALS_UNCONFIRMED;
    }

    @Override
    public String toString()
    {
        return file + ":" + line + ": " + problem.name().toLowerCase(Locale.ROOT) + " " + detail;
    }
}
