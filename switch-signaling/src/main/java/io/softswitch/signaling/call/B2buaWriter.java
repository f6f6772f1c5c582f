package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipBytes;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMessageWriter;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.trunk.Transport;

import java.nio.charset.StandardCharsets;

/**
 * Composes the requests the B2BUA sends: the INVITE to a vendor, ACK and CANCEL of our INVITEs,
 * each leg's requests from that leg's {@link Dialog}, and OPTIONS probes ({@link ResponseWriter}
 * composes the responses). Nothing of one leg's topology is copied to the other (RFC 3261 §12
 * dialogs per leg; topology hiding): only the headers listed in {@link #isSafeToRelay} and the
 * body cross over.
 *
 * <p>It decides what goes into a message; the codec's {@link SipMessageWriter} encodes it (the
 * one SIP encoder). One per event loop: it owns the writer flyweight and the loop's branch
 * counter. Writes go straight into the caller's buffer; no {@code String} is made on the call path.
 */
final class B2buaWriter
{
    /** Complete header line: when to try again after a 503 or 500 (RFC 3261 §20.33). */
    static final byte[] RETRY_AFTER = ascii("Retry-After: 5\r\n");
    /** Complete header line: the methods the switch takes (RFC 3261 §20.5). */
    static final byte[] ALLOW = ascii("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO\r\n");
    /** Complete header lines for the answer to OPTIONS (RFC 3261 §11.2). */
    static final byte[] ALLOW_AND_ACCEPT =
        ascii("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO\r\nAccept: application/sdp\r\n");

    private static final byte[] BRANCH_PREFIX = ascii("z9hG4bKsw");
    private static final byte[] VIA_UDP = ascii("SIP/2.0/UDP ");
    private static final byte[] VIA_TCP = ascii("SIP/2.0/TCP ");
    private static final byte[] BRANCH = ascii(";branch=");
    /** {@code rport} (RFC 3581) and {@code oc}: we take overload control from the next hop (RFC 7339 §5.1). */
    private static final byte[] RPORT_PARAM = ascii(";rport;oc");
    private static final byte[] TAG = ascii(";tag=");
    private static final byte[] SIP_SCHEME = ascii("sip:");
    private static final byte[] SWITCH_USER = ascii("sw@");
    private static final byte[] TRANSPORT_TCP = ascii(";transport=tcp");
    private static final byte[] HUNDRED_REL = ascii("100rel");

    private final SipMessageWriter w = new SipMessageWriter();
    private CallMedia media;
    private int mediaTowards;
    private final NameAddr nameAddr = new NameAddr();
    private final byte[] udpHostPort;
    private final byte[] tcpHostPort;
    private final byte[] branchStamp;
    private final int loopIndex;
    private long branchCounter;
    private int viaValueOffset;
    private int viaValueLength;

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
     * The codec writer this writer and the loop's {@link ResponseWriter} write through.
     *
     * @return the flyweight.
     */
    SipMessageWriter encoder()
    {
        return w;
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
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

    /**
     * Writes a new Via of ours: our address for the transport, a branch unique to this switch run
     * and loop (RFC 3261 §8.1.1.7), {@code rport} (RFC 3581) and {@code oc} (RFC 7339 §5.1).
     */
    private void via(final Transport transport)
    {
        w.headerStart(HeaderName.VIA);
        viaValueOffset = w.position();
        w.append(transport == Transport.TCP ? VIA_TCP : VIA_UDP)
            .append(hostPort(transport))
            .append(BRANCH).append(branchStamp).appendHex(loopIndex, 2).appendHex(branchCounter++, 12)
            .append(RPORT_PARAM);
        viaValueLength = w.position() - viaValueOffset;
        w.headerEnd();
    }

    void contact(final Transport transport)
    {
        w.headerStart(HeaderName.CONTACT).append('<').append(SIP_SCHEME).append(SWITCH_USER).append(hostPort(transport));
        if (transport == Transport.TCP)
        {
            w.append(TRANSPORT_TCP);
        }
        w.append('>').headerEnd();
    }

    private byte[] hostPort(final Transport transport)
    {
        return transport == Transport.TCP ? tcpHostPort : udpHostPort;
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
        w.wrap(out).requestLineStart(SipMethod.INVITE);
        sent.uriOffset = w.position();
        sipUri(e164, vendorHostPort, transport);
        sent.uriLength = w.position() - sent.uriOffset;
        w.requestLineEnd();
        via(transport);
        sent.viaOffset = viaValueOffset;
        sent.viaLength = viaValueLength;
        final int maxForwards = customerInvite.maxForwards();
        w.header(HeaderName.MAX_FORWARDS, maxForwards < 0 ? 70 : Math.min(70, maxForwards - 1));

        final int fromIndex = customerInvite.fromHeaderIndex();
        nameAddr.wrap(in, customerInvite.headerValueOffset(fromIndex), customerInvite.headerValueLength(fromIndex));
        w.headerStart(HeaderName.FROM);
        sent.fromOffset = w.position();
        if (nameAddr.displayLength > 0)
        {
            w.append(in, nameAddr.displayOffset, nameAddr.displayLength).append(' ');
        }
        w.append('<').append(SIP_SCHEME);
        if (nameAddr.userLength > 0)
        {
            w.append(in, nameAddr.userOffset, nameAddr.userLength).append('@');
        }
        w.append(hostPort(transport)).append('>').append(TAG).appendHex(fromTag, 16);
        sent.fromLength = w.position() - sent.fromOffset;
        w.headerEnd();

        final int toIndex = customerInvite.toHeaderIndex();
        nameAddr.wrap(in, customerInvite.headerValueOffset(toIndex), customerInvite.headerValueLength(toIndex));
        w.headerStart(HeaderName.TO);
        sent.toOffset = w.position();
        if (nameAddr.displayLength > 0)
        {
            w.append(in, nameAddr.displayOffset, nameAddr.displayLength).append(' ');
        }
        w.append('<');
        sipUri(e164, vendorHostPort, Transport.UDP);
        w.append('>');
        sent.toLength = w.position() - sent.toOffset;
        w.headerEnd();

        w.headerStart(HeaderName.CALL_ID);
        sent.callIdOffset = w.position();
        callId.write(w);
        sent.callIdLength = w.position() - sent.callIdOffset;
        w.headerEnd();
        w.cseq(1, SipMethod.INVITE);
        sent.cseq = 1;
        contact(transport);
        copySafeHeaders(customerInvite);
        body(customerInvite);
    }

    private void sipUri(final CharSequence user, final byte[] hostPort, final Transport transport)
    {
        w.append(SIP_SCHEME);
        w.appendAscii(user).append('@').append(hostPort);
        if (transport == Transport.TCP)
        {
            w.append(TRANSPORT_TCP);
        }
    }

    /**
     * Writes the ACK for a failure or the CANCEL of an INVITE we sent (RFC 3261 §17.1.1.3,
     * §9.1): same Request-URI, top Via, From, Call-ID and CSeq number; To from the response for
     * the ACK, from the INVITE for the CANCEL.
     *
     * @param out      where to write.
     * @param invite   our encoded INVITE.
     * @param sent     where its parts lie.
     * @param method   {@link SipMethod#ACK} or {@link SipMethod#CANCEL}.
     * @param response the failure being acknowledged, or null for CANCEL.
     */
    void ackOrCancel(final ByteBuf out, final ByteBuf invite, final SentInvite sent, final SipMethod method,
        final SipMessage response)
    {
        final int base = invite.readerIndex();
        w.wrap(out).requestLineStart(method).append(invite, base + sent.uriOffset, sent.uriLength).requestLineEnd();
        w.headerStart(HeaderName.VIA).append(invite, base + sent.viaOffset, sent.viaLength).headerEnd();
        w.header(HeaderName.MAX_FORWARDS, 70);
        w.headerStart(HeaderName.FROM).append(invite, base + sent.fromOffset, sent.fromLength).headerEnd();
        if (response != null)
        {
            w.copyHeader(response, response.toHeaderIndex());
        }
        else
        {
            w.headerStart(HeaderName.TO).append(invite, base + sent.toOffset, sent.toLength).headerEnd();
        }
        w.headerStart(HeaderName.CALL_ID).append(invite, base + sent.callIdOffset, sent.callIdLength).headerEnd();
        w.cseq(sent.cseq, method);
        w.endWithoutBody();
    }

    /**
     * Writes a request inside one leg's dialog (RFC 3261 §12.2.1.1).
     *
     * @param out       where to write.
     * @param method    the method.
     * @param dialog    the leg's dialog.
     * @param cseq      the CSeq number.
     * @param transport the leg's transport.
     * @param content   request whose body (and Content-Type) to carry, or null.
     */
    void dialogRequest(final ByteBuf out, final SipMethod method, final Dialog dialog, final long cseq,
        final Transport transport, final SipMessage content)
    {
        dialogRequest(out, method, dialog, cseq, transport, content, null);
    }

    /**
     * Writes a request inside one leg's dialog (RFC 3261 §12.2.1.1): Request-URI from the remote
     * target, Route from the route set, the dialog's From, To and Call-ID, a new Via and CSeq; and
     * records where the parts its ACK or CANCEL repeat lie (a relayed re-INVITE).
     *
     * @param out       where to write.
     * @param method    the method.
     * @param dialog    the leg's dialog.
     * @param cseq      the CSeq number.
     * @param transport the leg's transport.
     * @param content   request whose body (and Content-Type) to carry, or null.
     * @param sent      where to record the parts, or null.
     */
    void dialogRequest(final ByteBuf out, final SipMethod method, final Dialog dialog, final long cseq,
        final Transport transport, final SipMessage content, final SentInvite sent)
    {
        final ByteBuf in = dialog.bytes();
        w.wrap(out).requestLineStart(method);
        final int uriOffset = w.position();
        w.append(in, dialog.targetOffset(), dialog.targetLength()).requestLineEnd();
        via(transport);
        final int viaOffset = viaValueOffset;
        final int viaLength = viaValueLength;
        for (int i = 0; i < dialog.routeCount(); i++)
        {
            w.headerStart(HeaderName.ROUTE).append(in, dialog.routeOffset(i), dialog.routeLength(i)).headerEnd();
        }
        w.header(HeaderName.MAX_FORWARDS, 70);
        w.headerStart(HeaderName.FROM);
        final int fromOffset = w.position();
        w.append(in, dialog.localOffset(), dialog.localLength());
        if (dialog.localTag() >= 0)
        {
            w.append(TAG).appendHex(dialog.localTag(), 16);
        }
        final int fromLength = w.position() - fromOffset;
        w.headerEnd();
        w.headerStart(HeaderName.TO);
        final int toOffset = w.position();
        w.append(in, dialog.remoteOffset(), dialog.remoteLength()).headerEnd();
        w.headerStart(HeaderName.CALL_ID);
        final int callIdOffset = w.position();
        w.append(in, dialog.callIdOffset(), dialog.callIdLength()).headerEnd();
        w.cseq(cseq, method);
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
        if (content == null)
        {
            if (method == SipMethod.UPDATE)
            {
                // A target refresh request carries our Contact (RFC 3311 §5.1).
                contact(transport);
            }
            media = null;
            w.endWithoutBody();
            return;
        }
        if (method != SipMethod.ACK)
        {
            contact(transport);
        }
        copySafeHeaders(content);
        body(content);
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
        w.wrap(out).requestLineStart(SipMethod.OPTIONS).append(SIP_SCHEME).append(vendorHostPort);
        if (transport == Transport.TCP)
        {
            w.append(TRANSPORT_TCP);
        }
        w.requestLineEnd();
        via(transport);
        w.header(HeaderName.MAX_FORWARDS, 70);
        w.headerStart(HeaderName.FROM).append('<').append(SIP_SCHEME).append(SWITCH_USER).append(hostPort(transport))
            .append('>').append(TAG).appendHex(cseq, 16).headerEnd();
        w.headerStart(HeaderName.TO).append('<').append(SIP_SCHEME).append(vendorHostPort).append('>').headerEnd();
        w.headerStart(HeaderName.CALL_ID);
        callId.write(w);
        w.headerEnd();
        w.cseq(cseq, SipMethod.OPTIONS);
        w.endWithoutBody();
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

    void copySafeHeaders(final SipMessage from)
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
            // Reliable provisionals (RFC 3262) would need PRACK relaying, which the B2BUA does not do.
            if (name == HeaderName.SUPPORTED &&
                SipBytes.indexOf(in, valueOffset, valueOffset + from.headerValueLength(i), HUNDRED_REL) >= 0)
            {
                continue;
            }
            w.copyHeader(from, i);
        }
    }

    /**
     * Makes the next message written rewrite its SDP for an anchored call (set just before a write
     * that carries a body; the write clears it).
     *
     * @param callMedia the call's media.
     * @param towards   the leg the message goes to ({@link CallMedia#CUSTOMER} or {@link CallMedia#VENDOR}).
     */
    void rewriteFor(final CallMedia callMedia, final int towards)
    {
        this.media = callMedia;
        this.mediaTowards = towards;
    }

    void body(final SipMessage from)
    {
        final CallMedia rewriting = media;
        media = null;
        final int bodyLength = from.bodyLength();
        if (bodyLength <= 0)
        {
            w.endWithoutBody();
            return;
        }
        ByteBuf content = from.buffer();
        int contentOffset = from.bodyOffset();
        int contentLength = bodyLength;
        if (rewriting != null && rewriting.rewrites(from))
        {
            content = rewriting.rewrite(from, mediaTowards);
            if (content == null)
            {
                // SDP of an anchored call that cannot be read: none of it may cross over.
                w.endWithoutBody();
                return;
            }
            contentOffset = 0;
            contentLength = content.writerIndex();
        }
        final int contentType = from.contentTypeHeaderIndex();
        if (contentType >= 0)
        {
            w.copyHeader(from, contentType);
        }
        w.end(content, contentOffset, contentLength);
    }
}
