package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.lcr.RouteResult;
import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.AnchorStatus;
import io.softswitch.rtp.MediaDirection;
import io.softswitch.rtp.MediaEventType;
import io.softswitch.rtp.StreamReport;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.media.MediaPlane.TrunkMedia;
import io.softswitch.signaling.metrics.MediaMeters;
import io.softswitch.signaling.sdp.CodecPolicy;
import io.softswitch.signaling.sdp.SdpOrigin;
import io.softswitch.signaling.sdp.SdpRewriter;
import io.softswitch.signaling.sdp.SdpSession;

import java.util.Arrays;

import static io.softswitch.signaling.call.B2buaWriter.RETRY_AFTER;

/**
 * One call's media set-up: whether it is anchored, its streams on the relay (one per media line),
 * the relay's ports facing each leg, each leg's {@code o=} line, and the SDP rewritten as it
 * crosses. What the relay later says of the flowing audio (statistics, media timeout, one-way
 * audio) goes to the call's {@link MediaWatch}. Side 0 is the customer's leg, side 1 the vendor's.
 *
 * <p>The customer's offer is sent to the relay when the call is routed, beside the route query:
 * the first vendor INVITE waits for both answers. Later SDP (the vendor's answer, re-INVITEs,
 * UPDATEs, their answers) reuses the ports of the first offer and is told to the relay without
 * waiting for its reply. An INVITE without SDP (a late offer: the vendor offers in its 2xx, the
 * customer answers in the ACK) takes the ports of its first media line at once, with the
 * customer's side not yet known.
 *
 * <p>A call is anchored when its customer trunk or the vendor trunk of the attempt asks for it;
 * an attempt whose two trunks both say bypass gets the SDP untouched. Every SDP that crosses an
 * anchored call keeps only the codecs both trunks allow. Owned by the call's event loop.
 */
final class CallMedia
{
    static final int CUSTOMER = 0;
    static final int VENDOR = 1;

    private final Call call;
    private final LoopMedia media;
    private final MediaWatch watch;
    private final CustomerLeg customer;
    private final SdpOrigin[] origins = {new SdpOrigin(), new SdpOrigin()};
    private final int[] ports = new int[AnchorRequest.MAX_MEDIA * 2];
    private final boolean[] open = new boolean[AnchorRequest.MAX_MEDIA];
    private CodecPolicy customerPolicy = CodecPolicy.ANY;
    private CodecPolicy vendorPolicy = CodecPolicy.ANY;
    private MediaMeters meters;
    private MediaMeters vendorMeters;
    private boolean customerAnchors;
    private boolean anchored;
    private boolean bypassed;
    private boolean counted;
    private boolean lateOffer;
    private boolean awaitingLateAnswer;
    private boolean vendorRefused;
    private long callRef;
    private int pendingReplies;
    private int refusal;
    private RouteResult parkedRoute;

    CallMedia(final Call call, final LoopMedia media, final MediaWatch watch, final CustomerLeg customer)
    {
        this.call = call;
        this.media = media;
        this.watch = watch;
        this.customer = customer;
    }

    /**
     * Offers the customer's SDP to the relay when the call may be anchored (its trunk anchors, or
     * some vendor trunk may), or takes the ports of a late offer.
     *
     * @param invite the customer's INVITE.
     * @return false when the call was refused (488 codec mismatch, 503 no relay).
     */
    boolean offer(final SipMessage invite)
    {
        reset();
        final String name = customer.customer().trunk.name();
        final TrunkMedia trunk = media.trunk(name);
        if (trunk == null || (!trunk.anchor() && !media.anyAnchors()))
        {
            // No relay, or nobody anchors: the SDP of this call passes as it is.
            return true;
        }
        customerAnchors = trunk.anchor();
        customerPolicy = trunk.codecs();
        meters = media.meters(name);
        if (invite.bodyLength() <= 0)
        {
            return lateOffer();
        }
        final SdpSession sdp = media.sdp;
        if (!sdp.parse(invite.buffer(), invite.bodyOffset(), invite.bodyLength()))
        {
            if (!customerAnchors)
            {
                // Not SDP we can read, from a bypassing trunk: it may still reach a bypassing vendor.
                return true;
            }
            call.fail(488, null, EndReason.CODEC_MISMATCH, Party.SWITCH);
            return false;
        }
        // A bypassing customer's policy is checked per anchored attempt (admits), with the vendor's.
        if (media.rewriter.plan(sdp, customerAnchors ? customerPolicy : CodecPolicy.ANY) == SdpRewriter.CODEC_MISMATCH)
        {
            meters.codecMismatch();
            call.fail(488, null, EndReason.CODEC_MISMATCH, Party.SWITCH);
            return false;
        }
        if (!media.relayAlive())
        {
            return refuseNow();
        }
        begin();
        for (int m = 0; m < sdp.mediaCount() && m < AnchorRequest.MAX_MEDIA; m++)
        {
            if (!media.rewriter.isDisabled(m) && !openStream(media.describe(callRef, sdp, m, CUSTOMER)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A late offer: the first media line's ports are taken now, with nothing known of the customer's
     * side, so that the vendor's offer can be rewritten as soon as its 2xx comes.
     */
    private boolean lateOffer()
    {
        if (!media.relayAlive())
        {
            return refuseNow();
        }
        lateOffer = true;
        awaitingLateAnswer = true;
        begin();
        return openStream(media.request.stream(callRef, 0, CUSTOMER)
            .codec(MediaDirection.SENDRECV, -1, 8000));
    }

    private void begin()
    {
        callRef = media.callRef(call);
        anchored = true;
        origins[CUSTOMER].reset(callRef);
        origins[VENDOR].reset(callRef ^ 0x5A5A_5A5AL);
        media.track(callRef, call);
        if (customerAnchors)
        {
            counted = true;
            meters.anchored();
        }
    }

    private boolean openStream(final AnchorRequest request)
    {
        if (!media.send(request, true))
        {
            media.untrack(callRef);
            media.delete(callRef);
            anchored = false;
            return refuseNow();
        }
        open[request.mediaIndex()] = true;
        pendingReplies++;
        return true;
    }

    /**
     * Settles the media of an attempt before its INVITE goes: bypassed when both trunks say so,
     * else the offer must keep a codec the vendor's trunk allows too.
     *
     * @param vendor the vendor about to be tried.
     * @return false when the offer has no codec this vendor allows: the vendor is skipped (counted
     *         on its trunk as a codec mismatch).
     */
    boolean admits(final Vendor vendor)
    {
        bypassed = false;
        vendorPolicy = CodecPolicy.ANY;
        vendorMeters = null;
        if (!anchored)
        {
            return true;
        }
        final String name = vendor.trunk.name();
        final TrunkMedia trunk = media.trunk(name);
        bypassed = !customerAnchors && !trunk.anchor();
        if (bypassed)
        {
            return true;
        }
        vendorPolicy = trunk.codecs();
        vendorMeters = media.meters(name);
        if (!counted)
        {
            counted = true;
            meters.anchored();
        }
        if (lateOffer || (customerAnchors && vendorPolicy.allowsAll()))
        {
            return true;
        }
        final SipMessage offer = customer.offer();
        final SdpSession sdp = media.sdp;
        if (sdp.parse(offer.buffer(), offer.bodyOffset(), offer.bodyLength()) && plan(sdp) == SdpRewriter.OK)
        {
            return true;
        }
        vendorMeters.codecMismatch();
        vendorRefused = true;
        return false;
    }

    /**
     * Whether a vendor was skipped because the offer had no codec its trunk allows: when the hunt
     * ends without any vendor's answer, the customer gets 488.
     *
     * @return true when one was.
     */
    boolean refusedAVendor()
    {
        if (vendorRefused && meters != null)
        {
            meters.codecMismatch();
        }
        return vendorRefused;
    }

    /** Both trunks' codec policies over the SDP just parsed. */
    private int plan(final SdpSession sdp)
    {
        return media.rewriter.plan(sdp, customerPolicy, vendorPolicy);
    }

    /** @return whether the call waits for the relay's answer to its offer before routing on. */
    boolean awaitsRelay()
    {
        return anchored && pendingReplies > 0 && call.phase == Call.Phase.ROUTING;
    }

    /** The relay went silent before answering the offer: 503, the route given back. */
    void refuseWaiting()
    {
        pendingReplies = 0;
        if (parkedRoute != null)
        {
            parkedRoute.release();
            parkedRoute = null;
        }
        refuseNow();
    }

    private boolean refuseNow()
    {
        meters.refusedNoPorts();
        call.fail(503, RETRY_AFTER, EndReason.MEDIA_UNAVAILABLE, Party.SWITCH);
        return false;
    }

    /**
     * Holds the route until the relay answered the offer.
     *
     * @param route the engine's answer.
     * @return true when it was parked.
     */
    boolean parkIfPending(final RouteResult route)
    {
        if (pendingReplies == 0)
        {
            return false;
        }
        parkedRoute = route;
        return true;
    }

    /**
     * The relay answered one stream of the offer.
     *
     * @param reply the reply.
     */
    void onReply(final AnchorRequest reply)
    {
        if (!anchored || pendingReplies == 0)
        {
            return;
        }
        pendingReplies--;
        final int m = reply.mediaIndex();
        if (reply.status() == AnchorStatus.OK)
        {
            ports[2 * m] = reply.localPort(0);
            ports[2 * m + 1] = reply.localPort(1);
            media.address(reply.localAddress(), reply.localAddressLength());
        }
        else if (refusal == 0)
        {
            refusal = reply.status();
        }
        if (pendingReplies > 0 || call.phase != Call.Phase.ROUTING)
        {
            return;
        }
        final RouteResult route = parkedRoute;
        parkedRoute = null;
        if (refusal != 0)
        {
            if (route != null)
            {
                route.release();
            }
            if (AnchorStatus.sipStatus(refusal) == 488)
            {
                call.fail(488, null, EndReason.MEDIA_UNAVAILABLE, Party.SWITCH);
            }
            else
            {
                refuseNow();
            }
            return;
        }
        if (route != null)
        {
            call.onRoute(route);
        }
    }

    /**
     * Whether a message's body is to be rewritten: this call is anchored and the body is there.
     *
     * @param from the message whose body crosses over.
     * @return true to rewrite.
     */
    boolean rewrites(final SipMessage from)
    {
        return anchored && !bypassed && from.bodyLength() > 0;
    }

    /**
     * Rewrites SDP crossing to a leg, and tells the relay what the other leg said (a final answer,
     * a re-INVITE, an UPDATE; not a provisional answer, whose media timing would arm the timeouts
     * while the call still rings).
     *
     * @param from    the message whose body crosses over.
     * @param towards the leg that receives it.
     * @return the rewritten body (the loop's buffer, valid until the next rewrite), or null when the
     *         body is not SDP the switch can read: nothing of it crosses over.
     */
    ByteBuf rewrite(final SipMessage from, final int towards)
    {
        final ByteBuf out = media.body.clear();
        final SdpSession sdp = media.sdp;
        if (!sdp.parse(from.buffer(), from.bodyOffset(), from.bodyLength()) || media.localAddress() == null)
        {
            return null;
        }
        final int side = 1 - towards;
        final int planned = plan(sdp);
        if (awaitingLateAnswer && side == VENDOR && !from.isRequest() && from.statusCode() >= 200)
        {
            lateOfferAnswered(planned);
        }
        // Telling the relay the same description again changes nothing there (no new learning).
        final boolean tellRelay = from.isRequest() || from.statusCode() >= 200;
        final int[] towardsPorts = media.ports;
        for (int m = 0; m < AnchorRequest.MAX_MEDIA; m++)
        {
            towardsPorts[m] = m < sdp.mediaCount() && open[m] ? ports[2 * m + towards] : 0;
            if (tellRelay && m < sdp.mediaCount() && open[m] && !media.rewriter.isDisabled(m))
            {
                media.send(media.describe(callRef, sdp, m, side), side == CUSTOMER);
            }
        }
        media.rewriter.write(sdp, out, media.localAddress(), towardsPorts, origins[towards]);
        return out;
    }

    /**
     * The vendor's 2xx carried the offer of a late-offer call. When it has no codec both trunks
     * allow, its audio goes out disabled and the call is ended on the loop's next tick (BYE on both
     * legs, end reason codec mismatch): a 2xx cannot be refused.
     */
    private void lateOfferAnswered(final int planned)
    {
        awaitingLateAnswer = false;
        if (planned == SdpRewriter.CODEC_MISMATCH)
        {
            if (vendorMeters != null)
            {
                vendorMeters.codecMismatch();
            }
            meters.codecMismatch();
            media.endSoon(callRef);
        }
    }

    /**
     * The relay saw the call's media die or go one-way.
     *
     * @param type a {@link MediaEventType}.
     */
    void onEvent(final int type)
    {
        watch.onEvent(type, meters, vendorMeters);
    }

    /**
     * The relay's periodic statistics of one of the call's streams.
     *
     * @param report the report.
     */
    void onReport(final StreamReport report)
    {
        watch.onReport(report);
    }

    /**
     * The call ended: its streams are deleted on the relay, whose final report goes to the trunks'
     * meters.
     *
     * @param vendorTrunk the answering vendor's trunk name, or null.
     */
    void end(final String vendorTrunk)
    {
        if (anchored)
        {
                media.untrack(callRef);
            if (bypassed)
            {
                // Ports taken in case a vendor anchored; this call's media never crossed them.
                media.delete(callRef);
            }
            else
            {
                media.delete(callRef, meters, vendorTrunk == null ? null : media.meters(vendorTrunk));
            }
            anchored = false;
        }
        if (parkedRoute != null)
        {
            parkedRoute.release();
            parkedRoute = null;
        }
    }

    /** @return whether the call's media goes through the relay. */
    boolean isAnchored()
    {
        return anchored && !bypassed;
    }

    private void reset()
    {
        anchored = false;
        bypassed = false;
        counted = false;
        customerAnchors = false;
        lateOffer = false;
        awaitingLateAnswer = false;
        vendorRefused = false;
        pendingReplies = 0;
        refusal = 0;
        parkedRoute = null;
        customerPolicy = CodecPolicy.ANY;
        vendorPolicy = CodecPolicy.ANY;
        meters = null;
        vendorMeters = null;
        Arrays.fill(open, false);
        Arrays.fill(ports, 0);
        watch.clear();
    }
}
