package io.softswitch.app.admin;

import java.io.InputStream;
import java.util.Map;

/**
 * What the admin API asks of live routing: the route simulator, reloads, blocks and deck imports.
 * Query parameters arrive as given; the implementation validates them and answers 400 with a
 * terse reason when they are wrong.
 */
public interface RoutingApi
{
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
     * Imports a deck sent as the request body, as {@code deck import} does, then reloads.
     *
     * @param query the import parameters: {@code trunk}, {@code direction}, optional {@code mapping},
     *              {@code mode}, {@code effective}, {@code dry-run}, {@code accept-drop-bad-rows}.
     * @param body  the CSV.
     * @return the validation report and diff.
     */
    ApiReply importDeck(Map<String, String> query, InputStream body);

    /**
     * The versions of one deck: {@code trunk}, {@code direction}.
     *
     * @param query the query parameters.
     * @return the history.
     */
    ApiReply history(Map<String, String> query);
}
