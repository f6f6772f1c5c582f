package io.softswitch.signaling.media;

import io.softswitch.rtp.control.MediaControlClient;
import io.softswitch.signaling.sdp.CodecPolicy;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * How the switch anchors media: a control client of the relay for each event loop, and per
 * customer trunk whether its calls are anchored (the default) or bypass the relay (SDP passes
 * untouched), and its codec policy. {@link #none()} anchors nothing.
 */
public final class MediaPlane
{
    private static final MediaPlane NONE = new MediaPlane(null, TrunkMedia.BYPASS, Map.of());

    private final IntFunction<MediaControlClient> clients;
    private final TrunkMedia defaults;
    private final Map<String, TrunkMedia> trunks;

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
