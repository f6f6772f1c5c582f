package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.transaction.ClientTransaction;
import io.softswitch.signaling.transaction.InviteClientTransaction;
import io.softswitch.signaling.transaction.ServerTransaction;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;

import static io.softswitch.signaling.call.B2buaWriter.RETRY_AFTER;

/**
 * Relays a request inside an answered call (re-INVITE, UPDATE, INFO ...) to the other leg, in
 * that leg's dialog: a server transaction on the side it came from, a client transaction on the
 * other, the responses back, and the ACK of a relayed re-INVITE's 2xx. One at a time (RFC 3261
 * §14.1: 491 to an overlapping re-INVITE).
 */
final class InDialogRelay
{
    private final Call call;
    private final CallLoop loop;
    private final CustomerLeg customer;
    private final VendorHunt hunt;
    private final CallTimers timers;
    private final CallMedia media;
    private final SentInvite sent = new SentInvite();
    private ServerTransaction server;
    private ClientTransaction client;
    private InviteClientTransaction inviteClient;
    private boolean clientIsInvite;
    private boolean refreshes;
    private boolean fromCustomer;
    private boolean finalSent;
    private boolean awaitingAck;
    private long serverCseq;
    private long clientCseq;
    private ByteBuf head;

    InDialogRelay(final Call call, final CallLoop loop, final CustomerLeg customer, final VendorHunt hunt,
        final CallTimers timers, final CallMedia media)
    {
        this.call = call;
        this.loop = loop;
        this.customer = customer;
        this.hunt = hunt;
        this.timers = timers;
        this.media = media;
    }

    /**
     * Relays a request that arrived on one leg.
     *
     * @param request      the request.
     * @param fromCustomer true when it came on the customer's leg.
     */
    void relay(final SipMessage request, final boolean fromCustomer, final InetSocketAddress sender,
        final Channel channel, final Transport over)
    {
        if (server != null && request.cseqNumber() == serverCseq && fromCustomer == this.fromCustomer)
        {
            server.onRequestRetransmission();
            return;
        }
        final VendorLeg vendor = hunt.answeredLeg();
        if (vendor == null || call.phase == Call.Phase.ENDED || request.method() == SipMethod.EXTENSION)
        {
            loop.responder.respond(request, sender, channel, over,
                request.method() == SipMethod.EXTENSION ? 501 : 481, null);
            return;
        }
        if (server != null && !finalSent)
        {
            loop.responder.respond(request, sender, channel, over,
                request.method() == SipMethod.INVITE ? 491 : 500, RETRY_AFTER);
            return;
        }
        final boolean invite = request.method() == SipMethod.INVITE;
        releaseHead();
        head = loop.alloc.directBuffer(request.length());
        loop.responses.responseHead(head, request, sender, -1);
        server = invite ? loop.pools.inviteServer() : loop.pools.nonInviteServer();
        server.start(call, loop.peers.responsePeer(request, sender, channel, over));
        call.track(server);
        this.fromCustomer = fromCustomer;
        finalSent = false;
        awaitingAck = false;
        serverCseq = request.cseqNumber();

        final DialogLeg there = fromCustomer ? vendor : customer;
        final Dialog dialog = there.dialog();
        clientCseq = dialog.nextCseq();
        final ByteBuf out = loop.alloc.directBuffer(dialog.bytes().readableBytes() + request.length());
        loop.writer.rewriteFor(media, fromCustomer ? CallMedia.VENDOR : CallMedia.CUSTOMER);
        loop.writer.dialogRequest(out, request.method(), dialog, clientCseq, there.transport(), request,
            sent);
        clientIsInvite = invite;
        // RFC 4028 §10: a re-INVITE or UPDATE refreshes the session.
        refreshes = invite || request.method() == SipMethod.UPDATE;
        inviteClient = invite ? loop.pools.inviteClient() : null;
        client = invite ? inviteClient : loop.pools.nonInviteClient();
        call.track(client);
        client.start(call, out, there.peer(), loop.nowNs);
    }

    /**
     * Whether a response is for the relayed request.
     *
     * @param fromVendor true when it came on the vendor's leg.
     * @param cseq       its CSeq number.
     */
    boolean expects(final boolean fromVendor, final long cseq)
    {
        return client != null && fromCustomer == fromVendor && cseq == clientCseq;
    }

    /**
     * Takes the far side's response and relays it back.
     */
    void onResponse(final SipMessage response)
    {
        final int code = response.statusCode();
        final boolean pass = client.onResponse(code, loop.nowNs);
        if (pass && inviteClient != null && code >= 300)
        {
            final ByteBuf request = inviteClient.request();
            final ByteBuf ack = loop.alloc.directBuffer(request.readableBytes());
            loop.writer.ackOrCancel(ack, request, sent, SipMethod.ACK, response);
            inviteClient.sendAck(ack, loop.nowNs);
        }
        if (!pass || server == null || finalSent || head == null)
        {
            return;
        }
        final Transport here = fromCustomer ? customer.transport() : hunt.answeredLeg().transport();
        final boolean refreshed = refreshes && code >= 200 && code < 300;
        if (refreshed)
        {
            timers.onRefreshed(response);
        }
        final ByteBuf out = loop.alloc.directBuffer(head.readableBytes() + response.length() + 64);
        loop.writer.rewriteFor(media, fromCustomer ? CallMedia.CUSTOMER : CallMedia.VENDOR);
        loop.responses.relayedResponse(out, head, here, response,
            refreshed && fromCustomer ? timers.insertSeconds() : 0);
        loop.context.metrics.responseOut(code);
        server.sendResponse(out, code, loop.nowNs);
        if (code >= 200)
        {
            finalSent = true;
            awaitingAck = code < 300 && clientIsInvite;
        }
    }

    /**
     * Relays the ACK of a relayed re-INVITE's 2xx, if this is it.
     *
     * @return true when it was.
     */
    boolean onAck(final SipMessage ack, final boolean fromCustomerSide)
    {
        if (!awaitingAck || fromCustomer != fromCustomerSide || ack.cseqNumber() != serverCseq)
        {
            return false;
        }
        awaitingAck = false;
        server.onAck(loop.nowNs);
        final DialogLeg there = fromCustomer ? hunt.answeredLeg() : customer;
        final Dialog dialog = there.dialog();
        if (!dialog.isFormed())
        {
            return true;
        }
        final ByteBuf out = loop.alloc.directBuffer(dialog.bytes().readableBytes() + ack.length());
        loop.writer.rewriteFor(media, fromCustomer ? CallMedia.VENDOR : CallMedia.CUSTOMER);
        loop.writer.dialogRequest(out, SipMethod.ACK, dialog, clientCseq, there.transport(), ack.bodyLength() > 0 ? ack : null);
        loop.transport.transmit(out, there.peer());
        out.release();
        return true;
    }

    boolean forget(final Transaction transaction)
    {
        if (transaction == server)
        {
            server = null;
            return true;
        }
        if (transaction == client)
        {
            client = null;
            inviteClient = null;
            return true;
        }
        return false;
    }

    void releaseHead()
    {
        head = CustomerLeg.release(head);
    }

    void release()
    {
        releaseHead();
        server = null;
        client = null;
        inviteClient = null;
        finalSent = false;
        awaitingAck = false;
    }
}
