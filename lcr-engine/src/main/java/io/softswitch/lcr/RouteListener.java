package io.softswitch.lcr;

/**
 * Receives the answer to one route query.
 */
@FunctionalInterface
public interface RouteListener
{
    /**
     * Called once with the result of the query.
     *
     * @param result the ordered vendors, or why there are none.
     */
    void onRoute(RouteResult result);
}
