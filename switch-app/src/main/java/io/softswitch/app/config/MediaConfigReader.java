package io.softswitch.app.config;

import io.softswitch.rtp.MediaIo;
import io.softswitch.rtp.RelayConfig;
import io.softswitch.signaling.media.MediaPlane.TrunkMedia;
import io.softswitch.signaling.sdp.CodecPolicy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code media:} section (docs/configuration.md, "media").
 */
final class MediaConfigReader
{
    private static final Set<String> MEDIA_KEYS = Set.of("relay", "reply-channel", "controller-id", "bind", "advertise",
        "ports", "quarantine-ms", "media-timeout-s", "hold-timeout-s", "one-way-timeout-s", "learn-window-ms",
        "threads", "realtime-priority", "coalesce-us", "io", "anchor", "codecs", "trunks", "one-way-block");
    private static final Set<String> TRUNK_KEYS = Set.of("anchor", "codecs");
    private static final Set<String> ONE_WAY_BLOCK_KEYS = Set.of("share-percent", "window-s", "min-calls");

    private MediaConfigReader()
    {
    }

    static MediaSettings media(final ConfigNode media, final Set<String> trunkNames)
    {
        if (media == null)
        {
            return MediaSettings.DISABLED;
        }
        media.allowOnly(MEDIA_KEYS);
        final String relay = media.string("relay", "embedded");
        final String relayChannel = "embedded".equals(relay) ? null : relay;
        if (relayChannel != null && !relayChannel.startsWith("aeron:udp?endpoint="))
        {
            throw media.child("relay").error("'media.relay' is 'embedded' or aeron:udp?endpoint=HOST:PORT of a media node");
        }
        final String replyChannel = media.string("reply-channel", null);
        if (relayChannel != null && replyChannel == null)
        {
            throw media.error("'media.reply-channel' (aeron:udp?endpoint=HOST:PORT of this switch) is needed with a remote relay");
        }
        final int controllerId = media.integer("controller-id", 1, 0, 65_000);
        final String bind = media.string("bind", "127.0.0.1");
        final String advertise = media.string("advertise", bind);
        final String ports = media.string("ports", RelayConfig.MIN_PORT_DEFAULT + "-" + RelayConfig.MAX_PORT_DEFAULT);
        final int dash = ports.indexOf('-');
        final RelayConfig defaults = RelayConfig.defaults();
        final RelayConfig config = media.build(() ->
        {
            if (dash < 0)
            {
                throw new IllegalArgumentException("'media.ports' is MIN-MAX, found '" + ports + "'");
            }
            final long mediaMs = media.longInteger("media-timeout-s", defaults.mediaTimeoutMs() / 1000, 1, 86_400) * 1000;
            final long holdMs = media.longInteger("hold-timeout-s", defaults.holdTimeoutMs() / 1000, 1, 86_400) * 1000;
            return defaults.withAddresses(InetAddress.ofLiteral(bind), InetAddress.ofLiteral(advertise))
                .withPorts(Integer.parseInt(ports.substring(0, dash).trim()), Integer.parseInt(ports.substring(dash + 1).trim()))
                .withTimeouts(media.longInteger("quarantine-ms", defaults.quarantineMs(), 0, 600_000), mediaMs,
                    Math.max(holdMs, mediaMs),
                    media.longInteger("one-way-timeout-s", defaults.oneWayTimeoutMs() / 1000, 0, 86_400) * 1000,
                    media.longInteger("learn-window-ms", defaults.learnWindowMs(), 0, 60_000))
                .withSizes(media.integer("threads", 1, 1, 64), defaults.sessionsPerWorker(), 0)
                .withScheduling(media.integer("realtime-priority", 0, 0, 99),
                    media.longInteger("coalesce-us", defaults.coalesceUs(), 0, 10_000))
                .withIo(MediaIo.parse(media.string("io", defaults.io() == MediaIo.IO_URING ? "io_uring" : "epoll")));
        });
        final TrunkMedia trunkDefaults = trunk(media, new TrunkMedia(true, CodecPolicy.ANY));
        final Map<String, TrunkMedia> trunks = new HashMap<>();
        final ConfigNode trunkNodes = media.mapping("trunks");
        if (trunkNodes != null)
        {
            for (final String name : trunkNodes.keys())
            {
                if (!trunkNames.contains(name))
                {
                    throw trunkNodes.child(name).error("'media.trunks." + name + "' names no customer or vendor trunk");
                }
                final ConfigNode node = trunkNodes.mapping(name);
                node.allowOnly(TRUNK_KEYS);
                trunks.put(name, trunk(node, trunkDefaults));
            }
        }
        return new MediaSettings(true, config, relayChannel, replyChannel, controllerId, trunkDefaults, trunks,
            oneWayBlock(media.mapping("one-way-block")));
    }

    private static OneWayBlockSettings oneWayBlock(final ConfigNode node)
    {
        if (node == null)
        {
            return null;
        }
        node.allowOnly(ONE_WAY_BLOCK_KEYS);
        return new OneWayBlockSettings(node.integer("share-percent", 50, 1, 100),
            node.longInteger("window-s", 600, 1, 86_400) * 1000, node.integer("min-calls", 20, 1, 1_000_000));
    }

    private static TrunkMedia trunk(final ConfigNode node, final TrunkMedia inherited)
    {
        final boolean anchor = node.bool("anchor", inherited.anchor());
        CodecPolicy codecs = inherited.codecs();
        if (node.has("codecs"))
        {
            final List<String> names = new ArrayList<>();
            for (final ConfigNode item : node.sequence("codecs"))
            {
                names.add(item.text());
            }
            codecs = node.child("codecs").build(() -> new CodecPolicy(names));
        }
        return new TrunkMedia(anchor, codecs);
    }
}
