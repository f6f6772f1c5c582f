package io.softswitch.lcr;

/**
 * Source of routes: which vendor trunks a call from a customer trunk should be offered to, in
 * the order to try them.
 *
 * <p>The answer may come on another thread (an engine that owns its tables on its own thread
 * answers from there); callers hand the result back to the thread that owns the call.
 *
 * @deprecated names on the call path: use {@link CallRouting#tryRoute}.
 */
@Deprecated
public interface Router
{
    /**
     * Asks for the routes of one call.
     *
     * @param customerTrunk name of the customer trunk the call came from.
     * @param e164Number    the dialled number after the customer's number rules, digits only.
     * @param listener      told the result exactly once.
     */
    void route(String customerTrunk, CharSequence e164Number, RouteListener listener);
}
