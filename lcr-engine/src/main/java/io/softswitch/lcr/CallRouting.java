package io.softswitch.lcr;

/**
 * What the call path asks of and tells the LCR engine, by trunk id and without ever waiting:
 * every method returns at once, and a full engine is a {@code false} return the caller turns
 * into a 503 with Retry-After (a query) or simply loses (a sample), never a wait or a lock.
 *
 * <p>{@link LcrEngine} is the one the switch runs; tests may supply their own to answer on the
 * caller's thread or to record what the switch reported.
 */
public interface CallRouting
{
    /**
     * The trunk ids the engine routes with: a customer's id for {@link #tryRoute}, the vendor ids
     * that answers carry.
     *
     * @return the ids.
     */
    TrunkIds trunkIds();

    /**
     * Vendor availability and capacity, written by the switch, read by the engine at each query.
     *
     * @return the state, indexed by vendor id.
     */
    VendorStates vendorStates();

    /**
     * Asks for the routes of one call, if the engine can take the query now.
     *
     * @param customerId  the customer trunk's id ({@link TrunkIds#customerId}).
     * @param e164Number  the dialled number after the customer's number rules, digits only;
     *                    copied before this returns.
     * @param listener    told the result exactly once, possibly on another thread, when this
     *                    returns true; never told anything when it returns false.
     * @return false when the engine is full: nothing was asked, the refusal was counted, and the
     *         call should be refused with 503 and Retry-After.
     */
    boolean tryRoute(int customerId, CharSequence e164Number, RouteListener listener);

    /**
     * Reports the final outcome of one INVITE sent to a vendor, as a quality sample.
     *
     * @param vendorId   the vendor trunk's id.
     * @param e164Number the number dialled, digits only.
     * @param sipCode    the final status (200 for an answered call, 486, 503, 408 for a timeout ...).
     * @param pddMs      milliseconds from the INVITE to the first 180/183, or -1 when none came.
     * @return false when the sample was dropped (engine full), counted.
     */
    boolean onAttempt(int vendorId, CharSequence e164Number, int sipCode, long pddMs);

    /**
     * Reports the duration of an answered call that ended, for the vendor's ACD.
     *
     * @param vendorId   the vendor trunk's id.
     * @param e164Number the number dialled, digits only.
     * @param durationMs connected time in milliseconds.
     * @return false when the sample was dropped (engine full), counted.
     */
    boolean onCallEnded(int vendorId, CharSequence e164Number, long durationMs);
}
