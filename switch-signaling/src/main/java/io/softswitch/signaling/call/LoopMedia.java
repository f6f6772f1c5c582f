package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.MediaEventType;
import io.softswitch.rtp.StreamReport;
import io.softswitch.rtp.control.MediaControlClient;
import io.softswitch.rtp.control.MediaControlListener;
import io.softswitch.signaling.media.MediaPlane;
import io.softswitch.signaling.media.MediaPlane.TrunkMedia;
import io.softswitch.signaling.metrics.MediaMeters;
import io.softswitch.signaling.sdp.MediaAddress;
import io.softswitch.signaling.sdp.SdpRewriter;
import io.softswitch.signaling.sdp.SdpSession;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One event loop's link to the media relay: its control client, polled on the loop's tick; the
 * SDP reader and writer its calls share; the relay's address as it last announced it; which call
 * a reply, event or report is about; and the trunks' media meters.
 *
 * <p>A call's reference on the relay is its slot and generation in this loop's table, under the
 * loop's controller id, so that an answer for a call that has since ended finds nothing.
 */
final class LoopMedia implements MediaControlListener
{
    private static final long QUERY_INTERVAL_NS = 2_000_000_000L;
    private static final int GENERATION_BITS = 24;

    private final CallLoop loop;
    private final MediaPlane plane;
    private final MediaControlClient client;
    private final Map<String, MediaMeters> meters = new HashMap<>();
    private final Long2ObjectHashMap<Call> anchored = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<MediaMeters[]> ending = new Long2ObjectHashMap<>();
    private final LongArrayList pendingDeletes = new LongArrayList();
    private final LongArrayList endingSoon = new LongArrayList();
    final SdpSession sdp = new SdpSession();
    final SdpRewriter rewriter = new SdpRewriter();
    final AnchorRequest request = new AnchorRequest();
    final byte[] address = new byte[16];
    final int[] ports = new int[AnchorRequest.MAX_MEDIA];
    /** A heap buffer: it lives as long as the loop and is copied into each message written. */
    final ByteBuf body = Unpooled.buffer(4096);
    private final byte[] relayAddress = new byte[16];
    private int relayAddressLength;
    private MediaAddress localAddress;
    private long correlation;
    private long lastQueryNs;
    private boolean relayWasAlive;

    LoopMedia(final CallLoop loop, final MediaPlane plane)
    {
        this.loop = loop;
        this.plane = plane;
        this.client = plane.enabled() ? plane.client(loop.index) : null;
    }

    TrunkMedia trunk(final String name)
    {
        return client == null ? null : plane.trunk(name);
    }

    boolean anyAnchors()
    {
        return client != null && plane.anyAnchors();
    }

    /**
     * Ends an answered call on the next tick, from outside the message being written (a late
     * offer with no codec in common).
     */
    void endSoon(final long callRef)
    {
        endingSoon.addLong(callRef);
    }

    MediaMeters meters(final String trunk)
    {
        return meters.computeIfAbsent(trunk, name -> new MediaMeters(loop.context.metrics.registry(), name));
    }

    boolean relayAlive()
    {
        return client != null && client.isRelayAlive();
    }

    long callRef(final Call call)
    {
        return client.callRef(((long)call.slot << GENERATION_BITS) | (call.generation & ((1 << GENERATION_BITS) - 1)));
    }

    private Call callOf(final long callRef)
    {
        final long local = callRef & ((1L << 48) - 1);
        return loop.table.callAt((int)(local >>> GENERATION_BITS), (int)(local & ((1 << GENERATION_BITS) - 1)));
    }

    boolean send(final AnchorRequest description, final boolean offer)
    {
        final long id = ++correlation;
        return offer ? client.offer(description, id) : client.answer(description, id);
    }

    void track(final long callRef, final Call call)
    {
        anchored.put(callRef, call);
    }

    void untrack(final long callRef)
    {
        anchored.remove(callRef);
    }

    void delete(final long callRef)
    {
        if (!client.delete(callRef))
        {
            // The relay is behind: try again on the next ticks, or its ports stay taken.
            pendingDeletes.addLong(callRef);
        }
    }

    void delete(final long callRef, final MediaMeters customer, final MediaMeters vendor)
    {
        delete(callRef);
        ending.put(callRef, new MediaMeters[] {customer, vendor});
    }

    /**
     * Describes one media line of a parsed SDP to the relay, in this loop's request.
     *
     * @param callRef the call's reference on the relay.
     * @param sdp     the SDP, parsed and planned by {@link #rewriter}.
     * @param m       the media line.
     * @param side    the leg the SDP came from.
     * @return the request, valid until the next one is described.
     */
    AnchorRequest describe(final long callRef, final SdpSession sdp, final int m, final int side)
    {
        final AnchorRequest stream = request.stream(callRef, m, side);
        final int length = sdp.copyAddress(m, address);
        if (length > 0)
        {
            stream.media(address, 0, length, sdp.port(m), sdp.rtcpPort(m), sdp.rtcpMux(m));
        }
        final int first = rewriter.firstPayloadType(m);
        // A stream that is not RTP is relayed without RTP statistics; 8 kHz when no codec is listed.
        stream.codec(sdp.direction(m), sdp.isRtp(m) ? first : AnchorRequest.NOT_RTP,
            first >= 0 ? sdp.clockRate(m, first) : 8000);
        return stream;
    }

    /** The relay's address, as SDP writes it; rebuilt only when the relay announces another. */
    void address(final byte[] raw, final int length)
    {
        if (length == relayAddressLength && Arrays.equals(raw, 0, length, relayAddress, 0, length))
        {
            return;
        }
        try
        {
            localAddress = new MediaAddress(InetAddress.getByAddress(Arrays.copyOf(raw, length)));
            System.arraycopy(raw, 0, relayAddress, 0, length);
            relayAddressLength = length;
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException("relay address length=" + length, ex);
        }
    }

    MediaAddress localAddress()
    {
        return localAddress;
    }

    /**
     * Takes what the relay sent, and every few seconds asks the statistics of the anchored calls
     * so that a call ending has recent ones. Runs on the loop's tick.
     */
    void poll()
    {
        if (client == null)
        {
            return;
        }
        client.poll(this);
        final boolean alive = client.isRelayAlive();
        if (relayWasAlive && !alive)
        {
            onRelayLost();
        }
        relayWasAlive = alive;
        for (int i = endingSoon.size() - 1; i >= 0; i--)
        {
            final Call call = callOf(endingSoon.getLong(i));
            if (call != null)
            {
                call.endAnswered(EndReason.CODEC_MISMATCH);
            }
        }
        endingSoon.clear();
        for (int i = pendingDeletes.size() - 1; i >= 0; i--)
        {
            if (client.delete(pendingDeletes.getLong(i)))
            {
                pendingDeletes.removeAt(i);
            }
        }
        if (loop.nowNs - lastQueryNs >= QUERY_INTERVAL_NS)
        {
            lastQueryNs = loop.nowNs;
            final Long2ObjectHashMap<Call>.KeyIterator keys = anchored.keySet().iterator();
            while (keys.hasNext())
            {
                client.query(keys.nextLong(), 0, 0);
            }
        }
    }

    @Override
    public void onAnchorReply(final long correlationId, final AnchorRequest reply)
    {
        final Call call = callOf(reply.callRef());
        if (call != null)
        {
            call.media.onReply(reply);
        }
    }

    @Override
    public void onMediaEvent(final long callRef, final int mediaIndex, final int type, final int side)
    {
        final Call call = callOf(callRef);
        if (call != null && mediaIndex == 0)
        {
            call.media.onEvent(type);
        }
    }

    @Override
    public void onStreamReport(final StreamReport report)
    {
        if (report.kind() == StreamReport.KIND_FINAL)
        {
            final MediaMeters[] trunks = ending.remove(report.callRef());
            if (trunks != null && trunks[0] != null)
            {
                trunks[0].stream(report.packets(0), report.packets(1), report.lost(0), report.lost(1),
                    report.sprayed(0), report.mosX100(0), report.jitterUs(0));
            }
            if (trunks != null && trunks[1] != null)
            {
                trunks[1].stream(report.packets(1), report.packets(0), report.lost(1), report.lost(0),
                    report.sprayed(1), report.mosX100(1), report.jitterUs(1));
            }
            return;
        }
        final Call call = callOf(report.callRef());
        if (call != null)
        {
            call.media.onReport(report);
        }
    }

    /**
     * The relay went silent: offers it has not answered never will be, so the calls waiting for
     * them are refused (503) rather than left ringing. Answered calls keep their signalling; their
     * streams are ended when the relay comes back with a new epoch ({@link #onRelayRestarted}).
     */
    private void onRelayLost()
    {
        final Call[] waiting = new Call[anchored.size()];
        int count = 0;
        final Long2ObjectHashMap<Call>.ValueIterator calls = anchored.values().iterator();
        while (calls.hasNext())
        {
            final Call call = calls.next();
            if (call.media.awaitsRelay())
            {
                waiting[count++] = call;
            }
        }
        for (int i = 0; i < count; i++)
        {
            waiting[i].media.refuseWaiting();
        }
    }

    @Override
    public void onRelayRestarted(final long previousEpoch, final long relayEpoch)
    {
        // The relay lost every stream: the calls anchored there have no media any more, and no
        // final report will come for those that ended.
        ending.clear();
        pendingDeletes.clear();
        final Long2ObjectHashMap<Call>.ValueIterator calls = anchored.values().iterator();
        final Call[] doomed = new Call[anchored.size()];
        int count = 0;
        while (calls.hasNext())
        {
            doomed[count++] = calls.next();
        }
        for (int i = 0; i < count; i++)
        {
            doomed[i].media.onEvent(MediaEventType.MEDIA_TIMEOUT);
        }
    }

    void close()
    {
        if (client != null)
        {
            client.close();
        }
    }
}
