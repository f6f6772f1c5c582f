package io.softswitch.signaling.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The media counters of one trunk (low cardinality: per trunk, per direction, never per call),
 * resolved once so that the call path only increments.
 */
public final class MediaMeters
{
    private final Counter refusedNoPorts;
    private final Counter codecMismatch;
    private final Counter mediaTimeout;
    private final Counter oneWayAudio;
    private final Counter anchored;
    private final Counter packetsSent;
    private final Counter packetsReceived;
    private final Counter lostSent;
    private final Counter lostReceived;
    private final Counter sprayed;
    private final DistributionSummary mos;
    private final DistributionSummary jitterMs;

    /**
     * Registers the counters of a trunk.
     *
     * @param registry where meters live.
     * @param trunk    the trunk's name.
     */
    public MediaMeters(final MeterRegistry registry, final String trunk)
    {
        anchored = Counter.builder("softswitch.media.anchored").tag("trunk", trunk)
            .description("calls whose media was anchored through the relay").register(registry);
        refusedNoPorts = Counter.builder("softswitch.media.refused").tag("trunk", trunk).tag("reason", "no_ports")
            .description("calls refused with 503 because the relay had no port pair or no room").register(registry);
        codecMismatch = Counter.builder("softswitch.media.refused").tag("trunk", trunk).tag("reason", "codec_mismatch")
            .description("calls refused with 488: no codec in common with the trunk's codec policy").register(registry);
        mediaTimeout = Counter.builder("softswitch.media.ended").tag("trunk", trunk).tag("reason", "media_timeout")
            .description("calls ended by the switch because no media flowed either way").register(registry);
        oneWayAudio = Counter.builder("softswitch.media.ended").tag("trunk", trunk).tag("reason", "one_way_audio")
            .description("calls ended by the switch because media flowed one way only").register(registry);
        packetsSent = Counter.builder("softswitch.media.packets").tag("trunk", trunk).tag("direction", "from_trunk")
            .description("RTP and RTCP packets relayed, by direction as seen from the trunk").register(registry);
        packetsReceived = Counter.builder("softswitch.media.packets").tag("trunk", trunk).tag("direction", "to_trunk")
            .description("RTP and RTCP packets relayed, by direction as seen from the trunk").register(registry);
        lostSent = Counter.builder("softswitch.media.lost").tag("trunk", trunk).tag("direction", "from_trunk")
            .description("RTP packets lost before the relay (sequence gaps), by direction").register(registry);
        lostReceived = Counter.builder("softswitch.media.lost").tag("trunk", trunk).tag("direction", "to_trunk")
            .description("RTP packets lost before the relay (sequence gaps), by direction").register(registry);
        sprayed = Counter.builder("softswitch.media.sprayed").tag("trunk", trunk)
            .description("packets from a source other than the latched one, relayed to nobody").register(registry);
        mos = DistributionSummary.builder("softswitch.media.mos").tag("trunk", trunk)
            .description("estimated MOS (simplified E-model) of media from the trunk, per call")
            .serviceLevelObjectives(2.5, 3.1, 3.6, 4.0, 4.3).register(registry);
        jitterMs = DistributionSummary.builder("softswitch.media.jitter").baseUnit("milliseconds").tag("trunk", trunk)
            .description("interarrival jitter of media from the trunk at the end of each call")
            .serviceLevelObjectives(5, 10, 20, 50, 100).register(registry);
    }

    /** Counts a call anchored. */
    public void anchored()
    {
        anchored.increment();
    }

    /** Counts a 503 for want of ports. */
    public void refusedNoPorts()
    {
        refusedNoPorts.increment();
    }

    /** Counts a 488 for want of a common codec. */
    public void codecMismatch()
    {
        codecMismatch.increment();
    }

    /** Counts a call ended by the media timeout. */
    public void mediaTimeout()
    {
        mediaTimeout.increment();
    }

    /** Counts a call ended as one-way audio. */
    public void oneWayAudio()
    {
        oneWayAudio.increment();
    }

    /**
     * Adds a stream's final statistics.
     *
     * @param fromTrunk     packets the trunk sent.
     * @param toTrunk       packets the trunk was sent.
     * @param lostFromTrunk lost of what the trunk sent.
     * @param lostToTrunk   lost of what the trunk was sent.
     * @param sprayedPackets packets from wrong sources on the trunk's side.
     * @param mosX100       MOS x 100 of what the trunk sent, 0 without packets.
     * @param jitterUs      jitter of what the trunk sent, µs.
     */
    public void stream(final long fromTrunk, final long toTrunk, final long lostFromTrunk, final long lostToTrunk,
        final long sprayedPackets, final int mosX100, final long jitterUs)
    {
        packetsSent.increment(fromTrunk);
        packetsReceived.increment(toTrunk);
        lostSent.increment(lostFromTrunk);
        lostReceived.increment(lostToTrunk);
        sprayed.increment(sprayedPackets);
        if (mosX100 > 0)
        {
            mos.record(mosX100 / 100.0);
            jitterMs.record(jitterUs / 1000.0);
        }
    }
}
