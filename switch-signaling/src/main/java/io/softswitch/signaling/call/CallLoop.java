package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.softswitch.signaling.codec.CallIdFramer;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMessageHandler;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.codec.SipParseError;
import io.softswitch.signaling.codec.SipParseResult;
import io.softswitch.signaling.codec.SipParser;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;
import io.softswitch.signaling.transaction.TimerWheel;
import io.softswitch.signaling.transport.LoopTransport;
import io.softswitch.signaling.trunk.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static io.softswitch.signaling.codec.SipBytes.hash;

/**
 * The duty cycle of one event loop (DESIGN.md, "Threads"): for each message or tick it reads the
 * clock once, does the work, and flushes what the work sent. A message of a call that another
 * loop owns is handed over to that loop; the rest goes to {@link MessageDispatch}, which finds
 * its call in the {@link CallTable} or gives it to the {@link VendorProber}, to
 * {@link Admission} or to the {@link StatelessResponder}.
 *
 * <p>A call's owner is chosen from its Call-ID: the switch's own Call-IDs (vendor legs, probes)
 * name their loop; any other Call-ID is hashed. Both legs of a call therefore land on one loop.
 */
public final class CallLoop implements SipMessageHandler
{
    /** How often the loop polls its timer wheel; SIP timers are hundreds of milliseconds. */
    private static final long TICK_MS = 4;
    private static final long WHEEL_RESOLUTION_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(CallLoop.class);

    final int index;
    final SwitchContext context;
    final EventLoop eventLoop;
    final ByteBufAllocator alloc;
    final SipMessage scratch;
    final B2buaWriter writer;
    final ResponseWriter responses;
    final TimerWheel wheel;
    final LoopTransport transport;
    final CallId callId = new CallId();
    final TransactionPools pools;
    final CallTable table = new CallTable(this);
    final LoopPeers peers;
    final StatelessResponder responder = new StatelessResponder(this);
    final AddressText addresses = new AddressText();
    final LoopLag lag = new LoopLag();
    private final OverloadControlVia vendorOverload = new OverloadControlVia();
    private final SipParser parser;
    private final SipMessage inbound;
    private final CallId decoded = new CallId();
    private final MessageCopy storedCopy = new MessageCopy(4_096);
    private final VendorProber prober;
    private final MessageDispatch dispatch;
    private final CallEndListener endListener;
    private final Runnable tick = this::onTick;
    final LoopMedia media;
    private long tagCounter;
    private volatile long handled;
    long nowNs;
    long nowEpochMs;

    /**
     * Creates the call owner of one loop.
     *
     * @param context    what all loops share.
     * @param index      this loop's index.
     * @param eventLoop  the Netty loop; every method but {@link #onMessage} and
     *                   {@link #onMalformed} runs on it.
     * @param alloc      where message buffers come from.
     * @param udpChannel this loop's UDP socket, or null when UDP is off.
     */
    public CallLoop(final SwitchContext context, final int index, final EventLoop eventLoop,
        final ByteBufAllocator alloc, final Channel udpChannel)
    {
        this.context = context;
        this.index = index;
        this.eventLoop = eventLoop;
        this.alloc = alloc;
        this.transport = new LoopTransport(eventLoop);
        this.parser = new SipParser(context.limits);
        this.inbound = new SipMessage(context.limits);
        this.scratch = new SipMessage(context.limits);
        this.writer = new B2buaWriter(context.advertisedHost, context.udpPort, context.tcpPort, context.epoch, index);
        this.responses = new ResponseWriter(writer, addresses, () -> context.shedder, () -> nowEpochMs);
        this.nowNs = context.clock.nanoTime();
        this.nowEpochMs = context.epochClock.time();
        this.wheel = new TimerWheel(WHEEL_RESOLUTION_NS, 4096, nowNs);
        this.pools = new TransactionPools(wheel, transport, context.timers);
        this.peers = new LoopPeers(this, udpChannel);
        this.tagCounter = ((long)context.epoch << 32) ^ ((long)index << 56);
        this.prober = new VendorProber(this);
        this.dispatch = new MessageDispatch(this, prober);
        this.endListener = context.hooks.callEndListener();
        this.media = new LoopMedia(this, context.hooks.media());
    }

    /**
     * Starts the loop's periodic work (timer wheel, probes); call once, after every loop exists.
     */
    public void start()
    {
        eventLoop.scheduleAtFixedRate(tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        eventLoop.execute(prober::start);
    }

    /**
     * Ends every call and probe without signalling and releases their buffers; the switch is
     * closing. Runs on the loop.
     */
    public void shutdown()
    {
        readClock();
        table.abandonAll();
        prober.stop();
        media.close();
        transport.flushAll();
        peers.closeVendorConnections();
    }

    /**
     * How many calls this loop holds, ended ones still absorbing retransmissions included.
     *
     * @return the count.
     */
    public int callCount()
    {
        return table.activeCalls();
    }

    /**
     * Runs timers that are due, then flushes what they sent. Runs on the loop.
     */
    public void onTick()
    {
        readClock();
        lag.roll(nowNs);
        try
        {
            wheel.poll(nowNs);
            media.poll();
        }
        catch (final RuntimeException ex)
        {
            // A periodic task that throws is never run again: keep the wheel turning.
            failed(ex);
        }
        transport.flush();
    }

    @Override
    public void onMessage(final SipMessage message, final InetSocketAddress sender, final Channel channel)
    {
        final CallLoop owner = ownerOf(message);
        final Transport over = channel instanceof DatagramChannel ? Transport.UDP : Transport.TCP;
        if (owner == this)
        {
            readClock();
            dispatchGuarded(message, sender, channel, over);
            transport.flush();
        }
        else
        {
            // The bytes are the receive path's (overwritten by its next batch) or the stream's
            // (read on here): the owner gets a copy.
            owner.eventLoop.execute(Handover.of(owner, message.buffer(), message.offset(), message.length(), sender,
                channel, over, context.clock.nanoTime()));
        }
    }

    /**
     * Sends a datagram of another loop's call to that loop before parsing it here: the loop that
     * reads a busy peer's socket only finds the Call-ID, and every loop parses and handles its
     * own calls' messages (one peer, every core). The owner parses it and checks again. A datagram
     * of this loop's own calls may be shed on arrival; one parsed for that and let through is
     * handled here as parsed, so that it is parsed once.
     */
    @Override
    public boolean handOver(final ByteBuf datagram, final int index, final int length,
        final InetSocketAddress sender, final Channel channel)
    {
        lag.arrived();
        if (context.loops.length > 1)
        {
            final long callId = CallIdFramer.find(datagram, index, length);
            final CallLoop owner = callId < 0 ? this : ownerOf(datagram, (int)(callId >>> 32), (int)callId);
            if (owner != this)
            {
                owner.eventLoop.execute(Handover.of(owner, datagram, index, length, sender, channel, Transport.UDP,
                    context.clock.nanoTime()));
                return true;
            }
        }
        final int judged = dispatch.shedOnArrival(datagram, index, length, sender, channel);
        if (judged == Admission.LET_THROUGH)
        {
            // Parsed on arrival and found to be this loop's: handled as the datagram it is.
            readClock();
            dispatchGuarded(dispatch.arrived(), sender, channel, Transport.UDP);
            transport.flush();
        }
        return judged != Admission.NOT_JUDGED;
    }

    @Override
    public void onMalformed(final SipMessage message, final SipParseError error, final InetSocketAddress sender,
        final Channel channel)
    {
        malformed(message, sender, channel, channel instanceof DatagramChannel ? Transport.UDP : Transport.TCP);
    }

    private void malformed(final SipMessage message, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        context.metrics.parseError();
        context.metrics.rejected(Rejection.MALFORMED);
        final int code = message.errorResponseCode();
        if (code > 0 && message.isRequest() && message.hasTopVia() && message.method() != SipMethod.ACK)
        {
            final ByteBuf out = alloc.directBuffer(512);
            responses.simpleResponse(out, message, sender, code, nextTag(), null);
            transport.transmit(out, peers.responsePeer(message, sender, channel, over));
            out.release();
            context.metrics.responseOut(code);
            transport.flush();
        }
        if (over == Transport.TCP)
        {
            // RFC 3261 §18.3: after a framing error the stream cannot be trusted.
            channel.close();
        }
    }

    void onHandover(final ByteBuf bytes, final InetSocketAddress sender, final Channel channel,
        final Transport over, final long enqueuedNs)
    {
        readClock();
        lag.record(enqueuedNs, nowNs);
        if (parser.parse(bytes, bytes.readerIndex(), bytes.readableBytes(), inbound) != SipParseResult.MESSAGE)
        {
            if (over == Transport.UDP)
            {
                // Handed over unparsed: this loop answers what is wrong with it.
                malformed(inbound, sender, channel, over);
            }
            return;
        }
        final CallLoop owner = ownerOf(inbound);
        if (owner != this)
        {
            // The framing found another Call-ID than the parser: the parser's decides.
            onMessage(inbound, sender, channel);
            return;
        }
        dispatchGuarded(inbound, sender, channel, over);
        transport.flush();
    }

    /**
     * Reads the clocks once for a unit of work: every deadline and time stamp of that work uses
     * this reading.
     */
    void readClock()
    {
        nowNs = context.clock.nanoTime();
        nowEpochMs = context.epochClock.time();
    }

    private void dispatchGuarded(final SipMessage message, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        // Written by this loop only; read by the metrics.
        handled++;
        try
        {
            dispatch.dispatch(message, sender, channel, over);
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    private void failed(final RuntimeException ex)
    {
        context.metrics.internalError();
        LOG.error("signaling loop {} failed to handle a message or timer", index, ex);
    }

    CallLoop ownerOf(final SipMessage message)
    {
        return ownerOf(message.buffer(), message.callIdOffset(), message.callIdLength());
    }

    private CallLoop ownerOf(final ByteBuf buffer, final int callIdOffset, final int callIdLength)
    {
        final CallLoop[] loops = context.loops;
        if (loops.length == 1)
        {
            return this;
        }
        if (decoded.decode(buffer, callIdOffset, callIdLength, context.epoch) && decoded.loop < loops.length)
        {
            return loops[decoded.loop];
        }
        final long hash = hash(buffer, callIdOffset, callIdLength);
        return loops[(int)Long.remainderUnsigned(hash, loops.length)];
    }

    /**
     * Tells the listener that a call ended; a listener that throws is a bug of its own, counted
     * and logged, never a reason to leave the call half ended.
     */
    void callEnded(final EndedCall call)
    {
        try
        {
            endListener.onCallEnded(call);
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    /**
     * How many messages this loop has handled (after hand-over to their call's loop).
     *
     * @return the count.
     */
    public long messagesHandled()
    {
        return handled;
    }

    /**
     * The worst wait of a message handed to this loop, in its queue, in the current window of
     * {@link #lagWindow()}; any thread.
     *
     * @return nanoseconds.
     */
    public long lagNs()
    {
        return lag.worstNs();
    }

    /**
     * Which window {@link #lagNs()} belongs to: it grows by one per window.
     *
     * @return the window's number.
     */
    public long lagWindow()
    {
        return lag.window();
    }

    /**
     * The Netty loop this owner runs on.
     *
     * @return the loop.
     */
    public EventLoop eventLoop()
    {
        return eventLoop;
    }

    long nextTag()
    {
        tagCounter++;
        // Scramble so that consecutive tags differ in every position (RFC 3261 §19.3: random).
        long z = tagCounter * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (z ^ (z >>> 29)) & Long.MAX_VALUE;
    }

    /**
     * The switch's trunks were replaced: probes follow the new vendors. Runs on this loop.
     */
    void trunksReplaced()
    {
        prober.resync();
    }

    /**
     * Takes the overload control a vendor's response carries in our Via (RFC 7339 §5.3).
     */
    void overloadControl(final SipMessage response, final Vendor vendor)
    {
        if (vendor != null && vendorOverload.read(response) && vendorOverload.percent() >= 0)
        {
            vendor.onOverloadControl(index, vendorOverload.percent(), vendorOverload.validityMs(),
                vendorOverload.seqMillis(), nowNs);
        }
    }

    Vendor vendor(final int id)
    {
        return context.trunks.vendor(id);
    }

    /**
     * Parses a kept message again, from a copy in {@link #storedCopy}: the parser then reads the
     * buffer class it reads received datagrams from. The parsed view is valid until the next call.
     */
    boolean parseStored(final ByteBuf stored, final SipMessage into)
    {
        if (stored == null)
        {
            return false;
        }
        final ByteBuf copy = storedCopy.copy(stored, stored.readerIndex(), stored.readableBytes());
        return parser.parse(copy, 0, copy.readableBytes(), into) == SipParseResult.MESSAGE;
    }
}
