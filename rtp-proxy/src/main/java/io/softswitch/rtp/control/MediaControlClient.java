package io.softswitch.rtp.control;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.StreamReport;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static io.softswitch.rtp.control.ControlProtocol.*;

/**
 * A controller's end of the control protocol (the switch's, one per thread that polls it). Sends
 * never wait: each returns false when the relay cannot be reached or is behind (back-pressure is
 * a return value, the caller refuses the call with 503). Replies, events and reports arrive through
 * {@link #poll}, which also says HELLO every second so that a relay that restarted learns where
 * to answer.
 */
public final class MediaControlClient implements AutoCloseable, FragmentHandler
{
    private static final long HELLO_INTERVAL_NS = 1_000_000_000L;
    private static final long RELAY_SILENCE_NS = 3_000_000_000L;

    private final int controllerId;
    private final long controllerEpoch = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    private final Publication commands;
    private final Subscription replies;
    private final byte[] replyChannel;
    private final int replyStreamId;
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(512);
    private final AnchorRequest reply = new AnchorRequest();
    private final StreamReport report = new StreamReport();
    private final byte[] scratch = new byte[16];
    private MediaControlListener listener;
    private long lastHelloNs = System.nanoTime() - HELLO_INTERVAL_NS;
    /** Volatile: tests and the admin side may ask from another thread. */
    private volatile long lastHeartbeatNs;
    private long relayEpoch = -1;

    /**
     * Connects a controller to a relay.
     *
     * @param aeron          the Aeron client of the switch's process.
     * @param commandChannel the relay's command channel.
     * @param replyChannel   where the relay answers this controller ({@code aeron:ipc}, or
     *                       {@code aeron:udp?endpoint=host:port} of this node).
     * @param controllerId   this controller, 0 to 65535, unique among the relay's controllers.
     */
    public MediaControlClient(final Aeron aeron, final String commandChannel, final String replyChannel,
        final int controllerId)
    {
        if (controllerId < 0 || controllerId > 0xFFFF || replyChannel.length() > MAX_CHANNEL_LENGTH)
        {
            throw new IllegalArgumentException("controllerId=" + controllerId + " replyChannel=" + replyChannel);
        }
        this.controllerId = controllerId;
        this.replyStreamId = REPLY_STREAM_ID_BASE + controllerId;
        this.replyChannel = replyChannel.getBytes(StandardCharsets.US_ASCII);
        this.replies = aeron.addSubscription(replyChannel, replyStreamId);
        this.commands = aeron.addPublication(commandChannel, COMMAND_STREAM_ID);
    }

    /**
     * A call reference of this controller.
     *
     * @param localRef the controller's own number for the call, below 2^48.
     * @return the reference to send.
     */
    public long callRef(final long localRef)
    {
        return ControlProtocol.callRef(controllerId, localRef);
    }

    /**
     * Sends an offer: the offering side's description of one stream.
     *
     * @param request       the description; its call reference must be one of {@link #callRef}.
     * @param correlationId returned with the reply.
     * @return false when the relay cannot take it now.
     */
    public boolean offer(final AnchorRequest request, final long correlationId)
    {
        return send(ControlCodec.writeAnchor(out, 0, OFFER, controllerId, correlationId, request));
    }

    /**
     * Sends an answer: the answering side's description of one stream.
     *
     * @param request       the description.
     * @param correlationId returned with the reply.
     * @return false when the relay cannot take it now.
     */
    public boolean answer(final AnchorRequest request, final long correlationId)
    {
        return send(ControlCodec.writeAnchor(out, 0, ANSWER, controllerId, correlationId, request));
    }

    /**
     * Ends every stream of a call; the final reports follow through {@link #poll}.
     *
     * @param callRef the call.
     * @return false when the relay cannot take it now (try again: its ports stay taken till then).
     */
    public boolean delete(final long callRef)
    {
        ControlCodec.header(out, 0, DELETE, controllerId, 0);
        out.putLong(CALL_REF, callRef);
        return send(DELETE_LENGTH);
    }

    /**
     * Asks for a stream's statistics.
     *
     * @param callRef       the call.
     * @param mediaIndex    the media line.
     * @param correlationId returned with the report.
     * @return false when the relay cannot take it now.
     */
    public boolean query(final long callRef, final int mediaIndex, final long correlationId)
    {
        ControlCodec.header(out, 0, QUERY, controllerId, correlationId);
        out.putLong(CALL_REF, callRef);
        out.putInt(MEDIA_INDEX, mediaIndex);
        return send(QUERY_LENGTH);
    }

    private boolean send(final int length)
    {
        return commands.offer(out, 0, length) > 0;
    }

    /**
     * Takes what the relay sent, and says HELLO when it is time.
     *
     * @param controlListener who hears of it.
     * @return messages handled.
     */
    public int poll(final MediaControlListener controlListener)
    {
        final long nowNs = System.nanoTime();
        if (nowNs - lastHelloNs >= HELLO_INTERVAL_NS && commands.isConnected())
        {
            ControlCodec.header(out, 0, HELLO, controllerId, 0);
            out.putLong(HELLO_EPOCH, controllerEpoch);
            out.putInt(HELLO_STREAM, replyStreamId);
            out.putInt(HELLO_CHANNEL_LENGTH, replyChannel.length);
            out.putBytes(HELLO_CHANNEL, replyChannel);
            if (send(HELLO_CHANNEL + replyChannel.length))
            {
                lastHelloNs = nowNs;
            }
        }
        this.listener = controlListener;
        return replies.poll(this, 64);
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < HEADER_LENGTH)
        {
            return;
        }
        final long correlationId = buffer.getLong(offset + CORRELATION_ID);
        switch (buffer.getInt(offset + TYPE))
        {
            case REPLY ->
            {
                ControlCodec.readReply(buffer, offset, reply, scratch);
                listener.onAnchorReply(correlationId, reply);
            }
            case EVENT -> listener.onMediaEvent(buffer.getLong(offset + CALL_REF), buffer.getInt(offset + MEDIA_INDEX),
                buffer.getInt(offset + EVENT_TYPE), buffer.getInt(offset + EVENT_SIDE));
            case REPORT -> listener.onStreamReport(report.wrap(buffer, offset + REPORT_BODY));
            case HEARTBEAT -> onHeartbeat(buffer.getLong(offset + HEARTBEAT_EPOCH));
            default ->
            {
                // A newer relay's message this controller does not know: ignored.
            }
        }
    }

    private void onHeartbeat(final long epoch)
    {
        lastHeartbeatNs = System.nanoTime();
        if (relayEpoch != -1 && relayEpoch != epoch)
        {
            listener.onRelayRestarted(relayEpoch, epoch);
        }
        relayEpoch = epoch;
    }

    /**
     * Whether the relay answers: the command stream is connected and a heartbeat came lately.
     *
     * @return true when offers can be expected to get replies.
     */
    public boolean isRelayAlive()
    {
        return commands.isConnected() && lastHeartbeatNs != 0 && System.nanoTime() - lastHeartbeatNs < RELAY_SILENCE_NS;
    }

    /** @return the relay's epoch last heard, -1 before the first heartbeat. */
    public long relayEpoch()
    {
        return relayEpoch;
    }

    /** @return this controller's id. */
    public int controllerId()
    {
        return controllerId;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(commands, replies);
    }
}
