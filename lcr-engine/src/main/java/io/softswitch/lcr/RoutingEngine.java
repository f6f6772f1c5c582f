package io.softswitch.lcr;

/**
 * A {@link Router} that also learns from the calls it routed: what the switch reports back to
 * the LCR engine (call outcomes for quality, vendor availability and capacity).
 *
 * <p>{@link LcrEngine} is the one the switch runs; tests may supply their own to answer on the
 * caller's thread or to record what the switch reported.
 *
 * @deprecated names on the call path: use {@link CallRouting} (ids, a query refused with
 *             {@code false} when the engine is full, availability as {@link VendorStates}).
 */
@Deprecated
@SuppressWarnings("deprecation")
public interface RoutingEngine extends Router
{
    /**
     * Reports the final outcome of one INVITE sent to a vendor, as a quality sample.
     *
     * @param vendor     vendor trunk name.
     * @param e164Number the number dialled, digits only.
     * @param sipCode    the final status (200 for an answered call, 486, 503, 408 for a timeout ...).
     * @param pddMs      milliseconds from the INVITE to the first 180/183, or -1 when none came.
     * @return false when the sample was dropped.
     */
    boolean onAttempt(String vendor, CharSequence e164Number, int sipCode, long pddMs);

    /**
     * Reports the duration of an answered call that ended, for the vendor's ACD.
     *
     * @param vendor     vendor trunk name.
     * @param e164Number the number dialled, digits only.
     * @param durationMs connected time in milliseconds.
     * @return false when the sample was dropped.
     */
    boolean onCallEnded(String vendor, CharSequence e164Number, long durationMs);

    /**
     * Marks a vendor down or up, as OPTIONS probing found it.
     *
     * @param vendor vendor trunk name.
     * @param down   true when down.
     */
    void setVendorDown(String vendor, boolean down);

    /**
     * Marks a vendor at or below its concurrent-call limit.
     *
     * @param vendor     vendor trunk name.
     * @param atCapacity true when full.
     */
    void setVendorAtCapacity(String vendor, boolean atCapacity);
}
