package io.softswitch.signaling;

import io.softswitch.signaling.call.CallEndListener;
import io.softswitch.signaling.media.MediaPlane;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * What the composition plugs into a switch: who hears about every ended call, and the reasons to
 * refuse new calls for a while (CDR disk full, media ports exhausted ...). Immutable; built with
 * {@link #none()} and the {@code with...} methods.
 *
 * <p>Each refusal is checked at admission, once the customer trunk is known and before any
 * transaction or routing work: while it answers true, new INVITEs get 503 with Retry-After,
 * counted per trunk under {@code softswitch.calls.refused{reason=...}}, and the call ends with
 * {@link io.softswitch.signaling.call.EndReason#OVERLOAD}. A refusal is asked on the event loops
 * for every INVITE, so it must be cheap and must not block: read a volatile flag.
 */
public final class SwitchHooks
{
    private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final SwitchHooks NONE = new SwitchHooks(CallEndListener.NONE, List.of(), MediaPlane.none());

    private final CallEndListener callEndListener;
    private final List<AdmissionRefusal> refusals;
    private final MediaPlane media;

    /**
     * One reason to refuse new calls.
     *
     * @param reason    the metric tag, lower case, e.g. {@code cdr_disk_full}.
     * @param refuseNow true while new calls must be refused.
     */
    public record AdmissionRefusal(String reason, BooleanSupplier refuseNow)
    {
        /**
         * Validates the refusal.
         */
        public AdmissionRefusal
        {
            if (reason == null || !REASON.matcher(reason).matches())
            {
                throw new IllegalArgumentException("refusal reason must be lower-case tag: reason=" + reason);
            }
            Objects.requireNonNull(refuseNow, "refuseNow");
        }
    }

    private SwitchHooks(final CallEndListener callEndListener, final List<AdmissionRefusal> refusals,
        final MediaPlane media)
    {
        this.callEndListener = callEndListener;
        this.refusals = List.copyOf(refusals);
        this.media = media;
    }

    /**
     * No listener, no refusal.
     *
     * @return the empty hooks.
     */
    public static SwitchHooks none()
    {
        return NONE;
    }

    /**
     * These hooks with a listener told of every ended call.
     *
     * @param listener the listener; called on the call's event loop, must not block.
     * @return new hooks.
     */
    public SwitchHooks withCallEndListener(final CallEndListener listener)
    {
        return new SwitchHooks(Objects.requireNonNull(listener, "listener"), refusals, media);
    }

    /**
     * These hooks with one more reason to refuse new calls.
     *
     * @param reason    the metric tag, lower case, unique.
     * @param refuseNow true while new calls must be refused; cheap and non-blocking.
     * @return new hooks.
     */
    public SwitchHooks withAdmissionRefusal(final String reason, final BooleanSupplier refuseNow)
    {
        final AdmissionRefusal refusal = new AdmissionRefusal(reason, refuseNow);
        final List<AdmissionRefusal> more = new ArrayList<>(refusals);
        if (more.stream().anyMatch(existing -> existing.reason().equals(reason)))
        {
            throw new IllegalArgumentException("duplicate refusal reason: reason=" + reason);
        }
        more.add(refusal);
        return new SwitchHooks(callEndListener, more, media);
    }

    /**
     * The same hooks with media anchoring: calls of anchored trunks go through the relay.
     *
     * @param plane the relay's control clients and the trunks' media settings.
     * @return new hooks.
     */
    public SwitchHooks withMedia(final MediaPlane plane)
    {
        return new SwitchHooks(callEndListener, refusals, Objects.requireNonNull(plane, "plane"));
    }

    /**
     * The media plane.
     *
     * @return it, {@link MediaPlane#none()} by default.
     */
    public MediaPlane media()
    {
        return media;
    }

    /**
     * Who hears about ended calls.
     *
     * @return the listener, {@link CallEndListener#NONE} by default.
     */
    public CallEndListener callEndListener()
    {
        return callEndListener;
    }

    /**
     * The reasons to refuse new calls, in the order they are checked.
     *
     * @return the refusals.
     */
    public List<AdmissionRefusal> admissionRefusals()
    {
        return refusals;
    }
}
