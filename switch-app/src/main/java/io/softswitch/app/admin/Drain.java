package io.softswitch.app.admin;

import java.util.Map;

/**
 * Whether the switch is draining: while it is, new calls are refused with 503 and Retry-After
 * (counted per trunk with reason {@code drain}) and the calls in progress run to their end, so an
 * operator can take a node out of service without cutting a call. Set and lifted through the
 * admin API; the event loops read the flag at admission.
 */
public final class Drain
{
    /** The admission refusal reason, as metrics tag it. */
    public static final String REFUSAL_REASON = "drain";

    private volatile boolean draining;

    /**
     * Whether new calls are refused now; cheap and non-blocking, read on the event loops.
     *
     * @return true while draining.
     */
    public boolean draining()
    {
        return draining;
    }

    /**
     * Starts draining.
     *
     * @return the state after the change.
     */
    public ApiReply start()
    {
        draining = true;
        return status();
    }

    /**
     * Stops draining: new calls are taken again.
     *
     * @return the state after the change.
     */
    public ApiReply stop()
    {
        draining = false;
        return status();
    }

    /**
     * The state.
     *
     * @return {@code {"draining":true|false}}.
     */
    public ApiReply status()
    {
        return ApiReply.ok(Map.of("draining", draining));
    }
}
