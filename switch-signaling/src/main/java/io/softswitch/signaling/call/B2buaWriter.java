package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static io.softswitch.signaling.call.SipText.*;
import static io.softswitch.signaling.codec.SipMessageWriter.writeDecimal;

/**
 * Writes the messages the B2BUA sends: each leg's requests from that leg's own dialog state, and
 * responses built from the request they answer. Nothing of one leg's topology is copied to the
 * other (RFC 3261 §12 dialogs per leg; topology hiding): only the headers listed in
 * {@link #isSafeToRelay} and the body cross over.
 *
 * <p>One per event loop: it owns scratch views and the loop's branch counter. Writes go straight
 * into the caller's buffer; no {@code String} is made on the call path.
 */
final class B2buaWriter
{
    private static final byte[] HUNDRED_REL = ascii("100rel");

    private final NameAddr nameAddr = new NameAddr();
    private final byte[] udpHostPort;
    private final byte[] tcpHostPort;
    private final byte[] branchStamp;
    private final int loopIndex;
    private long branchCounter;

    /**
     * Creates the writer of one loop.
     *
     * @param advertisedHost host peers reach us at.
     * @param udpPort        our UDP port, or -1.
     * @param tcpPort        our TCP port, or -1.
     * @param epoch          random per start of the switch, in every branch we mint.
     * @param loopIndex      the owning loop.
     */
    B2buaWriter(final String advertisedHost, final int udpPort, final int tcpPort, final long epoch,
        final int loopIndex)
    {
        final String host = advertisedHost.indexOf(':') >= 0 ? "[" + advertisedHost + "]" : advertisedHost;
        this.udpHostPort = ascii(host + ":" + udpPort);
        this.tcpHostPort = ascii(host + ":" + tcpPort);
        this.branchStamp = branchStamp(epoch);
        this.loopIndex = loopIndex;
    }

    /**
     * The bytes every branch minted by this switch run starts with, to detect loops.
     *
     * @param epoch the run's random epoch.
     * @return {@code z9hG4bKsw} and the epoch in hex.
     */
    static byte[] branchStamp(final long epoch)
    {
        final StringBuilder text = new StringBuilder(new String(BRANCH_PREFIX, StandardCharsets.US_ASCII));
        for (int shift = 28; shift >= 0; shift -= 4)
        {
            text.append(Character.forDigit((int)((epoch >>> shift) & 0xF), 16));
        }
        return ascii(text.toString());
    }

    void statusLine(final ByteBuf out, final int statusCode, final byte[] reason)
    {
        out.writeBytes(SIP_VERSION_SP);
        writeDecimal(out, statusCode);
        out.writeByte(' ');
        out.writeBytes(reason);
        out.writeBytes(CRLF);
    }

    void relayedStatusLine(final ByteBuf out, final SipMessage response)
    {
        out.writeBytes(SIP_VERSION_SP);
        writeDecimal(out, response.statusCode());
        out.writeByte(' ');
        writeSlice(out, response.buffer(), response.reasonOffset(), response.reasonLength());
        out.writeBytes(CRLF);
    }

    /**
     * Writes the headers a response copies from its request (RFC 3261 §8.2.6.2): every Via (the
     * top one with {@code received} and {@code rport} filled in, RFC 3581), From, To (with our tag
     * when it has none), Call-ID, CSeq, and Record-Route (§12.1.1).
     *
     * @param out     where to write.
     * @param request the request answered.
     * @param source  where it came from.
     * @param toTag   our tag for To, or -1 to leave To as it is.
     */
    void responseHead(final ByteBuf out, final SipMessage request, final InetSocketAddress source, final long toTag)
    {
        final ByteBuf in = request.buffer();
        boolean topVia = true;
        for (int i = 0; i < request.headerCount(); i++)
        {
            final HeaderName name = request.headerName(i);
            final int valueOffset = request.headerValueOffset(i);
            final int valueLength = request.headerValueLength(i);
            switch (name)
            {
                case VIA ->
                {
                    if (topVia && request.hasTopVia() && request.viaRport() == 0)
                    {
                        topVia = false;
                        writeTopViaWithRport(out, request, source, valueOffset, valueLength);
                    }
                    else
                    {
                        topVia = false;
                        writeHeader(out, VIA_NAME, in, valueOffset, valueLength);
                    }
                }
                case FROM -> writeHeader(out, FROM, in, valueOffset, valueLength);
                case TO ->
                {
                    out.writeBytes(TO);
                    writeSlice(out, in, valueOffset, valueLength);
                    if (toTag >= 0 && request.toTagLength() == 0)
                    {
                        out.writeBytes(TAG);
                        writeHex(out, toTag, 16);
                    }
                    out.writeBytes(CRLF);
                }
                case CALL_ID -> writeHeader(out, CALL_ID, in, valueOffset, valueLength);
                case CSEQ -> writeHeader(out, CSEQ, in, valueOffset, valueLength);
                case RECORD_ROUTE -> writeHeader(out, RECORD_ROUTE_NAME, in, valueOffset, valueLength);
                default ->
                {
                }
            }
        }
    }

    private void writeTopViaWithRport(final ByteBuf out, final SipMessage request, final InetSocketAddress source,
        final int valueOffset, final int valueLength)
    {
        final ByteBuf in = request.buffer();
        final int entryEnd = request.topViaOffset() + request.topViaLength();
        final int rport = indexOf(in, request.topViaOffset(), entryEnd, RPORT);
        out.writeBytes(VIA_NAME);
        final int afterRport = rport + RPORT.length;
        writeSlice(out, in, valueOffset, afterRport - valueOffset);
        out.writeByte('=');
        writeDecimal(out, source.getPort());
        writeSlice(out, in, afterRport, entryEnd - afterRport);
        out.writeBytes(RECEIVED);
        out.writeCharSequence(source.getAddress().getHostAddress(), StandardCharsets.US_ASCII);
        writeSlice(out, in, entryEnd, valueOffset + valueLength - entryEnd);
        out.writeBytes(CRLF);
    }

    /**
     * Writes a stateless or transaction response to a request: status line, the copied head,
     * extra header bytes, and an empty body.
     *
     * @param out        where to write.
     * @param request    the request answered.
     * @param source     where it came from.
     * @param statusCode the code.
     * @param reason     the reason phrase.
     * @param toTag      our To tag, or -1 to leave To alone.
     * @param extra      complete header lines to add, or null.
     */
    void simpleResponse(final ByteBuf out, final SipMessage request, final InetSocketAddress source,
        final int statusCode, final byte[] reason, final long toTag, final byte[] extra)
    {
        statusLine(out, statusCode, reason);
        responseHead(out, request, source, toTag);
        if (extra != null)
        {
            out.writeBytes(extra);
        }
        out.writeBytes(CONTENT_LENGTH_ZERO);
    }

    void via(final ByteBuf out, final Transport transport)
    {
        out.writeBytes(transport == Transport.TCP ? VIA_TCP : VIA_UDP);
        out.writeBytes(transport == Transport.TCP ? tcpHostPort : udpHostPort);
        out.writeBytes(BRANCH);
        out.writeBytes(branchStamp);
        writeHex(out, loopIndex, 2);
        writeHex(out, branchCounter++, 12);
        out.writeBytes(RPORT_CRLF);
    }

    void contact(final ByteBuf out, final Transport transport)
    {
        out.writeBytes(CONTACT_SIP);
        out.writeBytes(SWITCH_USER);
        out.writeBytes(transport == Transport.TCP ? tcpHostPort : udpHostPort);
        if (transport == Transport.TCP)
        {
            out.writeBytes(TRANSPORT_TCP);
        }
        out.writeBytes(GT_CRLF);
    }

    void callId(final ByteBuf out, final CallId id)
    {
        out.writeBytes(CALL_ID);
        id.write(out);
        out.writeBytes(CRLF);
    }

    /**
     * Writes the INVITE toward a vendor (RFC 3261 §8.1.1): new Request-URI, Via, From tag, To,
     * Call-ID, CSeq and Contact; the From display name and user and the To display name are kept,
     * Max-Forwards is decremented, and the safe headers and body are copied.
     *
     * @param out            where to write.
     * @param customerInvite the customer's INVITE.
     * @param transport      the vendor's transport.
     * @param vendorHostPort the vendor's {@code host:port}.
     * @param e164           the normalized number, the new To and Request-URI user.
     * @param callId         the vendor leg's Call-ID.
     * @param fromTag        our From tag on the vendor leg.
     * @param sent           where to record the parts its ACK and CANCEL repeat.
     */
    void vendorInvite(final ByteBuf out, final SipMessage customerInvite, final Transport transport,
        final byte[] vendorHostPort, final CharSequence e164, final CallId callId, final long fromTag,
        final SentInvite sent)
    {
        final ByteBuf in = customerInvite.buffer();
        out.writeBytes(INVITE);
        out.writeByte(' ');
        sent.uriOffset = SentInvite.mark(out);
        writeSipUri(out, e164, vendorHostPort, transport);
        sent.uriLength = SentInvite.mark(out) - sent.uriOffset;
        out.writeBytes(SP_SIP_VERSION_CRLF);
        sent.viaOffset = SentInvite.mark(out) + VIA_NAME.length;
        via(out, transport);
        sent.viaLength = SentInvite.mark(out) - CRLF.length - sent.viaOffset;
        out.writeBytes(MAX_FORWARDS);
        final int maxForwards = customerInvite.maxForwards();
        writeDecimal(out, maxForwards < 0 ? 70 : Math.min(70, maxForwards - 1));
        out.writeBytes(CRLF);

        out.writeBytes(FROM);
        sent.fromOffset = SentInvite.mark(out);
        final int fromIndex = customerInvite.fromHeaderIndex();
        nameAddr.wrap(in, customerInvite.headerValueOffset(fromIndex), customerInvite.headerValueLength(fromIndex));
        if (nameAddr.displayLength > 0)
        {
            writeSlice(out, in, nameAddr.displayOffset, nameAddr.displayLength);
            out.writeByte(' ');
        }
        out.writeBytes(LT);
        out.writeBytes(SIP_SCHEME);
        if (nameAddr.userLength > 0)
        {
            writeSlice(out, in, nameAddr.userOffset, nameAddr.userLength);
            out.writeBytes(AT);
        }
        out.writeBytes(transport == Transport.TCP ? tcpHostPort : udpHostPort);
        out.writeBytes(GT);
        out.writeBytes(TAG);
        writeHex(out, fromTag, 16);
        sent.fromLength = SentInvite.mark(out) - sent.fromOffset;
        out.writeBytes(CRLF);

        out.writeBytes(TO);
        sent.toOffset = SentInvite.mark(out);
        final int toIndex = customerInvite.toHeaderIndex();
        nameAddr.wrap(in, customerInvite.headerValueOffset(toIndex), customerInvite.headerValueLength(toIndex));
        if (nameAddr.displayLength > 0)
        {
            writeSlice(out, in, nameAddr.displayOffset, nameAddr.displayLength);
            out.writeByte(' ');
        }
        out.writeBytes(LT);
        writeSipUri(out, e164, vendorHostPort, Transport.UDP);
        out.writeBytes(GT);
        sent.toLength = SentInvite.mark(out) - sent.toOffset;
        out.writeBytes(CRLF);

        out.writeBytes(CALL_ID);
        sent.callIdOffset = SentInvite.mark(out);
        callId.write(out);
        sent.callIdLength = SentInvite.mark(out) - sent.callIdOffset;
        out.writeBytes(CRLF);
        out.writeBytes(CSEQ);
        out.writeBytes(ONE_INVITE_CRLF);
        sent.cseq = 1;
        contact(out, transport);
        copySafeHeaders(out, customerInvite);
        body(out, customerInvite);
    }

    private static void writeSipUri(final ByteBuf out, final CharSequence user, final byte[] hostPort,
        final Transport transport)
    {
        out.writeBytes(SIP_SCHEME);
        for (int i = 0; i < user.length(); i++)
        {
            out.writeByte(user.charAt(i));
        }
        out.writeBytes(AT);
        out.writeBytes(hostPort);
        if (transport == Transport.TCP)
        {
            out.writeBytes(TRANSPORT_TCP);
        }
    }

    /**
     * Writes the response to the customer's INVITE that relays a vendor's response: its status
     * and reason, the customer's head, our Contact, the safe headers and the body.
     *
     * @param out       where to write.
     * @param head      the customer INVITE's response head (see {@link #responseHead}).
     * @param transport the customer's transport.
     * @param response  the vendor's response.
     */
    void relayedResponse(final ByteBuf out, final ByteBuf head, final Transport transport, final SipMessage response)
    {
        relayedStatusLine(out, response);
        writeSlice(out, head, head.readerIndex(), head.readableBytes());
        if (response.statusCode() < 300)
        {
            contact(out, transport);
        }
        copySafeHeaders(out, response);
        body(out, response);
    }

    /**
     * Writes a locally generated response to the customer's INVITE.
     *
     * @param out        where to write.
     * @param head       the customer INVITE's response head.
     * @param statusCode the code.
     * @param reason     its reason phrase.
     * @param extra      complete header lines to add, or null.
     */
    void localResponse(final ByteBuf out, final ByteBuf head, final int statusCode, final byte[] reason,
        final byte[] extra)
    {
        statusLine(out, statusCode, reason);
        writeSlice(out, head, head.readerIndex(), head.readableBytes());
        if (extra != null)
        {
            out.writeBytes(extra);
        }
        out.writeBytes(CONTENT_LENGTH_ZERO);
    }

    /**
     * Writes the ACK for a failure or the CANCEL of an INVITE we sent (RFC 3261 §17.1.1.3,
     * §9.1): same Request-URI, top Via, From, Call-ID and CSeq number; To from the response for
     * the ACK, from the INVITE for the CANCEL.
     *
     * @param out      where to write.
     * @param invite   our encoded INVITE.
     * @param sent     where its parts lie.
     * @param method   {@code ACK} or {@code CANCEL}.
     * @param response the failure being acknowledged, or null for CANCEL.
     */
    void ackOrCancel(final ByteBuf out, final ByteBuf invite, final SentInvite sent, final byte[] method,
        final SipMessage response)
    {
        final int base = invite.readerIndex();
        out.writeBytes(method);
        out.writeByte(' ');
        writeSlice(out, invite, base + sent.uriOffset, sent.uriLength);
        out.writeBytes(SP_SIP_VERSION_CRLF);
        writeHeader(out, VIA_NAME, invite, base + sent.viaOffset, sent.viaLength);
        out.writeBytes(MAX_FORWARDS);
        out.writeBytes(SEVENTY_CRLF);
        writeHeader(out, FROM, invite, base + sent.fromOffset, sent.fromLength);
        if (response != null)
        {
            writeHeader(out, TO, response.buffer(), response.headerValueOffset(response.toHeaderIndex()),
                response.headerValueLength(response.toHeaderIndex()));
        }
        else
        {
            writeHeader(out, TO, invite, base + sent.toOffset, sent.toLength);
        }
        writeHeader(out, CALL_ID, invite, base + sent.callIdOffset, sent.callIdLength);
        out.writeBytes(CSEQ);
        writeDecimal(out, sent.cseq);
        out.writeByte(' ');
        out.writeBytes(method);
        out.writeBytes(CRLF);
        out.writeBytes(CONTENT_LENGTH_ZERO);
    }

    /**
     * Writes a request inside one leg's dialog (RFC 3261 §12.2.1.1): Request-URI from the remote
     * target, Route from the route set, the dialog's From, To and Call-ID, a new Via and CSeq.
     *
     * @param out       where to write.
     * @param method    the method token.
     * @param dialog    the leg's dialog.
     * @param cseq      the CSeq number.
     * @param transport the leg's transport.
     * @param content   request whose body (and Content-Type) to carry, or null.
     */
    void dialogRequest(final ByteBuf out, final byte[] method, final Dialog dialog, final long cseq,
        final Transport transport, final SipMessage content)
    {
        dialogRequest(out, method, dialog, cseq, transport, content, null);
    }

    /**
     * Writes a request inside one leg's dialog and records where the parts its ACK or CANCEL
     * repeat lie (a relayed re-INVITE).
     *
     * @param out       where to write.
     * @param method    the method token.
     * @param dialog    the leg's dialog.
     * @param cseq      the CSeq number.
     * @param transport the leg's transport.
     * @param content   request whose body (and Content-Type) to carry, or null.
     * @param sent      where to record the parts, or null.
     */
    void dialogRequest(final ByteBuf out, final byte[] method, final Dialog dialog, final long cseq,
        final Transport transport, final SipMessage content, final SentInvite sent)
    {
        final ByteBuf in = dialog.bytes();
        out.writeBytes(method);
        out.writeByte(' ');
        final int uriOffset = SentInvite.mark(out);
        writeSlice(out, in, dialog.targetOffset(), dialog.targetLength());
        out.writeBytes(SP_SIP_VERSION_CRLF);
        final int viaOffset = SentInvite.mark(out) + VIA_NAME.length;
        via(out, transport);
        final int viaLength = SentInvite.mark(out) - CRLF.length - viaOffset;
        for (int i = 0; i < dialog.routeCount(); i++)
        {
            writeHeader(out, ROUTE, in, dialog.routeOffset(i), dialog.routeLength(i));
        }
        out.writeBytes(MAX_FORWARDS);
        out.writeBytes(SEVENTY_CRLF);
        out.writeBytes(FROM);
        final int fromOffset = SentInvite.mark(out);
        writeSlice(out, in, dialog.localOffset(), dialog.localLength());
        if (dialog.localTag() >= 0)
        {
            out.writeBytes(TAG);
            writeHex(out, dialog.localTag(), 16);
        }
        final int fromLength = SentInvite.mark(out) - fromOffset;
        out.writeBytes(CRLF);
        out.writeBytes(TO);
        final int toOffset = SentInvite.mark(out);
        writeSlice(out, in, dialog.remoteOffset(), dialog.remoteLength());
        out.writeBytes(CRLF);
        out.writeBytes(CALL_ID);
        final int callIdOffset = SentInvite.mark(out);
        writeSlice(out, in, dialog.callIdOffset(), dialog.callIdLength());
        out.writeBytes(CRLF);
        if (sent != null)
        {
            sent.uriOffset = uriOffset;
            sent.uriLength = dialog.targetLength();
            sent.viaOffset = viaOffset;
            sent.viaLength = viaLength;
            sent.fromOffset = fromOffset;
            sent.fromLength = fromLength;
            sent.toOffset = toOffset;
            sent.toLength = dialog.remoteLength();
            sent.callIdOffset = callIdOffset;
            sent.callIdLength = dialog.callIdLength();
            sent.cseq = cseq;
        }
        out.writeBytes(CSEQ);
        writeDecimal(out, cseq);
        out.writeByte(' ');
        out.writeBytes(method);
        out.writeBytes(CRLF);
        if (content != null)
        {
            if (method != ACK)
            {
                contact(out, transport);
            }
            copySafeHeaders(out, content);
            body(out, content);
        }
        else
        {
            out.writeBytes(CONTENT_LENGTH_ZERO);
        }
    }

    /**
     * Writes a probe (RFC 3261 §11) to a vendor.
     *
     * @param out            where to write.
     * @param vendorHostPort the vendor's {@code host:port}.
     * @param transport      its transport.
     * @param callId         the probe's Call-ID.
     * @param cseq           its CSeq number.
     */
    void options(final ByteBuf out, final byte[] vendorHostPort, final Transport transport, final CallId callId,
        final long cseq)
    {
        out.writeBytes(OPTIONS);
        out.writeByte(' ');
        out.writeBytes(SIP_SCHEME);
        out.writeBytes(vendorHostPort);
        if (transport == Transport.TCP)
        {
            out.writeBytes(TRANSPORT_TCP);
        }
        out.writeBytes(SP_SIP_VERSION_CRLF);
        via(out, transport);
        out.writeBytes(MAX_FORWARDS);
        out.writeBytes(SEVENTY_CRLF);
        out.writeBytes(FROM);
        out.writeBytes(LT);
        out.writeBytes(SIP_SCHEME);
        out.writeBytes(SWITCH_USER);
        out.writeBytes(transport == Transport.TCP ? tcpHostPort : udpHostPort);
        out.writeBytes(GT);
        out.writeBytes(TAG);
        writeHex(out, cseq, 16);
        out.writeBytes(CRLF);
        out.writeBytes(TO);
        out.writeBytes(LT);
        out.writeBytes(SIP_SCHEME);
        out.writeBytes(vendorHostPort);
        out.writeBytes(GT_CRLF);
        callId(out, callId);
        out.writeBytes(CSEQ);
        writeDecimal(out, cseq);
        out.writeBytes(SP_OPTIONS_CRLF);
        out.writeBytes(CONTENT_LENGTH_ZERO);
    }

    /**
     * Whether a header may cross from one carrier to the other: it describes the session or the
     * caller, not either network's topology.
     *
     * @param name the header.
     * @return true to copy it.
     */
    static boolean isSafeToRelay(final HeaderName name)
    {
        return switch (name)
        {
            case ALLOW, SUPPORTED, P_ASSERTED_IDENTITY, P_PREFERRED_IDENTITY, PRIVACY, CONTENT_DISPOSITION,
                MIME_VERSION, ACCEPT, RETRY_AFTER, REASON, UNSUPPORTED, SESSION_EXPIRES, MIN_SE -> true;
            default -> false;
        };
    }

    private void copySafeHeaders(final ByteBuf out, final SipMessage from)
    {
        final ByteBuf in = from.buffer();
        for (int i = 0; i < from.headerCount(); i++)
        {
            final HeaderName name = from.headerName(i);
            if (!isSafeToRelay(name))
            {
                continue;
            }
            final int valueOffset = from.headerValueOffset(i);
            final int valueLength = from.headerValueLength(i);
            // Reliable provisionals (RFC 3262) would need PRACK relaying, which the B2BUA does not do.
            if (name == HeaderName.SUPPORTED && indexOf(in, valueOffset, valueOffset + valueLength, HUNDRED_REL) >= 0)
            {
                continue;
            }
            writeSlice(out, in, from.headerNameOffset(i), from.headerNameLength(i));
            out.writeBytes(COLON_SP);
            writeSlice(out, in, valueOffset, valueLength);
            out.writeBytes(CRLF);
        }
    }

    private static void body(final ByteBuf out, final SipMessage from)
    {
        final int bodyLength = from.bodyLength();
        if (bodyLength <= 0)
        {
            out.writeBytes(CONTENT_LENGTH_ZERO);
            return;
        }
        final int contentType = from.contentTypeHeaderIndex();
        if (contentType >= 0)
        {
            writeHeader(out, CONTENT_TYPE_NAME, from.buffer(), from.headerValueOffset(contentType),
                from.headerValueLength(contentType));
        }
        out.writeBytes(CONTENT_LENGTH);
        writeDecimal(out, bodyLength);
        out.writeBytes(CRLF);
        out.writeBytes(CRLF);
        writeSlice(out, from.buffer(), from.bodyOffset(), bodyLength);
    }
}
