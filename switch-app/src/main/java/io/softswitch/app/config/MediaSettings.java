package io.softswitch.app.config;

import io.softswitch.rtp.RelayConfig;
import io.softswitch.signaling.media.MediaPlane.TrunkMedia;

import java.util.Map;

/**
 * The {@code media:} section: whether calls are anchored through the RTP relay, where the relay
 * runs (in the switch's process, or on a media node reached over Aeron UDP), its port range and
 * timeouts, per trunk anchor or bypass and the codec policy, and the automatic one-way-audio block.
 *
 * @param enabled       false when the file has no {@code media:} section: SDP passes untouched.
 * @param relay         the in-process relay's setup (unused with a remote relay).
 * @param relayChannel  {@code null} for the in-process relay (Aeron IPC), else the media node's
 *                      Aeron UDP command channel.
 * @param replyChannel  where a remote relay answers this switch (Aeron UDP channel of this host).
 * @param controllerId  this switch's id among the relay's controllers (loops take consecutive ids).
 * @param defaults      settings of trunks not named in {@code trunks}.
 * @param trunks        settings by customer or vendor trunk name.
 * @param oneWayBlock   when vendors are blocked automatically for one-way audio; {@code null}: never.
 */
public record MediaSettings(boolean enabled, RelayConfig relay, String relayChannel, String replyChannel,
    int controllerId, TrunkMedia defaults, Map<String, TrunkMedia> trunks, OneWayBlockSettings oneWayBlock)
{
    /** No media section: nothing anchored. */
    public static final MediaSettings DISABLED = new MediaSettings(false, RelayConfig.defaults(), null, null, 1,
        TrunkMedia.BYPASS, Map.of(), null);

    /**
     * Copies the map.
     */
    public MediaSettings
    {
        trunks = Map.copyOf(trunks);
    }
}
