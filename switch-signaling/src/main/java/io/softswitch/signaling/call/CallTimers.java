package io.softswitch.signaling.call;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.codec.HeaderName;
import io.softswitch.signaling.codec.SipBytes;
import io.softswitch.signaling.codec.SipMessage;
import io.softswitch.signaling.codec.SipMethod;
import io.softswitch.signaling.transaction.NonInviteClientTransaction;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transaction.WheelTimer;
import io.softswitch.signaling.trunk.CallTimerPolicy;

import java.util.concurrent.TimeUnit;

/**
 * The timers that keep an answered call from living for ever: the customer trunk's maximum
 * duration, and session timers (RFC 4028).
 *
 * <p>Session timers work in one of two ways, chosen when the call is answered:
 * <ul>
 *   <li><b>watch</b>: the vendor's 2xx carries {@code Session-Expires}, or the customer asked for
 *   session timers and the vendor does not support them, in which case the switch adds
 *   {@code Session-Expires: N;refresher=uac} and {@code Require: timer} to the 2xx (and to each
 *   relayed refresh's 2xx) so that the customer refreshes (§9). Refreshes (re-INVITE, UPDATE)
 *   pass through the in-dialog relay; each 2xx to one restarts the interval. When none arrives,
 *   the switch ends the call at {@code N - min(32, N/3)} seconds (§10) with BYE on both legs.</li>
 *   <li><b>refresh</b>: neither side uses session timers. The switch refreshes each leg itself
 *   every half of the trunk's session interval with an in-dialog UPDATE; a leg that no longer
 *   knows the dialog (481) or does not answer (408, Timer F) ends the call with BYE on both legs.
 *   Any other answer (2xx, 405, 501 ...) shows the far end alive.</li>
 * </ul>
 */
final class CallTimers
{
    private static final byte[] TIMER = {'t', 'i', 'm', 'e', 'r'};

    /** How session timers run for the call. */
    private enum Mode
    {
        OFF,
        WATCH,
        REFRESH
    }

    private final Call call;
    private final CallLoop loop;
    private final CustomerLeg customer;
    private final VendorHunt hunt;
    private final SessionExpires sessionExpires = new SessionExpires();
    private final WheelTimer maxDuration = new WheelTimer()
    {
        @Override
        protected void onExpiry(final long nowNs)
        {
            call.endAnswered(EndReason.MAX_DURATION);
        }
    };
    private final WheelTimer expiry = new WheelTimer()
    {
        @Override
        protected void onExpiry(final long nowNs)
        {
            call.endAnswered(EndReason.SESSION_EXPIRED);
        }
    };
    private final WheelTimer refresh = new WheelTimer()
    {
        @Override
        protected void onExpiry(final long nowNs)
        {
            onRefreshDue();
        }
    };
    private Mode mode = Mode.OFF;
    private long customerSeconds;
    private boolean customerSupportsTimer;
    private long insertSeconds;
    private long intervalNs;
    private NonInviteClientTransaction customerRefresh;
    private NonInviteClientTransaction vendorRefresh;
    private long customerRefreshCseq;
    private long vendorRefreshCseq;

    CallTimers(final Call call, final CallLoop loop, final CustomerLeg customer, final VendorHunt hunt)
    {
        this.call = call;
        this.loop = loop;
        this.customer = customer;
        this.hunt = hunt;
    }

    /**
     * Notes what the customer's INVITE asked for.
     */
    void onCustomerInvite(final SipMessage invite)
    {
        customerSeconds = sessionExpires.read(invite) ? sessionExpires.seconds() : -1;
        customerSupportsTimer = supportsTimer(invite);
    }

    /**
     * The call was answered: starts the maximum duration and decides how session timers run.
     *
     * @param answer the vendor's 2xx.
     * @return the session interval the switch adds to the 2xx relayed to the customer, or 0.
     */
    long onAnswer(final SipMessage answer)
    {
        final CallTimerPolicy policy = customer.customer().trunk.callTimers();
        if (policy.maxDurationSeconds() > 0)
        {
            loop.wheel.schedule(maxDuration, loop.nowNs + TimeUnit.SECONDS.toNanos(policy.maxDurationSeconds()));
        }
        insertSeconds = 0;
        if (sessionExpires.read(answer))
        {
            watch(sessionExpires.seconds());
        }
        else if (customerSeconds > 0 && customerSupportsTimer)
        {
            insertSeconds = Math.max(customerSeconds, policy.minSeSeconds());
            watch(insertSeconds);
        }
        else if (policy.sessionExpiresSeconds() > 0)
        {
            mode = Mode.REFRESH;
            intervalNs = TimeUnit.SECONDS.toNanos(policy.sessionExpiresSeconds());
            loop.wheel.schedule(refresh, loop.nowNs + intervalNs / 2);
        }
        return insertSeconds;
    }

    private void watch(final long seconds)
    {
        mode = Mode.WATCH;
        final long interval = Math.max(1, seconds);
        // RFC 4028 §10: the side that does not refresh ends the session min(32, N/3) s before it expires.
        intervalNs = TimeUnit.SECONDS.toNanos(interval - Math.min(32, interval / 3));
        loop.wheel.schedule(expiry, loop.nowNs + intervalNs);
    }

    /**
     * The session interval to add to a relayed 2xx toward the customer, when the switch stands in
     * for a vendor without session timers.
     */
    long insertSeconds()
    {
        return insertSeconds;
    }

    /**
     * A re-INVITE or UPDATE relayed in the call got its 2xx: the session is refreshed (RFC 4028 §10).
     */
    void onRefreshed(final SipMessage answer)
    {
        if (mode != Mode.WATCH)
        {
            return;
        }
        if (sessionExpires.read(answer))
        {
            watch(sessionExpires.seconds());
        }
        else
        {
            loop.wheel.schedule(expiry, loop.nowNs + intervalNs);
        }
    }

    private void onRefreshDue()
    {
        final VendorLeg vendor = hunt.answeredLeg();
        if (call.phase != Call.Phase.CONFIRMED || vendor == null)
        {
            // Not acknowledged yet: Timer H or the ACK decides first; look again next interval.
            loop.wheel.schedule(refresh, loop.nowNs + intervalNs / 2);
            return;
        }
        if (customerRefresh == null)
        {
            customerRefreshCseq = customer.dialog().nextCseq();
            customerRefresh = sendUpdate(customer, customerRefreshCseq);
        }
        if (vendorRefresh == null)
        {
            vendorRefreshCseq = vendor.dialog().nextCseq();
            vendorRefresh = sendUpdate(vendor, vendorRefreshCseq);
        }
        loop.wheel.schedule(refresh, loop.nowNs + intervalNs / 2);
    }

    private NonInviteClientTransaction sendUpdate(final DialogLeg leg, final long cseq)
    {
        final ByteBuf out = loop.alloc.directBuffer(leg.dialog().bytes().readableBytes() + 256);
        loop.writer.dialogRequest(out, SipMethod.UPDATE, leg.dialog(), cseq, leg.transport(), null);
        final NonInviteClientTransaction txn = loop.pools.nonInviteClient();
        call.track(txn);
        txn.start(call, out, leg.peer(), loop.nowNs);
        return txn;
    }

    /**
     * Takes a response that may answer one of the switch's own refreshes.
     *
     * @param fromVendor true when it came on the vendor's leg.
     * @return true when it was one.
     */
    boolean onResponse(final SipMessage response, final boolean fromVendor)
    {
        if (response.cseqMethod() != SipMethod.UPDATE)
        {
            return false;
        }
        final NonInviteClientTransaction txn = fromVendor ? vendorRefresh : customerRefresh;
        final long cseq = fromVendor ? vendorRefreshCseq : customerRefreshCseq;
        if (txn == null || response.cseqNumber() != cseq)
        {
            return false;
        }
        final int code = response.statusCode();
        if (txn.onResponse(code, loop.nowNs) && (code == 481 || code == 408))
        {
            call.endAnswered(EndReason.SESSION_EXPIRED);
        }
        return true;
    }

    /**
     * A refresh got no final response in time (Timer F): the leg is gone.
     *
     * @return true when the transaction was one of the switch's refreshes.
     */
    boolean onTimeout(final Transaction transaction)
    {
        if (transaction != customerRefresh && transaction != vendorRefresh)
        {
            return false;
        }
        call.endAnswered(EndReason.SESSION_EXPIRED);
        return true;
    }

    boolean forget(final Transaction transaction)
    {
        if (transaction == customerRefresh)
        {
            customerRefresh = null;
            return true;
        }
        if (transaction == vendorRefresh)
        {
            vendorRefresh = null;
            return true;
        }
        return false;
    }

    /**
     * The call ended: no timer of it may fire any more.
     */
    void stop()
    {
        loop.wheel.cancel(maxDuration);
        loop.wheel.cancel(expiry);
        loop.wheel.cancel(refresh);
        mode = Mode.OFF;
        insertSeconds = 0;
    }

    void release()
    {
        stop();
        customerRefresh = null;
        vendorRefresh = null;
        customerSeconds = -1;
        customerSupportsTimer = false;
    }

    private static boolean supportsTimer(final SipMessage message)
    {
        final ByteBuf in = message.buffer();
        for (int i = message.findHeader(HeaderName.SUPPORTED, 0); i >= 0;
            i = message.findHeader(HeaderName.SUPPORTED, i + 1))
        {
            final int offset = message.headerValueOffset(i);
            if (SipBytes.indexOf(in, offset, offset + message.headerValueLength(i), TIMER) >= 0)
            {
                return true;
            }
        }
        return false;
    }
}
