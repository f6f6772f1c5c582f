package io.softswitch.signaling.call;

/**
 * Told once about every call that ends, answered or not, including a call refused before routing
 * once its customer trunk is known (for example for a limit or overload).
 *
 * <p>Called on the call's own event loop: it must not block, and it must not keep the view, which
 * is only valid during the call (copy what it needs, for example into a journal).
 */
@FunctionalInterface
public interface CallEndListener
{
    /** Listens to nothing. */
    CallEndListener NONE = call ->
    {
    };

    /**
     * A call ended.
     *
     * @param call a read-only view of the call, valid only during this call.
     */
    void onCallEnded(EndedCall call);
}
