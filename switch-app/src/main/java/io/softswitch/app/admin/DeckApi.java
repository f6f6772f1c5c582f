package io.softswitch.app.admin;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What the admin API asks of the rate decks: imports and history. Parameters arrive as given,
 * each once and only those the route takes; the implementation checks their values before
 * anything changes.
 */
public interface DeckApi
{
    /** The query parameters of a deck import. */
    Set<String> IMPORT_PARAMS = Set.of("trunk", "direction", "mapping", "mode", "effective", "dry-run",
        "accept-drop-bad-rows", "confirm-removals", "file");

    /**
     * Checks a deck import's parameters before its body is read, from memory only (it runs on the
     * server's I/O thread): a refusal here means the upload is not stored at all.
     *
     * @param query the import parameters ({@link #IMPORT_PARAMS}).
     * @return {@code null} to go on, or the refusal.
     */
    ApiReply checkImport(Map<String, String> query);

    /**
     * Imports a deck sent as the request body, as {@code deck import} does, then reloads.
     *
     * @param query the import parameters.
     * @param body  the CSV, spooled to a file.
     * @return the validation report and diff.
     */
    ApiReply importDeck(Map<String, String> query, Path body);

    /**
     * The versions of one deck: {@code trunk}, {@code direction}.
     *
     * @param query the query parameters.
     * @return the history.
     */
    ApiReply history(Map<String, String> query);
}
