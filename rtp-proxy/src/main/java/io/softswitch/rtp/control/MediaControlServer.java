package io.softswitch.rtp.control;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.MediaListener;
import io.softswitch.rtp.MediaRelay;
import io.softswitch.rtp.StreamReport;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.Agent;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static io.softswitch.rtp.control.ControlProtocol.*;

/**
 * The relay's end of the control protocol: an Aeron agent that is the relay's conductor thread. It
 * takes offers, answers, deletes and queries from the command stream, answers each controller on
 * the stream that controller named in its HELLO, and forwards the relay threads' reports and
 * media events. Every second it sends each controller a heartbeat with the relay's epoch, so a
 * controller learns when the relay restarted.
 *
 * <p>A controller whose HELLO carries a new epoch has restarted: its old calls are deleted at
 * once, their ports go back to the pool.
 *
 * <p>A controller that says nothing for {@link #CONTROLLER_SILENCE_NS} (its HELLO comes every
 * second) is no longer answered: its reply publication is closed, its calls are kept (their media
 * timeouts still run). Over UDP a publication towards a controller that is gone sends to a closed
 * port for ever, and the driver takes an ICMP port-unreachable exception for what comes back;
 * should the controller return with the same epoch, its next HELLO opens the publication again.
 */
public final class MediaControlServer implements Agent, FragmentHandler, MediaListener
{
    private static final long HEARTBEAT_INTERVAL_NS = 1_000_000_000L;
    /** A controller not heard for this long is no longer answered. */
    static final long CONTROLLER_SILENCE_NS = 10_000_000_000L;
    private static final int OFFER_ATTEMPTS = 3;

    private final Aeron aeron;
    private final MediaRelay relay;
    private final Subscription commands;
    private final long relayEpoch = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    private final Int2ObjectHashMap<ExclusivePublication> replies = new Int2ObjectHashMap<>();
    private final Long2LongHashMap controllerEpochs = new Long2LongHashMap(-1);
    private final Long2LongHashMap lastHelloNs = new Long2LongHashMap(0);
    private final long silenceNs;
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(256);
    private final AnchorRequest request = new AnchorRequest();
    private final byte[] scratch = new byte[16];
    private final byte[] channelBytes = new byte[MAX_CHANNEL_LENGTH];
    private final LongArrayList doomed = new LongArrayList();
    private long lastHeartbeatNs = System.nanoTime() - HEARTBEAT_INTERVAL_NS;
    private long malformed;
    private long undelivered;

    /**
     * Creates the server.
     *
     * @param aeron          the Aeron client of the relay's process.
     * @param relay          the relay; this agent becomes its conductor thread.
     * @param commandChannel where controllers send commands ({@code aeron:ipc}, or
     *                       {@code aeron:udp?endpoint=host:port} on a media node).
     */
    public MediaControlServer(final Aeron aeron, final MediaRelay relay, final String commandChannel)
    {
        this(aeron, relay, commandChannel, CONTROLLER_SILENCE_NS);
    }

    MediaControlServer(final Aeron aeron, final MediaRelay relay, final String commandChannel, final long silenceNs)
    {
        this.aeron = aeron;
        this.relay = relay;
        this.commands = aeron.addSubscription(commandChannel, COMMAND_STREAM_ID);
        this.silenceNs = silenceNs;
    }

    @Override
    public int doWork()
    {
        int work = commands.poll(this, 64);
        work += relay.poll(this);
        final long nowNs = System.nanoTime();
        if (nowNs - lastHeartbeatNs >= HEARTBEAT_INTERVAL_NS)
        {
            lastHeartbeatNs = nowNs;
            heartbeats();
            work++;
        }
        return work;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < HEADER_LENGTH)
        {
            malformed++;
            return;
        }
        final int type = buffer.getInt(offset + TYPE);
        final int controllerId = buffer.getInt(offset + CONTROLLER_ID);
        final long correlationId = buffer.getLong(offset + CORRELATION_ID);
        switch (type)
        {
            case HELLO -> onHello(buffer, offset, length, controllerId);
            case OFFER, ANSWER -> onAnchor(buffer, offset, length, controllerId, correlationId);
            case DELETE -> relay.delete(buffer.getLong(offset + CALL_REF));
            case QUERY -> relay.query(buffer.getLong(offset + CALL_REF), buffer.getInt(offset + MEDIA_INDEX), correlationId);
            default -> malformed++;
        }
    }

    private void onHello(final DirectBuffer buffer, final int offset, final int length, final int controllerId)
    {
        final int channelLength = buffer.getInt(offset + HELLO_CHANNEL_LENGTH);
        if (channelLength <= 0 || channelLength > MAX_CHANNEL_LENGTH || offset + HELLO_CHANNEL + channelLength > offset + length)
        {
            malformed++;
            return;
        }
        final long epoch = buffer.getLong(offset + HELLO_EPOCH);
        final long known = controllerEpochs.get(controllerId);
        lastHelloNs.put(controllerId, System.nanoTime());
        if (known == epoch && replies.containsKey(controllerId))
        {
            return;
        }
        if (known != -1 && known != epoch)
        {
            deleteCallsOf(controllerId);
            CloseHelper.close(replies.remove(controllerId));
        }
        controllerEpochs.put(controllerId, epoch);
        buffer.getBytes(offset + HELLO_CHANNEL, channelBytes, 0, channelLength);
        final String channel = new String(channelBytes, 0, channelLength, StandardCharsets.US_ASCII);
        replies.put(controllerId, aeron.addExclusivePublication(channel, buffer.getInt(offset + HELLO_STREAM)));
        // Answer the new controller at once: it counts the relay alive from the first heartbeat.
        lastHeartbeatNs = System.nanoTime() - HEARTBEAT_INTERVAL_NS;
    }

    private void deleteCallsOf(final int controllerId)
    {
        doomed.clear();
        relay.forEachCall(doomed, controllerId);
        for (int i = 0; i < doomed.size(); i++)
        {
            relay.delete(doomed.getLong(i));
        }
    }

    private void onAnchor(final DirectBuffer buffer, final int offset, final int length, final int controllerId,
        final long correlationId)
    {
        if (!ControlCodec.readAnchor(buffer, offset, length, request, scratch)
            || controllerOf(request.callRef()) != controllerId)
        {
            malformed++;
            return;
        }
        relay.anchor(request);
        final int written = ControlCodec.writeReply(out, 0, controllerId, correlationId, request);
        send(controllerId, written);
    }

    @Override
    public void onMediaEvent(final long callRef, final int mediaIndex, final int type, final int side)
    {
        final int controllerId = controllerOf(callRef);
        ControlCodec.header(out, 0, EVENT, controllerId, 0);
        out.putLong(CALL_REF, callRef);
        out.putInt(MEDIA_INDEX, mediaIndex);
        out.putInt(EVENT_TYPE, type);
        out.putInt(EVENT_SIDE, side);
        send(controllerId, EVENT_LENGTH);
    }

    @Override
    public void onStreamReport(final StreamReport report)
    {
        final int controllerId = controllerOf(report.callRef());
        ControlCodec.header(out, 0, REPORT, controllerId, report.correlationId());
        // The report is read from the ring: copy its bytes as they are.
        report.copyTo(out, REPORT_BODY);
        send(controllerId, REPORT_BODY + StreamReport.LENGTH);
    }

    private void heartbeats()
    {
        final long nowNs = System.nanoTime();
        for (final Int2ObjectHashMap<ExclusivePublication>.EntryIterator it = replies.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            if (nowNs - lastHelloNs.get(it.getIntKey()) > silenceNs)
            {
                CloseHelper.close(it.getValue());
                it.remove();
                continue;
            }
            ControlCodec.header(out, 0, HEARTBEAT, it.getIntKey(), 0);
            out.putLong(HEARTBEAT_EPOCH, relayEpoch);
            it.getValue().offer(out, 0, HEARTBEAT_LENGTH);
        }
    }

    private void send(final int controllerId, final int length)
    {
        final ExclusivePublication publication = replies.get(controllerId);
        if (publication != null)
        {
            for (int attempt = 0; attempt < OFFER_ATTEMPTS; attempt++)
            {
                if (publication.offer(out, 0, length) > 0)
                {
                    return;
                }
            }
        }
        undelivered++;
    }

    /** @return controllers answered now: heard within the silence limit. */
    public int controllersAnswered()
    {
        return replies.size();
    }

    /** @return this relay's epoch, new at each start. */
    public long relayEpoch()
    {
        return relayEpoch;
    }

    /** @return messages that could not be read. */
    public long malformed()
    {
        return malformed;
    }

    /** @return replies, events and reports no controller could take. */
    public long undelivered()
    {
        return undelivered;
    }

    @Override
    public void onClose()
    {
        replies.values().forEach(CloseHelper::close);
        CloseHelper.close(commands);
    }

    @Override
    public String roleName()
    {
        return "media-conductor";
    }
}
