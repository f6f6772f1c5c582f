package io.softswitch.signaling.call;

import io.softswitch.lcr.RouteResult;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;

import static io.softswitch.signaling.call.B2buaWriter.RETRY_AFTER;

/**
 * A call's step from its normalised number to its first vendor attempt: the customer's offer to
 * the relay and the query to the LCR engine side by side, then the engine's answer, which starts
 * the {@link VendorHunt} (once the relay has answered too) or refuses the customer: 404 no route,
 * 403 no sell rate, 503 when the engine or its ring is overloaded. Every refusal is counted.
 *
 * <p>Kept apart from {@link Call} because it is the only step that waits on another thread (the
 * engine's answer comes through {@link RouteQuery}). Runs on the call's loop.
 */
final class RoutingStep
{
    private final Call call;
    private final CallLoop loop;
    private final CustomerLeg customer;
    private final VendorHunt hunt;
    private final CallMedia media;
    private final RouteQuery query;

    RoutingStep(final Call call, final CallLoop loop, final CustomerLeg customer, final VendorHunt hunt,
        final CallMedia media)
    {
        this.call = call;
        this.loop = loop;
        this.customer = customer;
        this.hunt = hunt;
        this.media = media;
        this.query = new RouteQuery(call, loop);
    }

    /**
     * Routes the admitted INVITE.
     *
     * @param e164   the number after the trunk's rules, or null when they refused it.
     * @param invite the customer's INVITE, as parsed on arrival.
     */
    void route(final CharSequence e164, final SipMessage invite)
    {
        if (e164 == null)
        {
            call.refuse(Rejection.NO_ROUTE, 404, null, EndReason.NO_ROUTE);
            return;
        }
        if (!media.offer(invite))
        {
            return;
        }
        hunt.prepare(e164, loop.nextTag());
        // A router that answers at once lets the first attempt use the INVITE as parsed on arrival.
        customer.offerLive(invite);
        try
        {
            // A reused call whose previous query is still out asks through a query of its own.
            final RouteQuery ask = query.isPending() ? new RouteQuery(call, loop) : query;
            if (!ask.ask(customer.customer().id, e164))
            {
                // The engine's ring is full: refused at once, like an engine that answers overloaded.
                call.refuse(Rejection.ROUTER_OVERLOADED, 503, RETRY_AFTER, EndReason.OVERLOAD);
            }
        }
        finally
        {
            customer.offerLive(null);
        }
    }

    /**
     * Takes the engine's answer on the owning loop; an answer for a call no longer routing (it
     * was cancelled meanwhile) is given back.
     *
     * @param result the answer, released here or by the hunt.
     */
    void onRoute(final RouteResult result)
    {
        if (call.phase != Call.Phase.ROUTING)
        {
            result.release();
            return;
        }
        switch (result.outcome())
        {
            case ROUTED ->
            {
                // The relay's ports go into the first vendor INVITE: it waits for them if need be.
                if (!media.parkIfPending(result))
                {
                    hunt.begin(result);
                }
            }
            case NO_SELL_RATE ->
            {
                // Issue 3: no sell rate means no price agreed; refused, never a free call.
                result.release();
                call.refuse(Rejection.NO_SELL_RATE, 403, null, EndReason.NO_SELL_RATE);
            }
            case OVERLOADED ->
            {
                result.release();
                call.refuse(Rejection.ROUTER_OVERLOADED, 503, RETRY_AFTER, EndReason.OVERLOAD);
            }
            default ->
            {
                result.release();
                call.refuse(Rejection.NO_ROUTE, 404, null, EndReason.NO_ROUTE);
            }
        }
    }
}
