package io.softswitch.app.admin;

import java.util.Map;

/**
 * What the admin API asks of live routing: the route simulator, reloads and blocks.
 * Query parameters arrive as given, each once and only those the route takes; the implementation
 * validates their values and answers 400 (404 for a trunk or vendor that does not exist) with a
 * terse reason when they are wrong, before anything changes.
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
}
