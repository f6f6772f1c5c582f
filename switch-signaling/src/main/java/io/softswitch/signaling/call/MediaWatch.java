package io.softswitch.signaling.call;

import io.softswitch.rtp.MediaEventType;
import io.softswitch.rtp.StreamReport;
import io.softswitch.signaling.metrics.MediaMeters;

import java.util.Arrays;

/**
 * What the relay tells one call about its audio while it flows: the latest statistics of the
 * call's first stream per leg (packets, loss, jitter, MOS), which {@link CallRecord} carries into
 * the CDR, and the relay's media events (media timeout, one-way audio), which end an answered
 * call. Leg 0 is the customer's, leg 1 the answering vendor's.
 *
 * <p>Kept apart from {@link CallMedia}, which sets the streams up and rewrites SDP: this is the
 * call's view of its media once it is up. Owned by the call's event loop.
 */
final class MediaWatch
{
    private final Call call;
    private final long[] packets = new long[2];
    private final long[] lost = new long[2];
    private final long[] jitterUs = new long[2];
    private final int[] mosX100 = new int[2];

    MediaWatch(final Call call)
    {
        this.call = call;
    }

    /**
     * Keeps the statistics of the call's first stream (its audio, as offered first); the CDR
     * reports one stream per call.
     *
     * @param report the relay's periodic report.
     */
    void onReport(final StreamReport report)
    {
        if (report.mediaIndex() != 0)
        {
            return;
        }
        for (int leg = 0; leg < 2; leg++)
        {
            packets[leg] = report.packets(leg);
            lost[leg] = report.lost(leg);
            jitterUs[leg] = report.jitterUs(leg);
            mosX100[leg] = report.mosX100(leg);
        }
    }

    /**
     * The relay saw the call's media die or go one-way: an answered call ends with BYE on both
     * legs, counted on both trunks (which carrier lost the audio is not for the relay to say).
     *
     * @param type           a {@link MediaEventType}.
     * @param customerTrunk  the customer trunk's media meters, or null.
     * @param vendorTrunk    the vendor trunk's media meters, or null.
     */
    void onEvent(final int type, final MediaMeters customerTrunk, final MediaMeters vendorTrunk)
    {
        final boolean oneWay = type == MediaEventType.ONE_WAY_AUDIO;
        if (!call.endAnswered(oneWay ? EndReason.ONE_WAY_AUDIO : EndReason.MEDIA_TIMEOUT))
        {
            // Not answered yet, or already over: a ringing call has no media to lose.
            return;
        }
        countEnd(customerTrunk, oneWay);
        countEnd(vendorTrunk, oneWay);
    }

    private static void countEnd(final MediaMeters trunk, final boolean oneWay)
    {
        if (trunk == null)
        {
            return;
        }
        if (oneWay)
        {
            trunk.oneWayAudio();
        }
        else
        {
            trunk.mediaTimeout();
        }
    }

    long packets(final int leg)
    {
        return packets[leg];
    }

    long lost(final int leg)
    {
        return lost[leg];
    }

    long jitterUs(final int leg)
    {
        return jitterUs[leg];
    }

    int mosX100(final int leg)
    {
        return mosX100[leg];
    }

    /** Forgets the previous call's figures: a call that is never anchored reports zeros. */
    void clear()
    {
        Arrays.fill(packets, 0);
        Arrays.fill(lost, 0);
        Arrays.fill(jitterUs, 0);
        Arrays.fill(mosX100, 0);
    }
}
