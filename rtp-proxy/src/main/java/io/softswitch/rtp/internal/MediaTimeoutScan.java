package io.softswitch.rtp.internal;

import io.softswitch.rtp.MediaEventType;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The relay thread's periodic look over its open streams: a stream silent both ways for the
 * media timeout (the hold timeout while on hold) raises {@link MediaEventType#MEDIA_TIMEOUT}, one
 * side silent while the other sends raises {@link MediaEventType#ONE_WAY_AUDIO}, each once per
 * stream. Also finishes closes that found the report ring full. Runs a few times a second, not
 * per packet.
 */
final class MediaTimeoutScan
{
    /** A side counts as "sending" for one-way detection when its last packet is this recent. */
    static final long ACTIVE_NS = 1_000_000_000L;

    private final RelayStreams streams;
    private final RelayCommandHandler commands;
    private final RingBuffer reports;
    private final long mediaTimeoutNs;
    private final long holdTimeoutNs;
    private final long oneWayTimeoutNs;

    MediaTimeoutScan(final RelayStreams streams, final RelayCommandHandler commands, final RingBuffer reports,
        final long mediaTimeoutNs, final long holdTimeoutNs, final long oneWayTimeoutNs)
    {
        this.streams = streams;
        this.commands = commands;
        this.reports = reports;
        this.mediaTimeoutNs = mediaTimeoutNs;
        this.holdTimeoutNs = holdTimeoutNs;
        this.oneWayTimeoutNs = oneWayTimeoutNs;
    }

    void scan(final long nowNs)
    {
        // Backwards: a pending close removes the stream from the active list as we go.
        for (int i = streams.activeCount() - 1; i >= 0; i--)
        {
            final RelayStream stream = streams.active(i);
            if (stream.closePending)
            {
                commands.onClose(stream);
                continue;
            }
            if (stream.armedNs == 0 || stream.timeoutRaised)
            {
                continue;
            }
            final long last0 = Math.max(stream.armedNs, stream.lastPacketNs[0]);
            final long last1 = Math.max(stream.armedNs, stream.lastPacketNs[1]);
            final long timeoutNs = stream.onHold() ? holdTimeoutNs : mediaTimeoutNs;
            if (nowNs - Math.max(last0, last1) >= timeoutNs)
            {
                stream.timeoutRaised = true;
                event(stream, MediaEventType.MEDIA_TIMEOUT, -1);
            }
            else if (oneWayTimeoutNs > 0 && !stream.oneWayRaised && !stream.onHold())
            {
                final int silent = oneWaySilentSide(stream, last0, last1, nowNs);
                if (silent >= 0)
                {
                    stream.oneWayRaised = true;
                    event(stream, MediaEventType.ONE_WAY_AUDIO, silent);
                }
            }
        }
    }

    private int oneWaySilentSide(final RelayStream stream, final long last0, final long last1, final long nowNs)
    {
        final boolean sending0 = stream.lastPacketNs[0] != 0 && nowNs - stream.lastPacketNs[0] < ACTIVE_NS;
        final boolean sending1 = stream.lastPacketNs[1] != 0 && nowNs - stream.lastPacketNs[1] < ACTIVE_NS;
        if (sending0 && nowNs - last1 >= oneWayTimeoutNs)
        {
            return 1;
        }
        if (sending1 && nowNs - last0 >= oneWayTimeoutNs)
        {
            return 0;
        }
        return -1;
    }

    private void event(final RelayStream stream, final int type, final int side)
    {
        final int claim = reports.tryClaim(RelayMessages.EVENT, RelayMessages.EVENT_LENGTH);
        if (claim < 0)
        {
            // The conductor is behind: raise again on the next scan rather than lose it.
            if (type == MediaEventType.MEDIA_TIMEOUT)
            {
                stream.timeoutRaised = false;
            }
            else
            {
                stream.oneWayRaised = false;
            }
            return;
        }
        final MutableDirectBuffer buffer = reports.buffer();
        buffer.putLong(claim, stream.callRef);
        buffer.putInt(claim + 8, stream.mediaIndex);
        buffer.putInt(claim + 12, type);
        buffer.putInt(claim + 16, side);
        reports.commit(claim);
    }
}
