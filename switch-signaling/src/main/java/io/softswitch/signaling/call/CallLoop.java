package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMessageHandler;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.codec.SipParseError;
import io.softswitch.signaling.codec.SipParseResult;
import io.softswitch.signaling.codec.SipParser;
import io.softswitch.signaling.codec.SipRequestValidator;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;
import io.softswitch.signaling.transaction.InviteClientTransaction;
import io.softswitch.signaling.transaction.InviteServerTransaction;
import io.softswitch.signaling.transaction.NonInviteClientTransaction;
import io.softswitch.signaling.transaction.NonInviteServerTransaction;
import io.softswitch.signaling.transaction.TimerWheel;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transport.LoopTransport;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.TrunkLimiter;
import io.softswitch.signaling.trunk.Transport;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.softswitch.signaling.call.SipText.*;

/**
 * The owner of the calls of one event loop (DESIGN.md, "Threads"): it takes every message the
 * loop's decoders parse, hands messages of calls that another loop owns over to that loop, and
 * dispatches the rest to calls, transactions or stateless answers. It holds the loop's calls,
 * transaction pools, timer wheel and transport, all plain single-threaded structures.
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
    private static final List<String> SUPPORTED_OPTION_TAGS = List.of("timer", "replaces");

    final int index;
    final SwitchContext context;
    final EventLoop eventLoop;
    final ByteBufAllocator alloc;
    final SipParser parser;
    final SipMessage inbound;
    final SipMessage scratch;
    final B2buaWriter writer;
    final TimerWheel wheel;
    final LoopTransport transport = new LoopTransport();
    final SipRequestValidator validator = new SipRequestValidator(SUPPORTED_OPTION_TAGS);
    final CallId callId = new CallId();
    private final CallId decoded = new CallId();
    private final AsciiSlice slice = new AsciiSlice();
    private final byte[] branchStamp;
    private final Long2ObjectHashMap<Call> customerCalls = new Long2ObjectHashMap<>();
    private final ArrayList<Call> calls = new ArrayList<>();
    private final IntArrayList freeSlots = new IntArrayList();
    private final ArrayDeque<InviteServerTransaction> inviteServers = new ArrayDeque<>();
    private final ArrayDeque<InviteClientTransaction> inviteClients = new ArrayDeque<>();
    private final ArrayDeque<NonInviteServerTransaction> nonInviteServers = new ArrayDeque<>();
    private final ArrayDeque<NonInviteClientTransaction> nonInviteClients = new ArrayDeque<>();
    private final VendorProber prober;
    private final Runnable tick = this::onTick;
    private final Channel udpChannel;
    private long tagCounter;
    private int activeCalls;
    long nowNs;

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
        this.udpChannel = udpChannel;
        this.parser = new SipParser(context.limits);
        this.inbound = new SipMessage(context.limits);
        this.scratch = new SipMessage(context.limits);
        this.writer = new B2buaWriter(context.advertisedHost, context.udpPort, context.tcpPort, context.epoch, index);
        this.branchStamp = B2buaWriter.branchStamp(context.epoch);
        this.nowNs = context.clock.nanoTime();
        this.wheel = new TimerWheel(WHEEL_RESOLUTION_NS, 4096, nowNs);
        this.tagCounter = ((long)context.epoch << 32) ^ ((long)index << 56);
        this.prober = new VendorProber(this);
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
        for (int i = 0; i < calls.size(); i++)
        {
            final Call call = calls.get(i);
            if (call.phase != Call.Phase.FREE)
            {
                call.abandon();
            }
        }
        prober.stop();
        transport.flush();
    }

    /**
     * How many calls this loop holds, ended ones still absorbing retransmissions included.
     *
     * @return the count.
     */
    public int callCount()
    {
        return activeCalls;
    }

    /**
     * Runs timers that are due, then flushes what they sent. Runs on the loop.
     */
    public void onTick()
    {
        nowNs = context.clock.nanoTime();
        try
        {
            wheel.poll(nowNs);
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
            nowNs = context.clock.nanoTime();
            dispatchGuarded(message, sender, channel, over);
            transport.flush();
        }
        else
        {
            final ByteBuf bytes;
            if (over == Transport.UDP)
            {
                // This loop is done with the datagram: the owner may have it.
                bytes = message.buffer().retainedSlice(message.offset(), message.length());
            }
            else
            {
                // The stream's buffer goes on being read and filled here: the owner gets a copy.
                bytes = alloc.directBuffer(message.length());
                bytes.writeBytes(message.buffer(), message.offset(), message.length());
            }
            owner.eventLoop.execute(Handover.of(owner, bytes, sender, channel, over));
        }
    }

    @Override
    public void onMalformed(final SipMessage message, final SipParseError error, final InetSocketAddress sender,
        final Channel channel)
    {
        context.metrics.parseError();
        context.metrics.rejected(Rejection.MALFORMED);
        final int code = message.errorResponseCode();
        final boolean stream = !(channel instanceof DatagramChannel);
        if (code > 0 && message.isRequest() && message.hasTopVia() && message.method() != SipMethod.ACK)
        {
            final ByteBuf out = alloc.directBuffer(512);
            writer.simpleResponse(out, message, sender, code, reasonPhrase(code), nextTag(), null);
            final SipPeer peer = responsePeer(message, sender, channel, stream ? Transport.TCP : Transport.UDP);
            transport.transmit(out, peer);
            out.release();
            context.metrics.responseOut(code);
            transport.flush();
        }
        if (stream)
        {
            // RFC 3261 §18.3: after a framing error the stream cannot be trusted.
            channel.close();
        }
    }

    void onHandover(final ByteBuf bytes, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        if (parser.parse(bytes, bytes.readerIndex(), bytes.readableBytes(), inbound) != SipParseResult.MESSAGE)
        {
            return;
        }
        nowNs = context.clock.nanoTime();
        dispatchGuarded(inbound, sender, channel, over);
        transport.flush();
    }

    private void dispatchGuarded(final SipMessage message, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        try
        {
            dispatch(message, sender, channel, over);
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

    private CallLoop ownerOf(final SipMessage message)
    {
        final CallLoop[] loops = context.loops;
        if (loops.length == 1)
        {
            return this;
        }
        final ByteBuf buffer = message.buffer();
        if (decoded.decode(buffer, message.callIdOffset(), message.callIdLength(), context.epoch) &&
            decoded.loop < loops.length)
        {
            return loops[decoded.loop];
        }
        final long hash = hash(buffer, message.callIdOffset(), message.callIdLength());
        return loops[(int)Long.remainderUnsigned(hash, loops.length)];
    }

    private void dispatch(final SipMessage message, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        final ByteBuf buffer = message.buffer();
        final boolean ours = decoded.decode(buffer, message.callIdOffset(), message.callIdLength(), context.epoch);
        if (!message.isRequest())
        {
            context.metrics.responseIn(message.statusCode());
            if (ours)
            {
                if (decoded.slot == CallId.PROBE_SLOT)
                {
                    prober.onResponse(message, decoded.generation);
                    return;
                }
                final Call call = callAt(decoded.slot, decoded.generation);
                if (call != null)
                {
                    call.onVendorResponse(message, decoded.attempt);
                }
                return;
            }
            final Call call = findCustomerCall(message, sender);
            if (call != null)
            {
                call.onCustomerResponse(message);
            }
            return;
        }
        if (ours && (message.method() != SipMethod.INVITE || message.toTagLength() > 0))
        {
            final Call call = decoded.slot == CallId.PROBE_SLOT ? null : callAt(decoded.slot, decoded.generation);
            if (call != null)
            {
                call.onVendorRequest(message, decoded.attempt, sender, channel, over);
            }
            else if (message.method() != SipMethod.ACK)
            {
                respond(message, sender, channel, over, 481, null);
            }
            return;
        }
        final Call call = ours ? null : findCustomerCall(message, sender);
        if (call != null)
        {
            call.onCustomerRequest(message, sender, channel, over);
            return;
        }
        // An out-of-dialog INVITE carrying a Call-ID we minted has come back to us: admission
        // finds our Via in it and answers 482.
        outOfDialog(message, sender, channel, over);
    }

    private void outOfDialog(final SipMessage message, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        final SipMethod method = message.method();
        if (method == SipMethod.ACK)
        {
            return;
        }
        if (method == SipMethod.EXTENSION)
        {
            respond(message, sender, channel, over, 501, ALLOW);
            return;
        }
        final int refusal = validator.validate(message);
        if (refusal != 0)
        {
            context.metrics.rejected(refusal == 483 ? Rejection.TOO_MANY_HOPS : Rejection.MALFORMED);
            respondRefusal(message, sender, channel, over, refusal);
            return;
        }
        switch (method)
        {
            case INVITE ->
            {
                if (message.toTagLength() > 0)
                {
                    respond(message, sender, channel, over, 481, null);
                }
                else
                {
                    admit(message, sender, channel, over);
                }
            }
            case OPTIONS -> respond(message, sender, channel, over, 200, ALLOW_AND_ACCEPT);
            case CANCEL, BYE, UPDATE, INFO, PRACK -> respond(message, sender, channel, over, 481, null);
            default -> respond(message, sender, channel, over, 405, ALLOW);
        }
    }

    private void admit(final SipMessage invite, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        if (isLooped(invite))
        {
            context.metrics.rejected(Rejection.LOOP);
            respond(invite, sender, channel, over, 482, null);
            return;
        }
        final ByteBuf buffer = invite.buffer();
        final CustomerTrunk trunk = context.directory.match(sender.getAddress(),
            slice.wrap(buffer, invite.requestUriUserOffset(), invite.requestUriUserLength()));
        if (trunk == null)
        {
            context.metrics.rejected(Rejection.UNKNOWN_SOURCE);
            respond(invite, sender, channel, over, 403, null);
            return;
        }
        final Customer customer = context.customers.get(trunk);
        final TrunkLimiter.Admission admission = customer.limiter.tryAcquire();
        if (admission != TrunkLimiter.Admission.ADMITTED)
        {
            context.metrics.rejected(admission == TrunkLimiter.Admission.CPS_EXCEEDED ?
                Rejection.CPS_LIMIT : Rejection.CONCURRENT_LIMIT);
            respond(invite, sender, channel, over, 503, RETRY_AFTER);
            return;
        }
        final long key = hash(buffer, invite.callIdOffset(), invite.callIdLength());
        final Call call = allocateCall();
        // Calls whose Call-IDs share a hash (or a Call-ID: a new INVITE reusing one) are chained.
        call.sameKey = customerCalls.put(key, call);
        call.start(invite, sender, channel, over, customer, key);
        final int prefixLength = trunk.techPrefix().length();
        final String e164 = trunk.numberRules().normalize(slice.wrap(buffer,
            invite.requestUriUserOffset() + prefixLength, invite.requestUriUserLength() - prefixLength));
        call.route(e164, invite);
    }

    private boolean isLooped(final SipMessage request)
    {
        final ByteBuf buffer = request.buffer();
        for (int i = request.findHeader(HeaderName.VIA, 0); i >= 0; i = request.findHeader(HeaderName.VIA, i + 1))
        {
            final int offset = request.headerValueOffset(i);
            if (indexOf(buffer, offset, offset + request.headerValueLength(i), branchStamp) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    private void respondRefusal(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over, final int code)
    {
        final ByteBuf out = alloc.directBuffer(512);
        writer.statusLine(out, code, ascii(validator.reason()));
        writer.responseHead(out, request, sender, nextTag());
        if (code == 420 && validator.unsupportedOffset() >= 0)
        {
            writeHeader(out, UNSUPPORTED_NAME, request.buffer(), validator.unsupportedOffset(),
                validator.unsupportedLength());
        }
        out.writeBytes(CONTENT_LENGTH_ZERO);
        transport.transmit(out, responsePeer(request, sender, channel, over));
        out.release();
        context.metrics.responseOut(code);
    }

    /**
     * Answers a request statelessly (RFC 3261 §8.2.6): no transaction; a retransmitted request is
     * simply answered again.
     */
    void respond(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over, final int code, final byte[] extra)
    {
        final ByteBuf out = alloc.directBuffer(512);
        writer.simpleResponse(out, request, sender, code, reasonPhrase(code), request.toTagLength() > 0 ? -1 : nextTag(),
            extra);
        transport.transmit(out, responsePeer(request, sender, channel, over));
        out.release();
        context.metrics.responseOut(code);
    }

    /**
     * Where responses to a request go (RFC 3261 §18.2.2, RFC 3581): over TCP the connection it
     * came on; over UDP the source address, with the source port when the Via asks for
     * {@code rport} and the Via's sent-by port otherwise.
     */
    SipPeer responsePeer(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        if (over == Transport.TCP)
        {
            return new SipPeer(Transport.TCP, sender, channel);
        }
        final int viaPort = request.viaPort() > 0 ? request.viaPort() : 5060;
        final int port = request.viaRport() >= 0 ? sender.getPort() : viaPort;
        final InetSocketAddress address = port == sender.getPort() ? sender :
            new InetSocketAddress(sender.getAddress(), port);
        return new SipPeer(Transport.UDP, address, udpChannel != null ? udpChannel : channel);
    }

    /**
     * The peer a vendor is reached at from this loop; for TCP this loop's own connection to it,
     * opened (or reopened) on first use (RFC 3261 §18: connections are reused per vendor).
     */
    SipPeer vendorPeer(final Vendor vendor)
    {
        SipPeer peer = vendor.peers[index];
        if (vendor.trunk.transport() == Transport.UDP)
        {
            if (peer == null)
            {
                peer = new SipPeer(Transport.UDP, vendor.address, udpChannel);
                vendor.peers[index] = peer;
            }
            return peer;
        }
        if (peer == null || !peer.channel().isOpen())
        {
            peer = new SipPeer(Transport.TCP, vendor.address, context.connector.connect(eventLoop, vendor.address, this));
            vendor.peers[index] = peer;
        }
        return peer;
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

    Vendor vendor(final String name)
    {
        return context.vendorsByName.get(name);
    }

    boolean parseStored(final ByteBuf stored, final SipMessage into)
    {
        return stored != null && parser.parse(stored, stored.readerIndex(), stored.readableBytes(), into) == SipParseResult.MESSAGE;
    }

    /**
     * The call whose customer dialog a request or response belongs to: same Call-ID, and for a
     * request either the INVITE's own transaction (retransmission, CANCEL, ACK of a failure) from
     * where the INVITE came, or our To tag (RFC 3261 §12.2.2); anything else is outside every call.
     */
    private Call findCustomerCall(final SipMessage message, final InetSocketAddress sender)
    {
        final long key = hash(message.buffer(), message.callIdOffset(), message.callIdLength());
        for (Call call = customerCalls.get(key); call != null; call = call.sameKey)
        {
            if (call.hasCustomerCallId(message) && (!message.isRequest() || call.isInCustomerDialog(message, sender)))
            {
                return call;
            }
        }
        return null;
    }

    private Call callAt(final int slot, final int generation)
    {
        if (slot < 0 || slot >= calls.size())
        {
            return null;
        }
        final Call call = calls.get(slot);
        return call.generation == generation && call.phase != Call.Phase.FREE ? call : null;
    }

    private Call allocateCall()
    {
        activeCalls++;
        if (!freeSlots.isEmpty())
        {
            return calls.get(freeSlots.removeAt(freeSlots.size() - 1));
        }
        final Call call = new Call(this, calls.size());
        calls.add(call);
        return call;
    }

    void free(final Call call)
    {
        final Call head = customerCalls.get(call.customerKey);
        if (head == call)
        {
            if (call.sameKey == null)
            {
                customerCalls.remove(call.customerKey);
            }
            else
            {
                customerCalls.put(call.customerKey, call.sameKey);
            }
        }
        else
        {
            Call previous = head;
            while (previous != null && previous.sameKey != call)
            {
                previous = previous.sameKey;
            }
            if (previous != null)
            {
                previous.sameKey = call.sameKey;
            }
        }
        call.sameKey = null;
        call.release();
        freeSlots.addInt(call.slot);
        activeCalls--;
    }

    InviteServerTransaction inviteServer()
    {
        final InviteServerTransaction txn = inviteServers.pollLast();
        return txn != null ? txn : new InviteServerTransaction(wheel, transport, context.timers);
    }

    InviteClientTransaction inviteClient()
    {
        final InviteClientTransaction txn = inviteClients.pollLast();
        return txn != null ? txn : new InviteClientTransaction(wheel, transport, context.timers);
    }

    NonInviteServerTransaction nonInviteServer()
    {
        final NonInviteServerTransaction txn = nonInviteServers.pollLast();
        return txn != null ? txn : new NonInviteServerTransaction(wheel, transport, context.timers);
    }

    NonInviteClientTransaction nonInviteClient()
    {
        final NonInviteClientTransaction txn = nonInviteClients.pollLast();
        return txn != null ? txn : new NonInviteClientTransaction(wheel, transport, context.timers);
    }

    void recycle(final Transaction transaction)
    {
        switch (transaction)
        {
            case InviteServerTransaction txn -> inviteServers.addLast(txn);
            case InviteClientTransaction txn -> inviteClients.addLast(txn);
            case NonInviteServerTransaction txn -> nonInviteServers.addLast(txn);
            case NonInviteClientTransaction txn -> nonInviteClients.addLast(txn);
            default -> throw new IllegalArgumentException("unknown transaction: " + transaction.getClass());
        }
    }
}
