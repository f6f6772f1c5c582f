package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.transaction.InviteServerTransaction;
import io.softswitch.signaling.transaction.NonInviteClientTransaction;
import io.softswitch.signaling.transaction.NonInviteServerTransaction;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;

import static io.softswitch.signaling.codec.SipBytes.readHex;
import static io.softswitch.signaling.codec.SipMessageWriter.copySlice;

/**
 * The customer's side of a call, where the switch is the callee (RFC 3261 §12.1.1): the INVITE it
 * keeps (the offer re-sent to each vendor, and the keys its retransmissions, ACK and CANCEL are
 * matched by), the INVITE server transaction, the response head every answer starts with, the
 * dialog, and the BYE transactions either way.
 */
final class CustomerLeg implements DialogLeg
{
    private final Call call;
    private final CallLoop loop;
    private final Dialog dialog = new Dialog();
    private final NameAddr nameAddr = new NameAddr();
    private final AsciiSlice callIdText = new AsciiSlice();
    private final AsciiSlice callingText = new AsciiSlice();
    private final AsciiSlice calledText = new AsciiSlice();
    private Customer customer;
    private boolean held;
    private ByteBuf invite;
    /** The INVITE as parsed on arrival, while that message is still being handled; else null. */
    private SipMessage liveInvite;
    private int branchOffset;
    private int branchLength;
    private int callIdOffset;
    private int callIdLength;
    private long inviteCseq;
    private int remoteTagOffset;
    private int remoteTagLength;
    private long localTag;
    private ByteBuf responseHead;
    private SipPeer peer;
    private InetSocketAddress source;
    private InviteServerTransaction inviteTxn;
    private NonInviteServerTransaction byeServer;
    private NonInviteClientTransaction byeClient;
    private int finalCode;

    CustomerLeg(final Call call, final CallLoop loop)
    {
        this.call = call;
        this.loop = loop;
    }

    /**
     * Takes a new INVITE: keeps a copy, forms the dialog, answers 100 Trying (RFC 3261 §17.2.1).
     */
    void start(final SipMessage request, final InetSocketAddress sender, final Channel channel, final Transport over,
        final Customer customer)
    {
        this.customer = customer;
        held = true;
        finalCode = 0;
        invite = loop.alloc.directBuffer(request.length());
        copySlice(invite, request.buffer(), request.offset(), request.length());
        final int shift = -request.offset();
        branchOffset = request.viaBranchOffset() + shift;
        branchLength = request.viaBranchLength();
        callIdOffset = request.callIdOffset() + shift;
        callIdLength = request.callIdLength();
        inviteCseq = request.cseqNumber();
        remoteTagOffset = request.fromTagOffset() + shift;
        remoteTagLength = Math.max(0, request.fromTagLength());
        localTag = loop.nextTag();
        dialog.formAsCallee(invite, request, shift, localTag);
        callIdText.wrap(invite, callIdOffset, callIdLength);
        calledText.wrap(invite, request.requestUriUserOffset() + shift, request.requestUriUserLength());
        final int from = request.fromHeaderIndex();
        nameAddr.wrap(invite, request.headerValueOffset(from) + shift, request.headerValueLength(from));
        callingText.wrap(invite, nameAddr.userOffset, nameAddr.userLength);
        responseHead = loop.alloc.directBuffer(request.length());
        loop.responses.responseHead(responseHead, request, sender, localTag);
        peer = loop.peers.responsePeer(request, sender, channel, over);
        source = sender;
        inviteTxn = loop.pools.inviteServer();
        call.track(inviteTxn);
        inviteTxn.start(call, peer);
        final ByteBuf trying = loop.alloc.directBuffer(responseHead.readableBytes() + 64);
        loop.responses.localResponse(trying, responseHead, 100, null);
        inviteTxn.sendProvisional(trying);
        loop.context.metrics.responseOut(100);
    }

    Customer customer()
    {
        return customer;
    }

    @Override
    public Dialog dialog()
    {
        return dialog;
    }

    @Override
    public SipPeer peer()
    {
        return peer;
    }

    @Override
    public Transport transport()
    {
        return peer.transport();
    }

    /**
     * Names the INVITE as parsed on arrival while the message is still being handled, or null
     * after: a router that answers at once lets the first attempt skip parsing the copy again.
     *
     * @param parsed the INVITE, or null.
     */
    void offerLive(final SipMessage parsed)
    {
        liveInvite = parsed;
    }

    /**
     * The customer's INVITE as the offer to send to a vendor: as parsed on arrival when the route
     * came at once, else the kept copy parsed again into the loop's scratch message.
     *
     * @return the parsed INVITE, valid until the loop parses another stored message.
     */
    SipMessage offer()
    {
        if (liveInvite != null)
        {
            return liveInvite;
        }
        if (!loop.parseStored(invite, loop.scratch))
        {
            throw new IllegalStateException("stored INVITE no longer parses: slot=" + call.slot);
        }
        return loop.scratch;
    }

    CharSequence callIdText()
    {
        return callIdText;
    }

    CharSequence callingNumber()
    {
        return callingText;
    }

    CharSequence calledNumber()
    {
        return calledText;
    }

    int finalCode()
    {
        return finalCode;
    }

    boolean hasCallId(final SipMessage message)
    {
        return invite != null && message.callIdLength() == callIdLength &&
            ByteBufUtil.equals(message.buffer(), message.callIdOffset(), invite, callIdOffset, callIdLength);
    }

    /**
     * Whether a request with this leg's Call-ID belongs to it: the INVITE's own transaction
     * (RFC 3261 §17.2.3: the branch together with the method; ACK and CANCEL match the INVITE's),
     * only from where the INVITE came, so that nobody else can cancel a call by replaying its
     * branch; or our To tag (§12.2.2).
     */
    boolean isInDialog(final SipMessage request, final InetSocketAddress sender)
    {
        final SipMethod method = request.method();
        final boolean inviteTransaction = (method == SipMethod.INVITE || method == SipMethod.ACK ||
            method == SipMethod.CANCEL) && sender.equals(source) && isOriginalBranch(request);
        return inviteTransaction || (hasOurTag(request) && hasTheirTag(request));
    }

    /**
     * Whether the From tag is the customer's tag of this dialog (RFC 3261 §12.2.2: a dialog is
     * matched by Call-ID and both tags).
     */
    private boolean hasTheirTag(final SipMessage request)
    {
        final int length = Math.max(0, request.fromTagLength());
        return length == remoteTagLength && (length == 0 ||
            ByteBufUtil.equals(request.buffer(), request.fromTagOffset(), invite, remoteTagOffset, length));
    }

    /**
     * Whether an ACK acknowledges the 2xx to the INVITE: an ACK (method and CSeq method, checked
     * on arrival) in the dialog with the INVITE's CSeq number (RFC 3261 §13.2.2.4).
     */
    boolean isAnswerAck(final SipMessage ack)
    {
        return ack.cseqNumber() == inviteCseq;
    }

    boolean hasOurTag(final SipMessage request)
    {
        return request.toTagLength() == 16 && readHex(request.buffer(), request.toTagOffset(), 16) == localTag;
    }

    boolean isOriginalBranch(final SipMessage request)
    {
        // The CSeq number too: the INVITE's ACK and CANCEL carry it (RFC 3261 §9.1, §17.1.1.3), and
        // a peer that reuses a branch for a new INVITE (RFC 2543 style) differs in it.
        return request.viaBranchLength() == branchLength && branchLength > 0 &&
            request.cseqNumber() == inviteCseq &&
            ByteBufUtil.equals(request.buffer(), request.viaBranchOffset(), invite, branchOffset, branchLength);
    }

    void onInviteRetransmission()
    {
        if (inviteTxn != null)
        {
            inviteTxn.onRequestRetransmission();
        }
    }

    /**
     * The ACK of a failure (same branch as the INVITE) ends the INVITE transaction's wait.
     */
    void onFailureAck()
    {
        if (inviteTxn != null)
        {
            inviteTxn.onAck(loop.nowNs);
        }
    }

    /**
     * The ACK of our 2xx (a new transaction in the dialog).
     *
     * @return true for the first one.
     */
    boolean onAnswerAck()
    {
        return inviteTxn != null && inviteTxn.onAck(loop.nowNs);
    }

    boolean isInviteTransaction(final Transaction transaction)
    {
        return transaction == inviteTxn;
    }

    /**
     * Relays a vendor's response to the INVITE: provisional, 2xx or failure.
     */
    void relayInviteResponse(final SipMessage response)
    {
        relayInviteResponse(response, 0);
    }

    /**
     * Relays a vendor's response to the INVITE, adding a session interval for the customer to
     * refresh when the switch stands in for a vendor without session timers.
     */
    void relayInviteResponse(final SipMessage response, final long sessionExpiresSeconds)
    {
        final int code = response.statusCode();
        final ByteBuf out = loop.alloc.directBuffer(responseHead.readableBytes() + response.length() + 128);
        loop.writer.rewriteFor(call.media, CallMedia.CUSTOMER);
        loop.responses.relayedResponse(out, responseHead, transport(), response, sessionExpiresSeconds);
        if (code >= 200)
        {
            finalCode = code;
        }
        inviteTxn.sendResponse(out, code, loop.nowNs);
        loop.context.metrics.responseOut(code);
    }

    /**
     * Answers the INVITE with a failure of our own.
     */
    void fail(final int code, final byte[] extra)
    {
        finalCode = code;
        if (inviteTxn == null)
        {
            return;
        }
        final ByteBuf out = loop.alloc.directBuffer(responseHead.readableBytes() + 64);
        loop.responses.localResponse(out, responseHead, code, extra);
        inviteTxn.sendFinal(out, code, loop.nowNs);
        loop.context.metrics.responseOut(code);
    }

    /**
     * Answers the customer's BYE with 200.
     *
     * @return false for a retransmission, which got the 200 again.
     */
    boolean answerBye(final SipMessage request, final InetSocketAddress sender, final Channel channel,
        final Transport over)
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
     * Ends the customer's dialog with our BYE.
     */
    void bye()
    {
        if (invite == null || byeClient != null)
        {
            return;
        }
        final ByteBuf out = loop.alloc.directBuffer(invite.readableBytes() + 256);
        loop.writer.dialogRequest(out, SipMethod.BYE, dialog, dialog.nextCseq(), transport(), null);
        byeClient = loop.pools.nonInviteClient();
        call.track(byeClient);
        byeClient.start(call, out, peer, loop.nowNs);
    }

    /**
     * Takes a response to our BYE.
     *
     * @return true when it was one.
     */
    boolean onByeResponse(final SipMessage response)
    {
        if (response.cseqMethod() == SipMethod.BYE && byeClient != null && response.cseqNumber() == dialog.localCseq())
        {
            byeClient.onResponse(response.statusCode(), loop.nowNs);
            return true;
        }
        return false;
    }

    /**
     * Forgets a transaction that terminated.
     *
     * @return true when it was this leg's.
     */
    boolean forget(final Transaction transaction)
    {
        if (transaction == inviteTxn)
        {
            inviteTxn = null;
        }
        else if (transaction == byeServer)
        {
            byeServer = null;
        }
        else if (transaction == byeClient)
        {
            byeClient = null;
        }
        else
        {
            return false;
        }
        return true;
    }

    /**
     * Gives back the trunk's concurrent-call slot, once.
     */
    void releaseLimit()
    {
        if (held)
        {
            held = false;
            customer.limiter.release();
        }
    }

    /**
     * Lets go of what only builds new messages; what matches retransmissions stays.
     */
    void releaseBuilders()
    {
        responseHead = release(responseHead);
    }

    void release()
    {
        invite = release(invite);
        liveInvite = null;
        responseHead = release(responseHead);
        dialog.clear();
        customer = null;
        peer = null;
        source = null;
        inviteTxn = null;
        byeServer = null;
        byeClient = null;
        callIdText.wrap(null, 0, 0);
        callingText.wrap(null, 0, 0);
        calledText.wrap(null, 0, 0);
    }

    static ByteBuf release(final ByteBuf buffer)
    {
        if (buffer != null)
        {
            buffer.release();
        }
        return null;
    }
}
