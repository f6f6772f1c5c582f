package io.softswitch.signaling.media;

import io.softswitch.rtp.control.MediaControlClient;
import io.softswitch.signaling.sdp.CodecPolicy;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * How the switch anchors media: a control client of the relay for each event loop, and per trunk
 * (customer or vendor) whether it asks for anchoring (the default) or bypass, and its codec policy.
 * A call is anchored when either of its trunks asks for anchoring; it bypasses the relay (SDP
 * passes untouched) only when both say bypass. {@link #none()} anchors nothing.
 */
public final class MediaPlane
{
    private static final MediaPlane NONE = new MediaPlane(null, TrunkMedia.BYPASS, Map.of());

    private final IntFunction<MediaControlClient> clients;
    private final TrunkMedia defaults;
    private final Map<String, TrunkMedia> trunks;
    private final boolean anyAnchors;

    /**
     * A trunk's media settings.
     *
     * @param anchor whether its calls' media goes through the relay.
     * @param codecs its codec policy.
     */
    public record TrunkMedia(boolean anchor, CodecPolicy codecs)
    {
        /** Anchored, any codec. */
        public static final TrunkMedia ANCHOR = new TrunkMedia(true, CodecPolicy.ANY);
        /** SDP untouched. */
        public static final TrunkMedia BYPASS = new TrunkMedia(false, CodecPolicy.ANY);

        /**
         * Validates.
         */
        public TrunkMedia
        {
            Objects.requireNonNull(codecs, "codecs");
        }
    }

    /**
     * Creates the plane.
     *
     * @param clients  the relay's control client of an event loop, by loop index (called once per loop).
     * @param defaults settings of trunks not named in {@code trunks}.
     * @param trunks   settings by trunk name.
     */
    public MediaPlane(final IntFunction<MediaControlClient> clients, final TrunkMedia defaults,
        final Map<String, TrunkMedia> trunks)
    {
        this.clients = clients;
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.trunks = Map.copyOf(trunks);
        this.anyAnchors = defaults.anchor() || trunks.values().stream().anyMatch(TrunkMedia::anchor);
    }

    /**
     * A plane that anchors nothing: every call's SDP passes untouched.
     *
     * @return the plane.
     */
    public static MediaPlane none()
    {
        return NONE;
    }

    /** @return whether a relay is there at all. */
    public boolean enabled()
    {
        return clients != null;
    }

    /**
     * The control client of an event loop.
     *
     * @param loopIndex the loop.
     * @return its client.
     */
    public MediaControlClient client(final int loopIndex)
    {
        return clients.apply(loopIndex);
    }

    /**
     * Whether some trunk asks for anchoring: when none does, a bypassing customer's call takes no
     * port on the relay.
     *
     * @return true when the defaults or a named trunk anchor.
     */
    public boolean anyAnchors()
    {
        return clients != null && anyAnchors;
    }

    /**
     * A trunk's settings.
     *
     * @param trunk the trunk's name.
     * @return its settings, or the defaults.
     */
    public TrunkMedia trunk(final String trunk)
    {
        return trunks.getOrDefault(trunk, defaults);
    }
}
