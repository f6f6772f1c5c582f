package io.softswitch.app.admin;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What the admin API asks of live routing: the route simulator, reloads, blocks and deck imports.
 * Query parameters arrive as given, each once and only those the route takes; the implementation
 * validates their values and answers 400 (404 for a trunk or vendor that does not exist) with a
 * terse reason when they are wrong, before anything changes.
 */
public interface RoutingApi
{
    /** The query parameters of a deck import. */
    Set<String> IMPORT_PARAMS = Set.of("trunk", "direction", "mapping", "mode", "effective", "dry-run",
        "accept-drop-bad-rows", "confirm-removals", "file");

    /**
     * What the engine would answer: {@code customer}, {@code number}, optional {@code at} (ISO-8601).
     *
     * @param query the query parameters.
     * @return the simulation ({@code RouteSimulation}).
     */
    ApiReply simulate(Map<String, String> query);

    /**
     * Rebuilds the routing snapshot from the database and swaps it in.
     *
     * @return counts of the new snapshot and the blocks applied.
     */
    ApiReply reload();

    /**
     * The blocks in force.
     *
     * @return {@code {"blocks":[{"vendor":..,"prefix":..,"reason":..,"createdAt":..},...]}}.
     */
    ApiReply blocks();

    /**
     * Sets or lifts a block: {@code vendor}, {@code prefix}, or both, with an optional reason.
     *
     * @param request what to block or lift.
     * @param blocked true to set, false to lift.
     * @return the blocks in force after the change.
     */
    ApiReply block(BlockRequest request, boolean blocked);

    /**
     * Checks a deck import's parameters before its body is read: a refusal here means the upload
     * is not stored at all.
     *
     * @param query the import parameters ({@link #IMPORT_PARAMS}).
     * @return {@code null} to go on, or the refusal.
     */
    ApiReply checkImport(Map<String, String> query);

    /**
     * Imports a deck sent as the request body, as {@code deck import} does, then reloads.
     *
     * @param query the import parameters: {@code trunk}, {@code direction}, {@code mode}, optional
     *              {@code mapping}, {@code effective}, {@code dry-run}, {@code accept-drop-bad-rows},
     *              {@code confirm-removals}, {@code file}.
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
