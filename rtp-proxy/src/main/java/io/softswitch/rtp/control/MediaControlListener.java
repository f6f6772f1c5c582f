package io.softswitch.rtp.control;

import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.MediaListener;

/**
 * What a controller hears from its relay, on the thread that polls its
 * {@link MediaControlClient}: replies to offers and answers, and everything a
 * {@link MediaListener} hears.
 */
public interface MediaControlListener extends MediaListener
{
    /**
     * The relay answered an offer or an answer.
     *
     * @param correlationId the one the request was sent with.
     * @param reply         the call, media index, status, ports and relay address; valid during the call.
     */
    void onAnchorReply(long correlationId, AnchorRequest reply);

    /**
     * The relay is not the one it was: it restarted and holds none of this controller's streams.
     *
     * @param previousEpoch the epoch heard before.
     * @param relayEpoch    the one heard now.
     */
    void onRelayRestarted(long previousEpoch, long relayEpoch);
}
