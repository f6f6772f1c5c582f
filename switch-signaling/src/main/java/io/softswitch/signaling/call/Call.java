package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.softswitch.lcr.RouteResult;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;
import io.softswitch.signaling.transaction.NonInviteServerTransaction;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transaction.TransactionListener;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;

/**
 * One B2BUA call: the {@link CustomerLeg} (we are its callee), the {@link VendorHunt} whose
 * answered {@link VendorLeg} is the other side (we are its caller), and the {@link InDialogRelay}
 * between them once answered. This class holds the call's phase and decides what each message
 * or timeout means for the call as a whole; the legs send. Beside them: {@link RoutingStep}
 * (the route query and its answer), {@link CallTimers} (maximum duration, session timers),
 * {@link CallMedia} and {@link MediaWatch} (the relay), and {@link CallRecord} (the times and end
 * reason the CDR reports).
 *
 * <p>Owned by one {@link CallLoop} and reused from its {@link CallTable}: {@code slot} and
 * {@code generation} name it in the vendor legs' Call-IDs. A call that has ended stays in its
 * loop, absorbing retransmissions, until its last transaction terminates
 * ({@link CallTransactions}); then its buffers are released and it goes back to the pool. Every
 * call ends once, with an {@link EndReason}, and the loop's {@link CallEndListener} sees it then
 * through {@link CallRecord}.
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

    final CallLoop loop;
    final int slot;
    int generation;
    Phase phase = Phase.FREE;
    long customerKey;
    Call sameKey;
    final CustomerLeg customer;
    private final VendorHunt hunt;
    private final CallTimers timers;
    private final InDialogRelay relay;
    final CallMedia media;
    private final CallRecord record;
    private final RoutingStep routing;
    private final CallTransactions transactions = new CallTransactions();
    /** The dialled number after the trunk's rules (E.164), reused from call to call. */
    final StringBuilder number = new StringBuilder(32);

    Call(final CallLoop loop, final int slot)
    {
        this.loop = loop;
        this.slot = slot;
        // Each part is handed the siblings it works with, so it is built after them.
        this.customer = new CustomerLeg(this, loop);
        final MediaWatch watch = new MediaWatch(this);
        this.media = new CallMedia(this, loop.media, watch, customer);
        this.hunt = new VendorHunt(this, loop, customer, media);
        this.timers = new CallTimers(this, loop, customer, hunt);
        this.relay = new InDialogRelay(this, loop, customer, hunt, timers, media);
        this.record = new CallRecord(customer, hunt, watch);
        this.routing = new RoutingStep(this, loop, customer, hunt, media);
    }

    /**
     * Takes a new customer INVITE: answers 100 Trying and waits for its route.
     */
    void start(final SipMessage invite, final InetSocketAddress sender, final Channel channel, final Transport over,
        final Customer owner, final long key)
    {
        phase = Phase.ROUTING;
        customerKey = key;
        record.invited(loop.nowEpochMs);
        customer.start(invite, sender, channel, over, owner);
        timers.onCustomerInvite(invite);
        owner.meters.offered();
    }

    /**
     * Routes the admitted INVITE ({@link RoutingStep}).
     */
    void route(final CharSequence e164, final SipMessage invite)
    {
        routing.route(e164, invite);
    }

    /**
     * Takes the engine's answer on the owning loop, from {@link RouteQuery} or, when the relay
     * answered the offer after the engine, from {@link CallMedia}.
     */
    void onRoute(final RouteResult result)
    {
        routing.onRoute(result);
    }

    /**
     * An INVITE went out to a vendor; a call already ringing at the customer stays early.
     */
    void onAttempt()
    {
        if (phase != Phase.EARLY)
        {
            phase = Phase.CALLING;
        }
    }

    void onProvisional(final SipMessage response)
    {
        phase = Phase.EARLY;
        record.provisional(loop.nowEpochMs);
        customer.relayInviteResponse(response);
    }

    void onAnswer(final SipMessage response, final VendorLeg leg)
    {
        record.answered(loop.nowNs, loop.nowEpochMs);
        phase = Phase.ANSWERED;
        customer.relayInviteResponse(response, timers.onAnswer(response));
        customer.customer().meters.answered();
        leg.vendor().meters.answered();
    }

    /**
     * Relays the failure that ended the hunt to the customer.
     */
    void relayFailure(final SipMessage response)
    {
        customer.relayInviteResponse(response);
        customer.customer().meters.failed();
        end(EndReason.ATTEMPTS_FAILED, Party.VENDOR);
    }

    /**
     * Refuses the call with a failure of the switch's own, counted by why it was refused.
     */
    void refuse(final Rejection rejection, final int code, final byte[] extra, final EndReason reason)
    {
        loop.context.metrics.rejected(rejection);
        fail(code, extra, reason, Party.SWITCH);
    }

    /**
     * Answers the customer with a failure of the switch's own and ends the call.
     */
    void fail(final int code, final byte[] extra, final EndReason reason, final Party party)
    {
        customer.fail(code, extra);
        customer.customer().meters.failed();
        end(reason, party);
    }

    void onVendorResponse(final SipMessage response, final int attempt)
    {
        if (attempt >= hunt.count())
        {
            return;
        }
        loop.overloadControl(response, hunt.attempt(attempt).vendor());
        if (hunt.isAnswered(attempt) && timers.onResponse(response, true))
        {
            return;
        }
        switch (response.cseqMethod())
        {
            case INVITE ->
            {
                if (response.cseqNumber() == 1)
                {
                    hunt.onInviteResponse(response, attempt);
                }
                else if (relay.expects(true, response.cseqNumber()))
                {
                    relay.onResponse(response);
                }
            }
            case CANCEL -> hunt.attempt(attempt).onCancelResponse(response);
            case BYE -> hunt.attempt(attempt).onByeResponse(response);
            default ->
            {
                if (relay.expects(true, response.cseqNumber()))
                {
                    relay.onResponse(response);
                }
            }
        }
    }

    void onCustomerResponse(final SipMessage response)
    {
        if (!customer.onByeResponse(response) && !timers.onResponse(response, false) &&
            relay.expects(false, response.cseqNumber()))
        {
            relay.onResponse(response);
        }
    }

    void onCustomerRequest(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over)
    {
        switch (request.method())
        {
            case INVITE ->
            {
                if (customer.isOriginalBranch(request))
                {
                    customer.onInviteRetransmission();
                }
                else
                {
                    relay.relay(request, true, sender, channel, over);
                }
            }
            case ACK -> onCustomerAck(request);
            case CANCEL ->
            {
                if (!customer.isOriginalBranch(request))
                {
                    loop.responder.respond(request, sender, channel, over, 481, null);
                    return;
                }
                loop.responder.respond(request, sender, channel, over, 200, null);
                if (phase == Phase.ROUTING || phase == Phase.CALLING || phase == Phase.EARLY)
                {
                    cancelledByCustomer();
                }
            }
            case BYE ->
            {
                if (!customer.answerBye(request, sender, channel, over))
                {
                    return;
                }
                if (phase == Phase.ANSWERED || phase == Phase.CONFIRMED)
                {
                    hunt.answeredLeg().bye();
                    end(EndReason.CUSTOMER_BYE, Party.CUSTOMER);
                }
                else if (phase != Phase.ENDED)
                {
                    cancelledByCustomer();
                }
            }
            default -> relay.relay(request, true, sender, channel, over);
        }
    }

    private void onCustomerAck(final SipMessage ack)
    {
        if (customer.isOriginalBranch(ack))
        {
            customer.onFailureAck();
            return;
        }
        if (phase == Phase.ANSWERED && customer.isAnswerAck(ack) && customer.onAnswerAck())
        {
            phase = Phase.CONFIRMED;
            hunt.answeredLeg().acknowledgeAnswer(ack);
            return;
        }
        relay.onAck(ack, true);
    }

    /** RFC 3261 §9.2: 200 to the CANCEL, 487 to the INVITE, and the vendor attempt cancelled. */
    private void cancelledByCustomer()
    {
        hunt.cancelCurrent();
        fail(487, null, EndReason.CUSTOMER_CANCEL, Party.CUSTOMER);
    }

    void onVendorRequest(final SipMessage request, final int attempt, final InetSocketAddress sender,
        final Channel channel, final Transport over)
    {
        if (!hunt.isAnswered(attempt) || !hunt.hasOurTag(request))
        {
            if (request.method() != SipMethod.ACK)
            {
                loop.responder.respond(request, sender, channel, over, 481, null);
            }
            return;
        }
        switch (request.method())
        {
            case BYE ->
            {
                if (hunt.answeredLeg().answerBye(request, sender, channel, over) && phase != Phase.ENDED)
                {
                    customer.bye();
                    end(EndReason.VENDOR_BYE, Party.VENDOR);
                }
            }
            case ACK -> relay.onAck(request, false);
            case CANCEL -> loop.responder.respond(request, sender, channel, over, 200, null);
            default -> relay.relay(request, false, sender, channel, over);
        }
    }

    /**
     * Answers a BYE on either leg with 200 in a server transaction of its own.
     */
    NonInviteServerTransaction answerBye(final SipMessage request, final InetSocketAddress sender,
        final Channel channel, final Transport over)
    {
        final NonInviteServerTransaction txn = loop.pools.nonInviteServer();
        track(txn);
        txn.start(this, loop.peers.responsePeer(request, sender, channel, over));
        final ByteBuf ok = loop.alloc.directBuffer(request.length());
        loop.responses.simpleResponse(ok, request, sender, 200, -1, null);
        txn.send(ok, 200, loop.nowNs);
        loop.context.metrics.responseOut(200);
        return txn;
    }

    @Override
    public void onTimeout(final Transaction transaction)
    {
        if (customer.isInviteTransaction(transaction))
        {
            if (phase == Phase.ANSWERED)
            {
                // RFC 3261 §13.3.1.4: no ACK for our 2xx: end the session on both legs.
                endAnswered(EndReason.NO_ACK);
            }
            return;
        }
        if (!timers.onTimeout(transaction))
        {
            hunt.onTimeout(transaction);
        }
    }

    @Override
    public void onTerminated(final Transaction transaction)
    {
        transactions.remove(transaction);
        if (!customer.forget(transaction) && !relay.forget(transaction) && !timers.forget(transaction))
        {
            hunt.forget(transaction);
        }
        loop.pools.recycle(transaction);
        if (phase == Phase.ENDED && transactions.isEmpty())
        {
            loop.table.free(this);
        }
    }

    /**
     * The call is over for both carriers: limits and gauges are released, the listener hears of
     * it; the call object stays until its transactions have absorbed their retransmissions.
     */
    void end(final EndReason reason, final Party party)
    {
        if (phase == Phase.ENDED)
        {
            return;
        }
        phase = Phase.ENDED;
        record.ended(reason, party, loop.nowEpochMs);
        timers.stop();
        customer.releaseLimit();
        final VendorLeg answeredLeg = hunt.answeredLeg();
        media.end(answeredLeg == null ? null : answeredLeg.vendor().trunk.name());
        hunt.end(record.answerNs());
        final Customer owner = customer.customer();
        owner.ended(reason);
        loop.callEnded(record);
        // What builds new messages is done with; what matches retransmissions stays until the
        // last transaction ends.
        customer.releaseBuilders();
        hunt.releaseBuilders();
        relay.releaseHead();
        if (transactions.isEmpty())
        {
            loop.table.free(this);
        }
    }

    /**
     * Ends an answered call from the switch's side, BYE on both legs: a call timer ran out
     * (maximum duration, session expiry, RFC 4028 §10), no ACK came, or the media died.
     *
     * @return false when the call was not answered (or already over): nothing done.
     */
    boolean endAnswered(final EndReason reason)
    {
        if (phase != Phase.ANSWERED && phase != Phase.CONFIRMED)
        {
            return false;
        }
        hunt.answeredLeg().bye();
        customer.bye();
        end(reason, Party.SWITCH);
        return true;
    }

    /**
     * Ends the call at once, without signalling, and terminates its transactions: the switch is
     * closing.
     */
    void abandon()
    {
        end(EndReason.SWITCH_SHUTDOWN, Party.SWITCH);
        transactions.terminateAll();
    }

    /**
     * Counts a transaction the legs opened for this call, which stays in its loop until the last
     * one terminates.
     */
    void track(final Transaction transaction)
    {
        transactions.add(transaction);
    }

    /**
     * Returns every buffer and clears the call for reuse; its generation moves on so that late
     * messages naming the old one find nothing.
     */
    void release()
    {
        customer.release();
        timers.release();
        number.setLength(0);
        hunt.release();
        relay.release();
        generation++;
        phase = Phase.FREE;
    }
}
