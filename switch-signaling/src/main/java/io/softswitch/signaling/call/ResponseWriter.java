package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipBytes;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMessageWriter;
import io.softswitch.signaling.codec.SipStatus;
import io.softswitch.signaling.trunk.Transport;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

import static io.softswitch.signaling.call.B2buaWriter.ascii;

/**
 * Composes the responses the B2BUA sends (RFC 3261 §8.2.6): the head a response copies from its
 * request, with {@code received} and {@code rport} where the request's top Via needs them
 * (§18.2.1, RFC 3581) and the switch's overload control where the client asked for it (RFC 7339); stateless and local answers; and a vendor's response relayed to the
 * customer with only the safe headers and the body of the vendor's. Writes through the same
 * codec writer as the loop's {@link B2buaWriter}, whose Contact and relay rules it shares.
 */
final class ResponseWriter
{
    private static final byte[] RPORT_PARAM = ascii(";rport");
    private static final byte[] RECEIVED = ascii(";received=");
    private static final byte[] TAG = ascii(";tag=");
    private static final byte[] REFRESHER_UAC = ascii(";refresher=uac");
    private static final byte[] REQUIRE_TIMER = ascii("Require: timer\r\n");

    private final B2buaWriter requests;
    private final SipMessageWriter w;
    private final AddressText addressText;
    private final Shedders shedders;
    private final LongSupplier epochClock;
    private final OverloadControlVia overloadControl = new OverloadControlVia();

    /**
     * Creates the response writer of one loop.
     *
     * @param requests   the loop's request writer, whose encoder and relay rules are shared.
     * @param addresses  the loop's peer addresses.
     * @param shedders   where the switch's load shedder is found (it is installed after the loops).
     * @param epochClock the loop's wall clock reading.
     */
    ResponseWriter(final B2buaWriter requests, final AddressText addresses, final Shedders shedders,
        final LongSupplier epochClock)
    {
        this.requests = requests;
        this.w = requests.encoder();
        this.addressText = addresses;
        this.shedders = shedders;
        this.epochClock = epochClock;
    }

    /**
     * Where the switch's load shedder is found.
     */
    @FunctionalInterface
    interface Shedders
    {
        /**
         * The shedder now.
         *
         * @return the shedder.
         */
        LoadShedder shedder();
    }

    /**
     * Writes the refusal of a request the validator turned down (RFC 3261 §8.2.2), with its own
     * reason phrase and, for 420, the Unsupported header naming what we do not support.
     *
     * @param out               where to write.
     * @param request           the request refused.
     * @param source            where it came from.
     * @param statusCode        the code.
     * @param reason            the validator's reason phrase.
     * @param toTag             our To tag.
     * @param unsupportedOffset where the unsupported option tags lie in the request, or -1.
     * @param unsupportedLength their length.
     */
    void refusal(final ByteBuf out, final SipMessage request, final InetSocketAddress source, final int statusCode,
        final CharSequence reason, final long toTag, final int unsupportedOffset, final int unsupportedLength)
    {
        w.wrap(out).statusLine(statusCode, reason);
        responseHead(out, request, source, toTag);
        if (unsupportedOffset >= 0)
        {
            w.headerStart(HeaderName.UNSUPPORTED).append(request.buffer(), unsupportedOffset, unsupportedLength)
                .headerEnd();
        }
        w.endWithoutBody();
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
        w.wrap(out);
        final ByteBuf in = request.buffer();
        boolean topVia = true;
        for (int i = 0; i < request.headerCount(); i++)
        {
            final HeaderName name = request.headerName(i);
            switch (name)
            {
                case VIA ->
                {
                    if (topVia && request.hasTopVia())
                    {
                        topVia(request, source, i);
                    }
                    else
                    {
                        w.copyHeader(request, i);
                    }
                    topVia = false;
                }
                case TO ->
                {
                    w.headerStart(HeaderName.TO).append(in, request.headerValueOffset(i), request.headerValueLength(i));
                    if (toTag >= 0 && request.toTagLength() == 0)
                    {
                        w.append(TAG).appendHex(toTag, 16);
                    }
                    w.headerEnd();
                }
                case FROM, CALL_ID, CSEQ, RECORD_ROUTE -> w.copyHeader(request, i);
                default ->
                {
                }
            }
        }
    }

    /**
     * Writes the header holding the top Via: as it came unless it needs {@code rport} filled in
     * (RFC 3581), {@code received} (its sent-by host is not the address the request came from,
     * RFC 3261 §18.2.1, so the response finds its way back through NAT), or our overload control
     * parameters (RFC 7339 §5.2: the client asked with {@code oc} and the switch is shedding, or
     * has just stopped), which replace the client's.
     */
    private void topVia(final SipMessage request, final InetSocketAddress source, final int index)
    {
        final boolean rport = request.viaRport() == 0;
        final boolean received = rport || request.viaReceivedOffset() < 0 && !addressText.isHostOf(request, source);
        final LoadShedder shedder = shedders.shedder();
        final boolean overload = shedder.advertises(epochClock.getAsLong()) && overloadControl.read(request);
        if (!rport && !received && !overload)
        {
            w.copyHeader(request, index);
            return;
        }
        final ByteBuf in = request.buffer();
        final int valueOffset = request.headerValueOffset(index);
        final int valueLength = request.headerValueLength(index);
        final int entryStart = request.topViaOffset();
        final int entryEnd = entryStart + request.topViaLength();
        int param = OverloadControlVia.nextParam(in, entryStart, entryEnd);
        w.headerStart(HeaderName.VIA).append(in, valueOffset, param - valueOffset);
        while (param < entryEnd)
        {
            final int next = OverloadControlVia.nextParam(in, param + 1, entryEnd);
            if (rport && next - param == RPORT_PARAM.length && SipBytes.indexOf(in, param, next, RPORT_PARAM) == param)
            {
                w.append(RPORT_PARAM).append('=').append(source.getPort());
            }
            else if (!overload || !OverloadControlVia.isOverloadParam(in, param, next))
            {
                w.append(in, param, next - param);
            }
            param = next;
        }
        if (received)
        {
            w.append(RECEIVED).append(addressText.of(source.getAddress()));
        }
        if (overload)
        {
            OverloadControlVia.write(w, shedder.refusePercent(), shedder.changedAtEpochMs());
        }
        w.append(in, entryEnd, valueOffset + valueLength - entryEnd).headerEnd();
    }

    /**
     * Writes a stateless or transaction response to a request: status line, the copied head,
     * extra header bytes, and an empty body.
     *
     * @param out        where to write.
     * @param request    the request answered.
     * @param source     where it came from.
     * @param statusCode the code.
     * @param toTag      our To tag, or -1 to leave To alone.
     * @param extra      complete header lines to add, or null.
     */
    void simpleResponse(final ByteBuf out, final SipMessage request, final InetSocketAddress source,
        final int statusCode, final long toTag, final byte[] extra)
    {
        w.wrap(out).statusLine(statusCode, SipStatus.reasonPhrase(statusCode));
        responseHead(out, request, source, toTag);
        if (extra != null)
        {
            w.append(extra);
        }
        w.endWithoutBody();
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
        relayedResponse(out, head, transport, response, 0);
    }

    /**
     * Writes a relayed response and, for a 2xx, the session timer the switch negotiates in place
     * of a far side that does not support it (RFC 4028 §9): the caller refreshes.
     *
     * @param out                   where to write.
     * @param head                  the response head of the request answered.
     * @param transport             the transport of the side answered.
     * @param response              the far side's response.
     * @param sessionExpiresSeconds the session interval to add, or 0 for none.
     */
    void relayedResponse(final ByteBuf out, final ByteBuf head, final Transport transport, final SipMessage response,
        final long sessionExpiresSeconds)
    {
        w.wrap(out).statusLine(response.statusCode(), response.buffer(), response.reasonOffset(),
            response.reasonLength());
        w.append(head, head.readerIndex(), head.readableBytes());
        if (response.statusCode() < 300)
        {
            requests.contact(transport);
        }
        requests.copySafeHeaders(response);
        if (sessionExpiresSeconds > 0 && response.statusCode() < 300)
        {
            w.headerStart(HeaderName.SESSION_EXPIRES).append(sessionExpiresSeconds).append(REFRESHER_UAC).headerEnd();
            w.append(REQUIRE_TIMER);
        }
        requests.body(response);
    }

    /**
     * Writes a locally generated response to the customer's INVITE.
     *
     * @param out        where to write.
     * @param head       the customer INVITE's response head.
     * @param statusCode the code.
     * @param extra      complete header lines to add, or null.
     */
    void localResponse(final ByteBuf out, final ByteBuf head, final int statusCode, final byte[] extra)
    {
        w.wrap(out).statusLine(statusCode, SipStatus.reasonPhrase(statusCode));
        w.append(head, head.readerIndex(), head.readableBytes());
        if (extra != null)
        {
            w.append(extra);
        }
        w.endWithoutBody();
    }
}
