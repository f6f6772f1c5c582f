package io.softswitch.ratedeck;

/**
 * Receives progress of a deck import as the file is read, for a progress bar.
 */
@FunctionalInterface
public interface ImportProgress
{
    /** Reports nothing. */
    ImportProgress NONE = (rowsRead, bytesRead, totalBytes) -> { };

    /**
     * Called every few thousand rows, and once at the end of the file.
     *
     * @param rowsRead   data rows read so far.
     * @param bytesRead  bytes of the file read so far.
     * @param totalBytes size of the file.
     */
    void onProgress(long rowsRead, long bytesRead, long totalBytes);

    /**
     * Called once the file is read and validated, before the diff and the database work.
     *
     * @param rowsRead     data rows read.
     * @param rowsRefused  rows refused by validation (and mapping problems).
     */
    default void onValidated(final long rowsRead, final long rowsRefused)
    {
    }
}
