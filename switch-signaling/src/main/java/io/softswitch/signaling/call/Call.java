package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.softswitch.lcr.RouteResult;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;
import io.softswitch.signaling.transaction.InviteClientTransaction;
import io.softswitch.signaling.transaction.InviteServerTransaction;
import io.softswitch.signaling.transaction.NonInviteClientTransaction;
import io.softswitch.signaling.transaction.NonInviteServerTransaction;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transaction.TransactionListener;
import io.softswitch.signaling.transaction.WheelTimer;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.TrunkLimiter;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.softswitch.signaling.call.SipText.*;

/**
 * One B2BUA call: the customer leg (we are its callee) and the vendor leg (we are its caller),
 * each a dialog of its own (RFC 3261 §12), and the hunt across vendors that connects them.
 *
 * <p>Owned by one {@link CallLoop} and reused from its pool: {@code slot} and {@code generation}
 * name it in the vendor leg's Call-ID. A call that has ended stays in its loop, absorbing
 * retransmissions, until its last transaction terminates; then its buffers are released and it
 * goes back to the pool.
 *
 * <p>Routes come from the LCR engine, answered on its thread and handed to the owning loop; the
 * pooled answer is released when the call ends (or at once when it arrives for a call that has
 * moved on). Each vendor attempt's final outcome and post-dial delay, and each answered call's
 * connected time, go back to the engine as quality samples, once per attempt.
 *
 * <p>What crosses from one leg to the other is chosen by {@link B2buaWriter}: the body, the
 * session-describing headers, the user parts and display names; never a Via, Contact,
 * Record-Route, Route or Call-ID.
 */
final class Call implements TransactionListener
{
    /** Where the call is in its life. */
    enum Phase
    {
        /** In the pool. */
        FREE,
        /** Waiting for the route query. */
        ROUTING,
        /** An INVITE is out to a vendor, nothing relayed yet. */
        CALLING,
        /** A provisional response was relayed to the customer. */
        EARLY,
        /** The vendor's 2xx was relayed; waiting for the customer's ACK. */
        ANSWERED,
        /** Both legs confirmed. */
        CONFIRMED,
        /** Over; absorbing retransmissions until every transaction ends. */
        ENDED
    }

    static final int MAX_ATTEMPTS = 16;
    /** Timer C: "larger than 3 minutes" (RFC 3261 §16.6). */
    static final long TIMER_C_NS = TimeUnit.SECONDS.toNanos(181);

    final CallLoop loop;
    final int slot;
    int generation;
    Phase phase = Phase.FREE;
    long customerKey;
    Call sameKey;

    private Customer customer;
    private boolean customerHeld;
    private ByteBuf customerInvite;
    private int branchOffset;
    private int branchLength;
    private int callIdOffset;
    private int callIdLength;
    private ByteBuf responseHead;
    private SipPeer customerPeer;
    private InetSocketAddress customerSource;
    private long customerInviteCseq;
    private long customerTag;
    private long customerCseq;
    private InviteServerTransaction customerInviteTxn;
    private NonInviteServerTransaction customerByeServer;
    private NonInviteClientTransaction customerByeClient;

    private String e164;
    private SipMessage liveInvite;
    private RouteResult route;
    private List<String> vendors;
    private int routeIndex;
    private int lastFailure;

    private int attempts;
    private int current = -1;
    private int answeredAttempt = -1;
    private int heldMask;
    private int reportedMask;
    private long answeredNs;
    private boolean provisionalSeen;
    private long vendorTag;
    private long vendorCseq;
    private final Vendor[] attemptVendor = new Vendor[MAX_ATTEMPTS];
    private final long[] attemptStartNs = new long[MAX_ATTEMPTS];
    private final long[] attemptPddMs = new long[MAX_ATTEMPTS];
    private final InviteClientTransaction[] attemptTxn = new InviteClientTransaction[MAX_ATTEMPTS];
    private final NonInviteClientTransaction[] attemptCancel = new NonInviteClientTransaction[MAX_ATTEMPTS];
    private final NonInviteClientTransaction[] attemptBye = new NonInviteClientTransaction[MAX_ATTEMPTS];
    private ByteBuf vendorAnswer;
    private ByteBuf vendorAck;
    private NonInviteServerTransaction vendorByeServer;
    private NonInviteClientTransaction vendorByeClient;

    private Transaction relayServer;
    private Transaction relayClient;
    private boolean relayFromCustomer;
    private boolean relayFinalSent;
    private boolean relayAwaitingAck;
    private long relayServerCseq;
    private long relayClientCseq;
    private ByteBuf relayHead;

    private Transaction[] transactions = new Transaction[8];
    private int activeTransactions;

    private final RouteQuery routeQuery = new RouteQuery(this);
    private final WheelTimer provisionalTimer = new WheelTimer()
    {
        @Override
        protected void onExpiry(final long nowNs)
        {
            onProvisionalTimeout();
        }
    };

    Call(final CallLoop loop, final int slot)
    {
        this.loop = loop;
        this.slot = slot;
    }

    boolean hasCustomerCallId(final SipMessage message)
    {
        return customerInvite != null && message.callIdLength() == callIdLength &&
            ByteBufUtil.equals(message.buffer(), message.callIdOffset(), customerInvite, callIdOffset,
                callIdLength);
    }

    boolean isInCustomerDialog(final SipMessage request, final InetSocketAddress sender)
    {
        final SipMethod method = request.method();
        // RFC 3261 §17.2.3: the branch matches a transaction together with the method (ACK and
        // CANCEL match the INVITE's). Only from where the INVITE came: nobody else can cancel a
        // call by replaying its branch.
        final boolean inviteTransaction = (method == SipMethod.INVITE || method == SipMethod.ACK ||
            method == SipMethod.CANCEL) && sender.equals(customerSource) && isOriginalBranch(request);
        return inviteTransaction || hasTag(request, customerTag);
    }

    private static boolean hasTag(final SipMessage request, final long tag)
    {
        return request.toTagLength() == 16 &&
            readHex(request.buffer(), request.toTagOffset(), 16) == tag;
    }

    /**
     * Takes a new customer INVITE: keeps a copy, answers 100 Trying (RFC 3261 §17.2.1).
     */
    void start(final SipMessage invite, final InetSocketAddress sender, final Channel channel, final Transport over,
        final Customer customer, final long key)
    {
        phase = Phase.ROUTING;
        this.customer = customer;
        customerHeld = true;
        customerKey = key;
        customerInvite = loop.alloc.directBuffer(invite.length());
        writeSlice(customerInvite, invite.buffer(), invite.offset(), invite.length());
        final int shift = -invite.offset();
        branchOffset = invite.viaBranchOffset() + shift;
        branchLength = invite.viaBranchLength();
        callIdOffset = invite.callIdOffset() + shift;
        callIdLength = invite.callIdLength();
        customerTag = loop.nextTag();
        vendorTag = loop.nextTag();
        customerCseq = 0;
        responseHead = loop.alloc.directBuffer(invite.length());
        loop.writer.responseHead(responseHead, invite, sender, customerTag);
        customerPeer = loop.responsePeer(invite, sender, channel, over);
        customerSource = sender;
        customerInviteCseq = invite.cseqNumber();
        customerInviteTxn = loop.inviteServer();
        track(customerInviteTxn);
        customerInviteTxn.start(this, customerPeer);
        final ByteBuf trying = loop.alloc.directBuffer(responseHead.readableBytes() + 64);
        loop.writer.localResponse(trying, responseHead, 100, reasonPhrase(100), null);
        customerInviteTxn.sendProvisional(trying);
        loop.context.metrics.responseOut(100);
        customer.meters.offered();
    }

    void route(final String number, final SipMessage invite)
    {
        if (number == null)
        {
            loop.context.metrics.rejected(Rejection.NO_ROUTE);
            failCustomer(404, null);
            return;
        }
        e164 = number;
        // A router that answers at once lets the first attempt use the INVITE as parsed on arrival.
        liveInvite = invite;
        try
        {
            // A reused call whose previous query is still out asks through a query of its own.
            final RouteQuery query = routeQuery.isPending() ? new RouteQuery(this) : routeQuery;
            query.ask(customer.trunk.name(), number);
        }
        finally
        {
            liveInvite = null;
        }
    }

    /**
     * Takes the engine's answer on the owning loop (handed over by {@link RouteQuery}).
     */
    void onRoute(final RouteResult result)
    {
        if (phase != Phase.ROUTING)
        {
            result.release();
            return;
        }
        switch (result.outcome())
        {
            case ROUTED ->
            {
                route = result;
                vendors = result.vendors();
            }
            case NO_SELL_RATE ->
            {
                // Issue 3: no sell rate means no price agreed; refused, never a free call.
                result.release();
                loop.context.metrics.rejected(Rejection.NO_SELL_RATE);
                failCustomer(403, null);
                return;
            }
            case OVERLOADED ->
            {
                result.release();
                loop.context.metrics.rejected(Rejection.ROUTER_OVERLOADED);
                failCustomer(503, RETRY_AFTER);
                return;
            }
            default ->
            {
                result.release();
                loop.context.metrics.rejected(Rejection.NO_ROUTE);
                failCustomer(404, null);
                return;
            }
        }
        routeIndex = 0;
        tryNextVendor(null);
    }

    /**
     * Offers the call to the next vendor that is up and within its limits (failover, issue 2);
     * when none is left, answers the customer with the last vendor's failure, or 503.
     */
    private void tryNextVendor(final SipMessage failure)
    {
        final FailoverPolicy policy = customer.trunk.failover();
        final int maxAttempts = Math.min(policy.maxAttempts(), MAX_ATTEMPTS);
        while (routeIndex < vendors.size() && attempts < maxAttempts)
        {
            final Vendor vendor = loop.vendor(vendors.get(routeIndex++));
            if (vendor == null || !vendor.up)
            {
                continue;
            }
            final TrunkLimiter.Admission admission = vendor.limiter.tryAcquire();
            if (admission != TrunkLimiter.Admission.ADMITTED)
            {
                if (admission == TrunkLimiter.Admission.CONCURRENT_EXCEEDED)
                {
                    vendor.reportCapacity(loop.context.engine);
                }
                continue;
            }
            startAttempt(vendor, policy);
            return;
        }
        if (failure != null)
        {
            relayFailure(failure);
        }
        else if (lastFailure != 0)
        {
            failCustomer(lastFailure, null);
        }
        else
        {
            loop.context.metrics.rejected(Rejection.NO_VENDOR);
            failCustomer(503, RETRY_AFTER);
        }
    }

    private void startAttempt(final Vendor vendor, final FailoverPolicy policy)
    {
        final int attempt = attempts++;
        current = attempt;
        attemptVendor[attempt] = vendor;
        attemptStartNs[attempt] = loop.nowNs;
        attemptPddMs[attempt] = -1;
        heldMask |= 1 << attempt;
        phase = phase == Phase.EARLY ? Phase.EARLY : Phase.CALLING;
        provisionalSeen = false;
        final SipMessage invite = liveInvite != null ? liveInvite : loop.scratch;
        if (liveInvite == null && !loop.parseStored(customerInvite, loop.scratch))
        {
            throw new IllegalStateException("stored INVITE no longer parses: slot=" + slot);
        }
        final ByteBuf out = loop.alloc.directBuffer(customerInvite.readableBytes() + 256);
        loop.writer.vendorInvite(out, invite, vendor.trunk.transport(), vendor.hostPort, e164,
            loop.callId.set(loop.index, slot, generation, attempt, loop.context.epoch), vendorTag);
        final InviteClientTransaction txn = loop.inviteClient();
        attemptTxn[attempt] = txn;
        track(txn);
        txn.start(this, out, loop.vendorPeer(vendor), loop.nowNs);
        loop.wheel.schedule(provisionalTimer,
            loop.nowNs + TimeUnit.MILLISECONDS.toNanos(policy.provisionalTimeoutMs()));
        vendor.meters.offered();
    }

    void onVendorResponse(final SipMessage response, final int attempt)
    {
        if (attempt >= attempts)
        {
            return;
        }
        switch (response.cseqMethod())
        {
            case INVITE ->
            {
                if (response.cseqNumber() == 1)
                {
                    onVendorInviteResponse(response, attempt);
                }
                else if (relayClient != null && relayFromCustomer && response.cseqNumber() == relayClientCseq)
                {
                    onRelayResponse(response);
                }
            }
            case CANCEL ->
            {
                if (attemptCancel[attempt] != null)
                {
                    attemptCancel[attempt].onResponse(response.statusCode(), loop.nowNs);
                }
            }
            case BYE ->
            {
                final NonInviteClientTransaction bye = attempt == answeredAttempt ? vendorByeClient : attemptBye[attempt];
                if (bye != null)
                {
                    bye.onResponse(response.statusCode(), loop.nowNs);
                }
            }
            default ->
            {
                if (relayClient != null && relayFromCustomer && response.cseqNumber() == relayClientCseq)
                {
                    onRelayResponse(response);
                }
            }
        }
    }

    private void onVendorInviteResponse(final SipMessage response, final int attempt)
    {
        final InviteClientTransaction txn = attemptTxn[attempt];
        if (txn == null)
        {
            return;
        }
        final int code = response.statusCode();
        if (!txn.onResponse(code, loop.nowNs))
        {
            return;
        }
        final boolean live = attempt == current && (phase == Phase.CALLING || phase == Phase.EARLY);
        if (code < 200)
        {
            if (live)
            {
                provisionalSeen = true;
                // Timer C (RFC 3261 §16.6 step 11): an attempt may ring this long after its last
                // provisional response before it is cancelled.
                loop.wheel.schedule(provisionalTimer, loop.nowNs + TIMER_C_NS);
                if ((code == 180 || code == 183) && attemptPddMs[attempt] < 0)
                {
                    attemptPddMs[attempt] = TimeUnit.NANOSECONDS.toMillis(loop.nowNs - attemptStartNs[attempt]);
                }
                if (code > 100)
                {
                    phase = Phase.EARLY;
                    final ByteBuf out = loop.alloc.directBuffer(responseHead.readableBytes() + response.length());
                    loop.writer.relayedResponse(out, responseHead, customerPeer.transport(), response);
                    customerInviteTxn.sendProvisional(out);
                    loop.context.metrics.responseOut(code);
                }
            }
            return;
        }
        if (code < 300)
        {
            if (attempt == answeredAttempt)
            {
                // A retransmitted 2xx: our ACK was lost, or the customer has not acknowledged yet.
                if (vendorAck != null)
                {
                    loop.transport.transmit(vendorAck, txn.peer());
                }
                return;
            }
            if (live)
            {
                reportAttempt(attempt, code);
                answer(response, attempt);
            }
            else
            {
                hangUpStray(response, attempt, txn.peer());
            }
            return;
        }
        reportAttempt(attempt, code);
        acknowledgeFailure(txn, response);
        releaseVendor(attempt);
        attemptVendor[attempt].meters.failed();
        if (!live)
        {
            return;
        }
        current = -1;
        loop.wheel.cancel(provisionalTimer);
        lastFailure = code;
        if (customer.trunk.failover().shouldReroute(code))
        {
            tryNextVendor(response);
        }
        else
        {
            relayFailure(response);
        }
    }

    private void answer(final SipMessage response, final int attempt)
    {
        answeredAttempt = attempt;
        answeredNs = loop.nowNs;
        loop.wheel.cancel(provisionalTimer);
        vendorAnswer = loop.alloc.directBuffer(response.length());
        writeSlice(vendorAnswer, response.buffer(), response.offset(), response.length());
        vendorCseq = 1;
        phase = Phase.ANSWERED;
        final ByteBuf out = loop.alloc.directBuffer(responseHead.readableBytes() + response.length());
        loop.writer.relayedResponse(out, responseHead, customerPeer.transport(), response);
        customerInviteTxn.sendFinal(out, response.statusCode(), loop.nowNs);
        loop.context.metrics.responseOut(response.statusCode());
        customer.meters.answered();
        attemptVendor[attempt].meters.answered();
    }

    /**
     * A 2xx for an attempt we gave up on (no provisional in time, or the customer cancelled):
     * the dialog exists, so it is acknowledged and ended at once (RFC 3261 §15).
     */
    private void hangUpStray(final SipMessage response, final int attempt, final SipPeer peer)
    {
        final Transport transport = attemptVendor[attempt].trunk.transport();
        final ByteBuf ack = loop.alloc.directBuffer(response.length() + 128);
        loop.writer.dialogRequest(ack, ACK, response, true, 0, response.cseqNumber(), transport, null);
        loop.transport.transmit(ack, peer);
        ack.release();
        final ByteBuf bye = loop.alloc.directBuffer(response.length() + 128);
        loop.writer.dialogRequest(bye, BYE, response, true, 0, response.cseqNumber() + 1, transport, null);
        final NonInviteClientTransaction txn = loop.nonInviteClient();
        attemptBye[attempt] = txn;
        track(txn);
        txn.start(this, bye, peer, loop.nowNs);
    }

    private void acknowledgeFailure(final InviteClientTransaction txn, final SipMessage response)
    {
        if (!loop.parseStored(txn.request(), loop.scratch))
        {
            throw new IllegalStateException("stored INVITE no longer parses: slot=" + slot);
        }
        final ByteBuf ack = loop.alloc.directBuffer(txn.request().readableBytes());
        loop.writer.ackOrCancel(ack, loop.scratch, ACK, response);
        txn.sendAck(ack, loop.nowNs);
    }

    private void cancelAttempt(final int attempt)
    {
        final InviteClientTransaction txn = attemptTxn[attempt];
        if (txn == null || (txn.state() != Transaction.State.CALLING && txn.state() != Transaction.State.PROCEEDING))
        {
            return;
        }
        if (!loop.parseStored(txn.request(), loop.scratch))
        {
            throw new IllegalStateException("stored INVITE no longer parses: slot=" + slot);
        }
        final ByteBuf cancel = loop.alloc.directBuffer(txn.request().readableBytes());
        loop.writer.ackOrCancel(cancel, loop.scratch, CANCEL, null);
        final NonInviteClientTransaction cancelTxn = loop.nonInviteClient();
        attemptCancel[attempt] = cancelTxn;
        track(cancelTxn);
        cancelTxn.start(this, cancel, txn.peer(), loop.nowNs);
        txn.onCancelSent(loop.nowNs);
    }

    private void onProvisionalTimeout()
    {
        if (current < 0 || (phase != Phase.CALLING && phase != Phase.EARLY))
        {
            return;
        }
        final int attempt = current;
        current = -1;
        reportAttempt(attempt, 408);
        cancelAttempt(attempt);
        releaseVendor(attempt);
        attemptVendor[attempt].meters.failed();
        lastFailure = 408;
        if (provisionalSeen)
        {
            // Timer C: the vendor answered the question with ringing and nobody picked up.
            failCustomer(408, null);
        }
        else
        {
            tryNextVendor(null);
        }
    }

    private void relayFailure(final SipMessage response)
    {
        final ByteBuf out = loop.alloc.directBuffer(responseHead.readableBytes() + response.length());
        loop.writer.relayedResponse(out, responseHead, customerPeer.transport(), response);
        customerInviteTxn.sendFinal(out, response.statusCode(), loop.nowNs);
        loop.context.metrics.responseOut(response.statusCode());
        customer.meters.failed();
        end();
    }

    private void failCustomer(final int code, final byte[] extra)
    {
        if (customerInviteTxn != null)
        {
            final ByteBuf out = loop.alloc.directBuffer(responseHead.readableBytes() + 64);
            loop.writer.localResponse(out, responseHead, code, reasonPhrase(code), extra);
            customerInviteTxn.sendFinal(out, code, loop.nowNs);
            loop.context.metrics.responseOut(code);
        }
        customer.meters.failed();
        end();
    }

    void onCustomerRequest(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        switch (request.method())
        {
            case INVITE ->
            {
                if (isOriginalBranch(request))
                {
                    if (customerInviteTxn != null)
                    {
                        customerInviteTxn.onRequestRetransmission();
                    }
                }
                else
                {
                    relay(request, true, sender, channel, over);
                }
            }
            case ACK -> onCustomerAck(request);
            case CANCEL ->
            {
                if (!isOriginalBranch(request))
                {
                    loop.respond(request, sender, channel, over, 481, null);
                    return;
                }
                loop.respond(request, sender, channel, over, 200, null);
                if (phase == Phase.ROUTING || phase == Phase.CALLING || phase == Phase.EARLY)
                {
                    cancelledByCustomer();
                }
            }
            case BYE ->
            {
                if (customerByeServer != null)
                {
                    customerByeServer.onRequestRetransmission();
                    return;
                }
                customerByeServer = loop.nonInviteServer();
                track(customerByeServer);
                customerByeServer.start(this, loop.responsePeer(request, sender, channel, over));
                final ByteBuf ok = loop.alloc.directBuffer(request.length());
                loop.writer.simpleResponse(ok, request, sender, 200, reasonPhrase(200), -1, null);
                customerByeServer.send(ok, 200, loop.nowNs);
                loop.context.metrics.responseOut(200);
                if (phase == Phase.ANSWERED || phase == Phase.CONFIRMED)
                {
                    byeVendor();
                    end();
                }
                else if (phase != Phase.ENDED)
                {
                    cancelledByCustomer();
                }
            }
            default -> relay(request, true, sender, channel, over);
        }
    }

    private void onCustomerAck(final SipMessage ack)
    {
        if (isOriginalBranch(ack))
        {
            if (customerInviteTxn != null)
            {
                customerInviteTxn.onAck(loop.nowNs);
            }
            return;
        }
        if (phase == Phase.ANSWERED && customerInviteTxn != null && customerInviteTxn.onAck(loop.nowNs))
        {
            phase = Phase.CONFIRMED;
            ackVendor(ack);
            return;
        }
        if (relayAwaitingAck && relayFromCustomer && ack.cseqNumber() == relayServerCseq)
        {
            relayAck(ack);
        }
    }

    /** RFC 3261 §9.2: 200 to the CANCEL, 487 to the INVITE, and the vendor attempt cancelled. */
    private void cancelledByCustomer()
    {
        if (current >= 0)
        {
            final int attempt = current;
            current = -1;
            reportAttempt(attempt, 487);
            cancelAttempt(attempt);
            releaseVendor(attempt);
            attemptVendor[attempt].meters.failed();
        }
        failCustomer(487, null);
    }

    private void ackVendor(final SipMessage customerAck)
    {
        if (answeredAttempt < 0 || vendorAck != null || !loop.parseStored(vendorAnswer, loop.scratch))
        {
            return;
        }
        final Transport transport = attemptVendor[answeredAttempt].trunk.transport();
        vendorAck = loop.alloc.directBuffer(vendorAnswer.readableBytes() + 128);
        loop.writer.dialogRequest(vendorAck, ACK, loop.scratch, true, 0, 1, transport,
            customerAck != null && customerAck.bodyLength() > 0 ? customerAck : null);
        loop.transport.transmit(vendorAck, loop.vendorPeer(attemptVendor[answeredAttempt]));
    }

    private void byeVendor()
    {
        if (answeredAttempt < 0)
        {
            return;
        }
        ackVendor(null);
        if (!loop.parseStored(vendorAnswer, loop.scratch))
        {
            return;
        }
        final Vendor vendor = attemptVendor[answeredAttempt];
        final ByteBuf bye = loop.alloc.directBuffer(vendorAnswer.readableBytes() + 128);
        loop.writer.dialogRequest(bye, BYE, loop.scratch, true, 0, ++vendorCseq, vendor.trunk.transport(), null);
        vendorByeClient = loop.nonInviteClient();
        track(vendorByeClient);
        vendorByeClient.start(this, bye, loop.vendorPeer(vendor), loop.nowNs);
    }

    private void byeCustomer()
    {
        if (!loop.parseStored(customerInvite, loop.scratch))
        {
            return;
        }
        final ByteBuf bye = loop.alloc.directBuffer(customerInvite.readableBytes());
        loop.writer.dialogRequest(bye, BYE, loop.scratch, false, customerTag, ++customerCseq,
            customerPeer.transport(), null);
        customerByeClient = loop.nonInviteClient();
        track(customerByeClient);
        customerByeClient.start(this, bye, customerPeer, loop.nowNs);
    }

    void onVendorRequest(final SipMessage request, final int attempt, final InetSocketAddress sender,
        final Channel channel, final Transport over)
    {
        if (attempt != answeredAttempt || !hasTag(request, vendorTag))
        {
            if (request.method() != SipMethod.ACK)
            {
                loop.respond(request, sender, channel, over, 481, null);
            }
            return;
        }
        switch (request.method())
        {
            case BYE ->
            {
                if (vendorByeServer != null)
                {
                    vendorByeServer.onRequestRetransmission();
                    return;
                }
                vendorByeServer = loop.nonInviteServer();
                track(vendorByeServer);
                vendorByeServer.start(this, loop.responsePeer(request, sender, channel, over));
                final ByteBuf ok = loop.alloc.directBuffer(request.length());
                loop.writer.simpleResponse(ok, request, sender, 200, reasonPhrase(200), -1, null);
                vendorByeServer.send(ok, 200, loop.nowNs);
                loop.context.metrics.responseOut(200);
                if (phase != Phase.ENDED)
                {
                    byeCustomer();
                    end();
                }
            }
            case ACK ->
            {
                if (relayAwaitingAck && !relayFromCustomer && request.cseqNumber() == relayServerCseq)
                {
                    relayAck(request);
                }
            }
            case CANCEL -> loop.respond(request, sender, channel, over, 200, null);
            default -> relay(request, false, sender, channel, over);
        }
    }

    void onCustomerResponse(final SipMessage response)
    {
        if (response.cseqMethod() == SipMethod.BYE && customerByeClient != null &&
            response.cseqNumber() == customerCseq)
        {
            customerByeClient.onResponse(response.statusCode(), loop.nowNs);
        }
        else if (relayClient != null && !relayFromCustomer && response.cseqNumber() == relayClientCseq)
        {
            onRelayResponse(response);
        }
    }

    /**
     * Relays a request inside the call (re-INVITE, UPDATE, INFO ...) to the other leg, in that
     * leg's dialog, with a server transaction on this side and a client transaction on the other;
     * one at a time (RFC 3261 §14.1: 491 to an overlapping one).
     */
    private void relay(final SipMessage request, final boolean fromCustomer, final InetSocketAddress sender,
        final Channel channel, final Transport over)
    {
        if (relayServer != null && request.cseqNumber() == relayServerCseq && fromCustomer == relayFromCustomer)
        {
            if (relayServer instanceof final InviteServerTransaction invite)
            {
                invite.onRequestRetransmission();
            }
            else
            {
                ((NonInviteServerTransaction)relayServer).onRequestRetransmission();
            }
            return;
        }
        if (answeredAttempt < 0 || phase == Phase.ENDED || request.method() == SipMethod.EXTENSION)
        {
            loop.respond(request, sender, channel, over, request.method() == SipMethod.EXTENSION ? 501 : 481, null);
            return;
        }
        if (relayServer != null && !relayFinalSent)
        {
            loop.respond(request, sender, channel, over, request.method() == SipMethod.INVITE ? 491 : 500,
                RETRY_AFTER);
            return;
        }
        final boolean invite = request.method() == SipMethod.INVITE;
        final SipPeer here = loop.responsePeer(request, sender, channel, over);
        releaseRelayHead();
        relayHead = loop.alloc.directBuffer(request.length());
        loop.writer.responseHead(relayHead, request, sender, -1);
        final Transaction server;
        if (invite)
        {
            final InviteServerTransaction txn = loop.inviteServer();
            txn.start(this, here);
            server = txn;
        }
        else
        {
            final NonInviteServerTransaction txn = loop.nonInviteServer();
            txn.start(this, here);
            server = txn;
        }
        track(server);
        relayServer = server;
        relayFromCustomer = fromCustomer;
        relayFinalSent = false;
        relayAwaitingAck = false;
        relayServerCseq = request.cseqNumber();

        final ByteBuf dialog = fromCustomer ? vendorAnswer : customerInvite;
        if (!loop.parseStored(dialog, loop.scratch))
        {
            return;
        }
        final Vendor vendor = attemptVendor[answeredAttempt];
        final Transport there = fromCustomer ? vendor.trunk.transport() : customerPeer.transport();
        relayClientCseq = fromCustomer ? ++vendorCseq : ++customerCseq;
        final ByteBuf out = loop.alloc.directBuffer(dialog.readableBytes() + request.length());
        loop.writer.dialogRequest(out, methodToken(request.method()), loop.scratch, fromCustomer, customerTag,
            relayClientCseq, there, request);
        final SipPeer peer = fromCustomer ? loop.vendorPeer(vendor) : customerPeer;
        if (invite)
        {
            final InviteClientTransaction txn = loop.inviteClient();
            relayClient = txn;
            track(txn);
            txn.start(this, out, peer, loop.nowNs);
        }
        else
        {
            final NonInviteClientTransaction txn = loop.nonInviteClient();
            relayClient = txn;
            track(txn);
            txn.start(this, out, peer, loop.nowNs);
        }
    }

    private void onRelayResponse(final SipMessage response)
    {
        final int code = response.statusCode();
        final boolean pass;
        if (relayClient instanceof final InviteClientTransaction invite)
        {
            pass = invite.onResponse(code, loop.nowNs);
            if (pass && code >= 300)
            {
                acknowledgeFailure(invite, response);
            }
        }
        else
        {
            pass = ((NonInviteClientTransaction)relayClient).onResponse(code, loop.nowNs);
        }
        if (!pass || relayServer == null || relayFinalSent || relayHead == null)
        {
            return;
        }
        final Transport here = relayFromCustomer ? customerPeer.transport() :
            attemptVendor[answeredAttempt].trunk.transport();
        final ByteBuf out = loop.alloc.directBuffer(relayHead.readableBytes() + response.length());
        loop.writer.relayedResponse(out, relayHead, here, response);
        loop.context.metrics.responseOut(code);
        if (relayServer instanceof final InviteServerTransaction invite)
        {
            if (code < 200)
            {
                invite.sendProvisional(out);
            }
            else
            {
                invite.sendFinal(out, code, loop.nowNs);
            }
        }
        else
        {
            ((NonInviteServerTransaction)relayServer).send(out, code, loop.nowNs);
        }
        if (code >= 200)
        {
            relayFinalSent = true;
            relayAwaitingAck = code < 300 && relayServer instanceof InviteServerTransaction;
        }
    }

    private void relayAck(final SipMessage ack)
    {
        relayAwaitingAck = false;
        if (relayServer instanceof final InviteServerTransaction invite)
        {
            invite.onAck(loop.nowNs);
        }
        final ByteBuf dialog = relayFromCustomer ? vendorAnswer : customerInvite;
        if (!loop.parseStored(dialog, loop.scratch))
        {
            return;
        }
        final Vendor vendor = attemptVendor[answeredAttempt];
        final Transport there = relayFromCustomer ? vendor.trunk.transport() : customerPeer.transport();
        final ByteBuf out = loop.alloc.directBuffer(dialog.readableBytes() + ack.length());
        loop.writer.dialogRequest(out, ACK, loop.scratch, relayFromCustomer, customerTag, relayClientCseq, there,
            ack.bodyLength() > 0 ? ack : null);
        loop.transport.transmit(out, relayFromCustomer ? loop.vendorPeer(vendor) : customerPeer);
        out.release();
    }

    private boolean isOriginalBranch(final SipMessage request)
    {
        // The CSeq number too: the INVITE's ACK and CANCEL carry it (RFC 3261 §9.1, §17.1.1.3), and
        // a peer that reuses a branch for a new INVITE (RFC 2543 style) differs in it.
        return request.viaBranchLength() == branchLength && branchLength > 0 &&
            request.cseqNumber() == customerInviteCseq &&
            ByteBufUtil.equals(request.buffer(), request.viaBranchOffset(), customerInvite,
                branchOffset, branchLength);
    }

    @Override
    public void onTimeout(final Transaction transaction)
    {
        if (transaction == customerInviteTxn)
        {
            if (phase == Phase.ANSWERED)
            {
                // RFC 3261 §13.3.1.4: no ACK for our 2xx: end the session on both legs.
                byeVendor();
                byeCustomer();
                end();
            }
            return;
        }
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            if (transaction == attemptTxn[attempt])
            {
                releaseVendor(attempt);
                if (attempt == current && (phase == Phase.CALLING || phase == Phase.EARLY))
                {
                    // Timer B: treated as 408 (RFC 3261 §8.1.3.1).
                    current = -1;
                    reportAttempt(attempt, 408);
                    loop.wheel.cancel(provisionalTimer);
                    attemptVendor[attempt].meters.failed();
                    lastFailure = 408;
                    tryNextVendor(null);
                }
                return;
            }
        }
    }

    @Override
    public void onTerminated(final Transaction transaction)
    {
        untrack(transaction);
        if (transaction == customerInviteTxn)
        {
            customerInviteTxn = null;
        }
        else if (transaction == customerByeServer)
        {
            customerByeServer = null;
        }
        else if (transaction == customerByeClient)
        {
            customerByeClient = null;
        }
        else if (transaction == vendorByeServer)
        {
            vendorByeServer = null;
        }
        else if (transaction == vendorByeClient)
        {
            vendorByeClient = null;
        }
        else if (transaction == relayServer)
        {
            relayServer = null;
        }
        else if (transaction == relayClient)
        {
            relayClient = null;
        }
        else
        {
            for (int attempt = 0; attempt < attempts; attempt++)
            {
                if (transaction == attemptTxn[attempt])
                {
                    attemptTxn[attempt] = null;
                }
                else if (transaction == attemptCancel[attempt])
                {
                    attemptCancel[attempt] = null;
                }
                else if (transaction == attemptBye[attempt])
                {
                    attemptBye[attempt] = null;
                }
            }
        }
        loop.recycle(transaction);
        if (phase == Phase.ENDED && activeTransactions == 0)
        {
            loop.free(this);
        }
    }

    private void releaseVendor(final int attempt)
    {
        final int bit = 1 << attempt;
        if ((heldMask & bit) != 0)
        {
            heldMask &= ~bit;
            final Vendor vendor = attemptVendor[attempt];
            vendor.limiter.release();
            if (vendor.reportedFull())
            {
                vendor.reportCapacity(loop.context.engine);
            }
        }
    }

    /**
     * Tells the engine how one vendor attempt ended (issue 3: quality per vendor and destination),
     * once: a later response to an attempt already judged (the 487 to our CANCEL after a timeout)
     * is not a second sample.
     */
    private void reportAttempt(final int attempt, final int code)
    {
        final int bit = 1 << attempt;
        if ((reportedMask & bit) == 0)
        {
            reportedMask |= bit;
            loop.context.engine.onAttempt(attemptVendor[attempt].trunk.name(), e164, code, attemptPddMs[attempt]);
        }
    }

    /**
     * The call is over for both carriers: limits and gauges are released now; the call object
     * stays until its transactions have absorbed their retransmissions.
     */
    private void end()
    {
        if (phase == Phase.ENDED)
        {
            return;
        }
        phase = Phase.ENDED;
        loop.wheel.cancel(provisionalTimer);
        if (customerHeld)
        {
            customerHeld = false;
            customer.limiter.release();
        }
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            releaseVendor(attempt);
        }
        if (answeredAttempt >= 0)
        {
            loop.context.engine.onCallEnded(attemptVendor[answeredAttempt].trunk.name(), e164,
                TimeUnit.NANOSECONDS.toMillis(loop.nowNs - answeredNs));
        }
        releaseRoute();
        // What builds new messages is done with; what matches retransmissions stays until the
        // last transaction ends.
        responseHead = release(responseHead);
        vendorAnswer = release(vendorAnswer);
        releaseRelayHead();
        if (activeTransactions == 0)
        {
            loop.free(this);
        }
    }

    /**
     * Ends the call at once, without signalling, and terminates its transactions: the switch is
     * closing.
     */
    void abandon()
    {
        end();
        while (activeTransactions > 0)
        {
            transactions[activeTransactions - 1].terminate();
        }
    }

    private void track(final Transaction transaction)
    {
        if (activeTransactions == transactions.length)
        {
            // Rare: a long hunt or many relays at once; the pooled call keeps the larger array.
            transactions = Arrays.copyOf(transactions, transactions.length * 2);
        }
        transactions[activeTransactions++] = transaction;
    }

    private void untrack(final Transaction transaction)
    {
        for (int i = 0; i < activeTransactions; i++)
        {
            if (transactions[i] == transaction)
            {
                transactions[i] = transactions[--activeTransactions];
                transactions[activeTransactions] = null;
                return;
            }
        }
    }

    private void releaseRoute()
    {
        vendors = null;
        if (route != null)
        {
            route.release();
            route = null;
        }
    }

    private void releaseRelayHead()
    {
        if (relayHead != null)
        {
            relayHead.release();
            relayHead = null;
        }
    }

    /**
     * Returns every buffer and clears the call for reuse; its generation moves on so that late
     * messages naming the old one find nothing.
     */
    void release()
    {
        customerInvite = release(customerInvite);
        responseHead = release(responseHead);
        vendorAnswer = release(vendorAnswer);
        vendorAck = release(vendorAck);
        releaseRelayHead();
        generation++;
        phase = Phase.FREE;
        customer = null;
        customerPeer = null;
        customerSource = null;
        e164 = null;
        releaseRoute();
        routeIndex = 0;
        lastFailure = 0;
        attempts = 0;
        current = -1;
        answeredAttempt = -1;
        heldMask = 0;
        reportedMask = 0;
        relayServer = null;
        relayClient = null;
        relayAwaitingAck = false;
        relayFinalSent = false;
        for (int i = 0; i < MAX_ATTEMPTS; i++)
        {
            attemptVendor[i] = null;
            attemptTxn[i] = null;
            attemptCancel[i] = null;
            attemptBye[i] = null;
        }
    }

    private static ByteBuf release(final ByteBuf buffer)
    {
        if (buffer != null)
        {
            buffer.release();
        }
        return null;
    }
}
