package io.softswitch.signaling.call;

import io.softswitch.lcr.RouteResult;
import io.softswitch.signaling.codec.SipBytes;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.metrics.SwitchMetrics.Rejection;
import io.softswitch.signaling.transaction.InviteClientTransaction;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transaction.WheelTimer;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.TrunkLimiter;

import java.util.concurrent.TimeUnit;

import static io.softswitch.signaling.call.B2buaWriter.RETRY_AFTER;

/**
 * The hunt across vendors (failover, issue 2): the engine's route list, the attempts made so far
 * (an array of {@link VendorLeg}s, each made on first use and reused by the pooled call after),
 * which one is live, which one answered, and the provisional timer (the customer trunk's
 * failover timeout, then Timer C).
 *
 * <p>Each attempt's outcome and post-dial delay goes back to the engine as a quality sample,
 * once per attempt.
 */
final class VendorHunt
{
    static final int MAX_ATTEMPTS = 16;
    /** Timer C: "larger than 3 minutes" (RFC 3261 §16.6). */
    static final long TIMER_C_NS = TimeUnit.SECONDS.toNanos(181);

    private final Call call;
    private final CallLoop loop;
    private final CustomerLeg customer;
    private final CallMedia media;
    private final VendorLeg[] attempts = new VendorLeg[MAX_ATTEMPTS];
    /** Made on first use: few calls ever meet a stray answer. */
    private Dialog strayDialog;
    private final WheelTimer provisionalTimer = new WheelTimer()
    {
        @Override
        protected void onExpiry(final long nowNs)
        {
            onProvisionalTimeout();
        }
    };
    private final NumberPrefix sellPrefix = new NumberPrefix();
    private long sellRateMicros;
    private RouteResult route;
    private CharSequence e164;
    private long localTag;
    private int routeIndex;
    private int count;
    private int current = -1;
    private int answered = -1;
    private int lastFailure;
    private boolean provisionalSeen;

    VendorHunt(final Call call, final CallLoop loop, final CustomerLeg customer, final CallMedia media)
    {
        this.call = call;
        this.loop = loop;
        this.customer = customer;
        this.media = media;
    }

    void prepare(final CharSequence number, final long tag)
    {
        e164 = number;
        localTag = tag;
    }

    CharSequence e164()
    {
        return e164;
    }

    /**
     * The customer's matched sell prefix, copied from the route answer (which is released before
     * the record is read): empty until the call is routed.
     */
    CharSequence sellPrefix()
    {
        return sellPrefix;
    }

    long sellRateMicros()
    {
        return sellRateMicros;
    }

    int count()
    {
        return count;
    }

    VendorLeg attempt(final int index)
    {
        return attempts[index];
    }

    /**
     * The answered attempt, or null.
     *
     * @return the leg.
     */
    VendorLeg answeredLeg()
    {
        return answered >= 0 ? attempts[answered] : null;
    }

    boolean isAnswered(final int attempt)
    {
        return attempt == answered;
    }

    /**
     * Whether a request from the vendor side belongs to the answered dialog: our From tag in its To.
     */
    boolean hasOurTag(final SipMessage request)
    {
        return request.toTagLength() == 16 &&
            SipBytes.readHex(request.buffer(), request.toTagOffset(), 16) == localTag;
    }

    /**
     * Starts hunting down the engine's route list.
     */
    void begin(final RouteResult result)
    {
        route = result;
        routeIndex = 0;
        sellPrefix.wrap(e164, result.sellPrefixLength());
        sellRateMicros = result.sellRateMicrosPerMinute();
        tryNext(null);
    }

    /**
     * Offers the call to the next vendor that is up and within its limits; when none is left,
     * answers the customer with the last vendor's failure, or 503.
     */
    private void tryNext(final SipMessage failure)
    {
        final FailoverPolicy policy = customer.customer().trunk.failover();
        final int maxAttempts = Math.min(policy.maxAttempts(), MAX_ATTEMPTS);
        while (route != null && routeIndex < route.vendorCount() && count < maxAttempts)
        {
            final int routed = routeIndex++;
            final Vendor vendor = loop.vendor(route.vendorId(routed));
            if (vendor == null || !vendor.up || vendor.throttles(loop.index, loop.nowNs) || !media.admits(vendor))
            {
                continue;
            }
            final TrunkLimiter.Admission admission = vendor.limiter.tryAcquire();
            if (admission != TrunkLimiter.Admission.ADMITTED)
            {
                if (admission == TrunkLimiter.Admission.CONCURRENT_EXCEEDED)
                {
                    vendor.reportCapacity(loop.context.engine.vendorStates());
                }
                continue;
            }
            startAttempt(vendor, policy, routed);
            return;
        }
        if (failure != null)
        {
            call.relayFailure(failure);
        }
        else if (lastFailure != 0)
        {
            call.fail(lastFailure, null, EndReason.ATTEMPTS_FAILED, Party.SWITCH);
        }
        else if (media.refusedAVendor())
        {
            call.fail(488, null, EndReason.CODEC_MISMATCH, Party.SWITCH);
        }
        else
        {
            call.refuse(Rejection.NO_VENDOR, 503, RETRY_AFTER, EndReason.NO_ROUTE);
        }
    }

    private void startAttempt(final Vendor vendor, final FailoverPolicy policy, final int routed)
    {
        final int attempt = count++;
        current = attempt;
        call.onAttempt();
        provisionalSeen = false;
        if (attempts[attempt] == null)
        {
            // Made on first use and kept with the pooled call: most calls need one or two.
            attempts[attempt] = new VendorLeg(call, loop, attempt);
        }
        attempts[attempt].start(vendor, customer.offer(), e164, localTag);
        attempts[attempt].priced(route.vendorPrefixLength(routed), route.vendorRateMicrosPerMinute(routed), e164);
        loop.wheel.schedule(provisionalTimer,
            loop.nowNs + TimeUnit.MILLISECONDS.toNanos(policy.provisionalTimeoutMs()));
    }

    void onInviteResponse(final SipMessage response, final int attempt)
    {
        final VendorLeg leg = attempts[attempt];
        final InviteClientTransaction txn = leg.inviteTransaction();
        if (txn == null)
        {
            return;
        }
        final int code = response.statusCode();
        if (!txn.onResponse(code, loop.nowNs))
        {
            return;
        }
        final boolean live = attempt == current && (call.phase == Call.Phase.CALLING || call.phase == Call.Phase.EARLY);
        if (code < 200)
        {
            leg.onProvisional();
            if (live)
            {
                provisionalSeen = true;
                // Timer C (RFC 3261 §16.6 step 11): an attempt may ring this long after its last
                // provisional response before it is cancelled.
                loop.wheel.schedule(provisionalTimer, loop.nowNs + TIMER_C_NS);
                leg.timeProvisional(code);
                if (code > 100)
                {
                    call.onProvisional(response);
                }
            }
            return;
        }
        if (code < 300)
        {
            if (attempt == answered)
            {
                leg.onAnswerRetransmission();
                return;
            }
            if (live)
            {
                judge(attempt, code);
                answered = attempt;
                // The hunt is over: the route list goes back to the engine's pool now, not when
                // the call ends (an answered call would hold it for its whole duration).
                releaseRoute();
                loop.wheel.cancel(provisionalTimer);
                leg.answered(response);
                call.onAnswer(response, leg);
            }
            else
            {
                if (strayDialog == null)
                {
                    strayDialog = new Dialog();
                }
                leg.hangUpStray(response, strayDialog);
            }
            return;
        }
        judge(attempt, code);
        leg.acknowledgeFailure(response);
        leg.releaseLimit();
        leg.vendor().meters.failed();
        if (!live)
        {
            return;
        }
        current = -1;
        loop.wheel.cancel(provisionalTimer);
        lastFailure = code;
        if (customer.customer().trunk.failover().shouldReroute(code))
        {
            tryNext(response);
        }
        else
        {
            call.relayFailure(response);
        }
    }

    private void onProvisionalTimeout()
    {
        if (current < 0 || (call.phase != Call.Phase.CALLING && call.phase != Call.Phase.EARLY))
        {
            return;
        }
        final int attempt = current;
        giveUp(attempt, 408);
        lastFailure = 408;
        if (provisionalSeen)
        {
            // Timer C: the vendor answered the question with ringing and nobody picked up.
            call.fail(408, null, EndReason.ATTEMPTS_FAILED, Party.SWITCH);
        }
        else
        {
            tryNext(null);
        }
    }

    /**
     * The customer gave up: the live attempt is cancelled (RFC 3261 §9.2).
     */
    void cancelCurrent()
    {
        if (current >= 0)
        {
            giveUp(current, 487);
        }
    }

    private void giveUp(final int attempt, final int code)
    {
        current = -1;
        final VendorLeg leg = attempts[attempt];
        judge(attempt, code);
        leg.cancel();
        leg.releaseLimit();
        leg.vendor().meters.failed();
    }

    /**
     * An attempt's INVITE transaction timed out (Timer B): treated as 408 (RFC 3261 §8.1.3.1).
     *
     * @return true when the transaction was one of the hunt's.
     */
    boolean onTimeout(final Transaction transaction)
    {
        for (int attempt = 0; attempt < count; attempt++)
        {
            final VendorLeg leg = attempts[attempt];
            if (transaction == leg.inviteTransaction())
            {
                leg.releaseLimit();
                if (attempt == current && (call.phase == Call.Phase.CALLING || call.phase == Call.Phase.EARLY))
                {
                    current = -1;
                    judge(attempt, 408);
                    loop.wheel.cancel(provisionalTimer);
                    leg.vendor().meters.failed();
                    lastFailure = 408;
                    tryNext(null);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Tells the engine how one vendor attempt ended (issue 3: quality per vendor and destination),
     * once: a later response to an attempt already judged (the 487 to our CANCEL after a timeout)
     * is not a second sample.
     */
    private void judge(final int attempt, final int code)
    {
        final VendorLeg leg = attempts[attempt];
        if (leg.judge(code))
        {
            loop.context.engine.onAttempt(leg.vendor().id, e164, code, leg.pddMs());
        }
    }

    boolean forget(final Transaction transaction)
    {
        for (int attempt = 0; attempt < count; attempt++)
        {
            if (attempts[attempt].forget(transaction))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The call is over: timers stop, limits are given back, the route list is released, the
     * answered call's duration goes to the engine, and attempts still open are closed in the record.
     */
    void end(final long answeredNs)
    {
        loop.wheel.cancel(provisionalTimer);
        for (int attempt = 0; attempt < count; attempt++)
        {
            final VendorLeg leg = attempts[attempt];
            leg.releaseLimit();
            leg.closeRecord(attempt == answered);
        }
        if (answered >= 0)
        {
            loop.context.engine.onCallEnded(attempts[answered].vendor().id, e164,
                TimeUnit.NANOSECONDS.toMillis(loop.nowNs - answeredNs));
        }
        releaseRoute();
    }

    /**
     * Lets go of what only builds new messages, once the record has been read.
     */
    void releaseBuilders()
    {
        for (int attempt = 0; attempt < count; attempt++)
        {
            attempts[attempt].releaseBuilders();
        }
    }

    private void releaseRoute()
    {
        if (route != null)
        {
            route.release();
            route = null;
        }
    }

    void release()
    {
        releaseRoute();
        for (int attempt = 0; attempt < count; attempt++)
        {
            attempts[attempt].release();
        }
        if (strayDialog != null)
        {
            strayDialog.clear();
        }
        sellPrefix.clear();
        sellRateMicros = 0;
        e164 = null;
        routeIndex = 0;
        count = 0;
        current = -1;
        answered = -1;
        lastFailure = 0;
        provisionalSeen = false;
    }
}
