package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.transaction.InviteClientTransaction;
import io.softswitch.signaling.transaction.NonInviteClientTransaction;
import io.softswitch.signaling.transaction.NonInviteServerTransaction;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static io.softswitch.signaling.codec.SipMessageWriter.copySlice;
import static io.softswitch.signaling.codec.SipMethod.ACK;
import static io.softswitch.signaling.codec.SipMethod.BYE;
import static io.softswitch.signaling.codec.SipMethod.CANCEL;

/**
 * One INVITE offered to a vendor, where the switch is the caller (RFC 3261 §12.1.2): its
 * transactions (INVITE, CANCEL, BYE either way), the times and outcome the call's record
 * reports, and, once answered, the dialog formed from the vendor's 2xx. Preallocated in
 * {@link VendorHunt}'s attempt array and reused.
 */
final class VendorLeg implements DialogLeg
{
    private final Call call;
    private final CallLoop loop;
    final int attempt;
    private final SentInvite sent = new SentInvite();
    private final Dialog dialog = new Dialog();
    private final AsciiBytes callId = new AsciiBytes(CallId.LENGTH);
    private Vendor vendor;
    private boolean held;
    private boolean reported;
    private boolean cancelPending;
    private long startNs;
    /** Post-dial delay: INVITE to the first 180 or 183, -1 until one comes. */
    private long pddMs;
    private long startEpochMs;
    private long firstProvisionalEpochMs;
    private long answerEpochMs;
    private long endEpochMs;
    private int finalCode;
    /** The vendor's matched buy prefix, a view over the call's number. */
    private final NumberPrefix prefix = new NumberPrefix();
    /** The vendor's buy rate for {@link #prefix}, micro-units per minute. */
    private long rateMicros;
    private InviteClientTransaction inviteTxn;
    private NonInviteClientTransaction cancelTxn;
    private NonInviteClientTransaction byeClient;
    private NonInviteServerTransaction byeServer;
    private ByteBuf answer;
    private ByteBuf ack;

    VendorLeg(final Call call, final CallLoop loop, final int attempt)
    {
        this.call = call;
        this.loop = loop;
        this.attempt = attempt;
    }

    /**
     * Sends the INVITE to the vendor, built from the customer's offer.
     */
    void start(final Vendor vendor, final SipMessage offer, final CharSequence e164, final long fromTag)
    {
        this.vendor = vendor;
        held = true;
        reported = false;
        cancelPending = false;
        startNs = loop.nowNs;
        startEpochMs = loop.nowEpochMs;
        pddMs = -1;
        firstProvisionalEpochMs = 0;
        answerEpochMs = 0;
        endEpochMs = 0;
        finalCode = 0;
        final CallId id = loop.callId.set(loop.index, call.slot, call.generation, attempt, loop.context.epoch);
        id.write(callId);
        final ByteBuf out = loop.alloc.directBuffer(offer.length() + 256);
        loop.writer.rewriteFor(call.media, CallMedia.VENDOR);
        loop.writer.vendorInvite(out, offer, vendor.trunk.transport(), vendor.hostPort, e164, id, fromTag, sent);
        inviteTxn = loop.pools.inviteClient();
        call.track(inviteTxn);
        inviteTxn.start(call, out, peer(), loop.nowNs);
        vendor.meters.offered();
    }

    @Override
    public Dialog dialog()
    {
        return dialog;
    }

    @Override
    public SipPeer peer()
    {
        return loop.peers.vendorPeer(vendor);
    }

    @Override
    public Transport transport()
    {
        return vendor.trunk.transport();
    }

    CharSequence callId()
    {
        return callId;
    }

    Vendor vendor()
    {
        return vendor;
    }

    long pddMs()
    {
        return pddMs;
    }

    CharSequence prefix()
    {
        return prefix;
    }

    long rateMicros()
    {
        return rateMicros;
    }

    long startEpochMs()
    {
        return startEpochMs;
    }

    long firstProvisionalEpochMs()
    {
        return firstProvisionalEpochMs;
    }

    long answerEpochMs()
    {
        return answerEpochMs;
    }

    long endEpochMs()
    {
        return endEpochMs;
    }

    int finalCode()
    {
        return finalCode;
    }

    InviteClientTransaction inviteTransaction()
    {
        return inviteTxn;
    }

    /**
     * Acknowledges a failure response to our INVITE (RFC 3261 §17.1.1.3).
     */
    void acknowledgeFailure(final SipMessage response)
    {
        final ByteBuf request = inviteTxn.request();
        final ByteBuf out = loop.alloc.directBuffer(request.readableBytes());
        loop.writer.ackOrCancel(out, request, sent, ACK, response);
        inviteTxn.sendAck(out, loop.nowNs);
    }

    /**
     * Cancels the INVITE if it is still pending (RFC 3261 §9.1): at once when the vendor has sent a
     * provisional response, else as soon as it sends one; a CANCEL must not overtake the INVITE.
     */
    void cancel()
    {
        if (inviteTxn == null)
        {
            return;
        }
        if (inviteTxn.state() == Transaction.State.CALLING)
        {
            cancelPending = true;
        }
        else if (inviteTxn.state() == Transaction.State.PROCEEDING)
        {
            sendCancel();
        }
    }

    /**
     * A provisional response arrived: the CANCEL that waited for it goes now.
     */
    void onProvisional()
    {
        if (cancelPending)
        {
            cancelPending = false;
            sendCancel();
        }
    }

    /**
     * Times a provisional response of the live attempt for the record: the post-dial delay at
     * the first 180 or 183 (what the engine rates vendors by), the first provisional after 100.
     *
     * @param code the response's status.
     */
    void timeProvisional(final int code)
    {
        if ((code == 180 || code == 183) && pddMs < 0)
        {
            pddMs = TimeUnit.NANOSECONDS.toMillis(loop.nowNs - startNs);
        }
        if (code > 100 && firstProvisionalEpochMs == 0)
        {
            firstProvisionalEpochMs = loop.nowEpochMs;
        }
    }

    private void sendCancel()
    {
        final ByteBuf request = inviteTxn.request();
        final ByteBuf out = loop.alloc.directBuffer(request.readableBytes());
        loop.writer.ackOrCancel(out, request, sent, CANCEL, null);
        cancelTxn = loop.pools.nonInviteClient();
        call.track(cancelTxn);
        cancelTxn.start(call, out, inviteTxn.peer(), loop.nowNs);
        inviteTxn.onCancelSent(loop.nowNs);
    }

    void onCancelResponse(final SipMessage response)
    {
        if (cancelTxn != null)
        {
            cancelTxn.onResponse(response.statusCode(), loop.nowNs);
        }
    }

    /**
     * The vendor answered: the dialog is formed from its 2xx.
     */
    void answered(final SipMessage response)
    {
        answer = loop.alloc.directBuffer(response.length());
        copySlice(answer, response.buffer(), response.offset(), response.length());
        dialog.formAsCaller(answer, response, -response.offset(), 1);
        answerEpochMs = loop.nowEpochMs;
    }

    /**
     * A retransmitted 2xx: our ACK was lost, or the customer has not acknowledged yet.
     */
    void onAnswerRetransmission()
    {
        if (ack != null)
        {
            loop.transport.transmit(ack, inviteTxn != null ? inviteTxn.peer() : peer());
        }
    }

    /**
     * Acknowledges the 2xx end to end (RFC 3261 §13.2.2.4), carrying the customer's ACK body.
     *
     * @param customerAck the customer's ACK, or null when the switch ends the call itself.
     */
    void acknowledgeAnswer(final SipMessage customerAck)
    {
        if (ack != null || !dialog.isFormed())
        {
            return;
        }
        ack = loop.alloc.directBuffer(answer.readableBytes() + 128);
        loop.writer.rewriteFor(call.media, CallMedia.VENDOR);
        loop.writer.dialogRequest(ack, ACK, dialog, 1, transport(),
            customerAck != null && customerAck.bodyLength() > 0 ? customerAck : null);
        loop.transport.transmit(ack, peer());
    }

    /**
     * Ends the answered dialog with our BYE (after its ACK, RFC 3261 §15).
     */
    void bye()
    {
        if (!dialog.isFormed() || byeClient != null)
        {
            return;
        }
        acknowledgeAnswer(null);
        final ByteBuf out = loop.alloc.directBuffer(answer.readableBytes() + 128);
        loop.writer.dialogRequest(out, BYE, dialog, dialog.nextCseq(), transport(), null);
        byeClient = loop.pools.nonInviteClient();
        call.track(byeClient);
        byeClient.start(call, out, peer(), loop.nowNs);
    }

    /**
     * A 2xx for an attempt we gave up on (no provisional in time, or the customer cancelled): the
     * dialog exists, so it is acknowledged and ended at once (RFC 3261 §15).
     */
    void hangUpStray(final SipMessage response, final Dialog scratch)
    {
        final SipPeer to = inviteTxn.peer();
        scratch.formAsCaller(response.buffer(), response, 0, response.cseqNumber());
        final ByteBuf ackOut = loop.alloc.directBuffer(response.length() + 128);
        loop.writer.dialogRequest(ackOut, ACK, scratch, response.cseqNumber(), transport(), null);
        loop.transport.transmit(ackOut, to);
        ackOut.release();
        if (byeClient != null)
        {
            return;
        }
        final ByteBuf byeOut = loop.alloc.directBuffer(response.length() + 128);
        loop.writer.dialogRequest(byeOut, BYE, scratch, scratch.nextCseq(), transport(), null);
        scratch.clear();
        byeClient = loop.pools.nonInviteClient();
        call.track(byeClient);
        byeClient.start(call, byeOut, to, loop.nowNs);
    }

    void onByeResponse(final SipMessage response)
    {
        if (byeClient != null)
        {
            byeClient.onResponse(response.statusCode(), loop.nowNs);
        }
    }

    /**
     * Answers the vendor's BYE with 200.
     *
     * @return false for a retransmission, which got the 200 again.
     */
    boolean answerBye(final SipMessage request, final InetSocketAddress sender,
        final Channel channel, final Transport over)
    {
        if (byeServer != null)
        {
            byeServer.onRequestRetransmission();
            return false;
        }
        byeServer = call.answerBye(request, sender, channel, over);
        return true;
    }

    /**
     * Records the attempt's outcome, once.
     *
     * @return true the first time, when the outcome is new.
     */
    boolean judge(final int code)
    {
        if (reported)
        {
            return false;
        }
        reported = true;
        finalCode = code;
        endEpochMs = loop.nowEpochMs;
        return true;
    }

    /**
     * The call ended: an attempt still open, or the answered one, ends now in the record; one
     * that never got a final response is recorded as cancelled (487).
     *
     * @param answered whether this is the call's answered attempt.
     */
    void closeRecord(final boolean answered)
    {
        if (endEpochMs == 0 || answered)
        {
            endEpochMs = loop.nowEpochMs;
        }
        if (finalCode == 0)
        {
            finalCode = 487;
        }
    }

    /**
     * Gives back the vendor's concurrent-call slot, once.
     */
    void releaseLimit()
    {
        if (held)
        {
            held = false;
            vendor.limiter.release();
            if (vendor.reportedFull())
            {
                vendor.reportCapacity(loop.context.engine.vendorStates());
            }
        }
    }

    boolean forget(final Transaction transaction)
    {
        if (transaction == inviteTxn)
        {
            inviteTxn = null;
        }
        else if (transaction == cancelTxn)
        {
            cancelTxn = null;
        }
        else if (transaction == byeClient)
        {
            byeClient = null;
        }
        else if (transaction == byeServer)
        {
            byeServer = null;
        }
        else
        {
            return false;
        }
        return true;
    }

    /**
     * Lets go of what only builds new messages.
     */
    void releaseBuilders()
    {
        dialog.clear();
        answer = CustomerLeg.release(answer);
    }

    /**
     * Records which of the vendor's deck prefixes and rates the route answer matched.
     *
     * @param prefixLength digits of the number the prefix covers.
     * @param rate         micro-units per minute.
     * @param e164         the normalised number.
     */
    void priced(final int prefixLength, final long rate, final CharSequence e164)
    {
        prefix.wrap(e164, prefixLength);
        rateMicros = rate;
    }

    void release()
    {
        releaseBuilders();
        prefix.clear();
        rateMicros = 0;
        ack = CustomerLeg.release(ack);
        vendor = null;
        held = false;
        cancelPending = false;
        inviteTxn = null;
        cancelTxn = null;
        byeClient = null;
        byeServer = null;
        callId.length(0);
    }
}
