package io.softswitch.ratedeck;

/**
 * How an imported file changes the deck it is imported into.
 */
public enum ImportMode
{
    /**
     * The file is the whole deck: prefixes absent from it stop applying when the version takes
     * effect (rows of theirs that had not started yet never apply).
     */
    REPLACE,
    /** Only the file's prefixes change (new rates, increases, decreases); every other prefix is kept. */
    UPDATE
}
