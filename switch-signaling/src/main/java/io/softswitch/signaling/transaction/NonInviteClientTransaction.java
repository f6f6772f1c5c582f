package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transport.SipPeer;

/**
 * The non-INVITE client transaction of RFC 3261 §17.1.2 (BYE, CANCEL, OPTIONS, UPDATE ...).
 *
 * <p>Over UDP Timer E retransmits the request (T1 doubling up to T2 while Trying, T2 once
 * Proceeding); Timer F (64*T1) ends a transaction without a final response; after the final
 * response Timer K (T4 over UDP, zero over TCP) absorbs its retransmissions.
 */
public final class NonInviteClientTransaction extends ClientTransaction
{
    /**
     * Creates an idle transaction.
     *
     * @param wheel       the owning loop's timer wheel.
     * @param transmitter the owning loop's transport.
     * @param timers      T1, T2, T4.
     */
    public NonInviteClientTransaction(final TimerWheel wheel, final Transmitter transmitter, final SipTimers timers)
    {
        super(wheel, transmitter, timers);
    }

    /**
     * Sends the request and enters Trying.
     *
     * @param listener told of timeouts and termination.
     * @param request  the encoded request; the transaction owns it from now on.
     * @param peer     where it goes.
     * @param nowNs    the loop's clock reading.
     */
    @Override
    public void start(final TransactionListener listener, final ByteBuf request, final SipPeer peer, final long nowNs)
    {
        arm(listener, peer, State.TRYING);
        keepAndSend(request);
        if (!peer.reliable())
        {
            startRetransmitting(nowNs, t1Ns);
        }
        startTimeout(nowNs, 64 * t1Ns);
    }

    /**
     * Takes a response to the request.
     *
     * @param statusCode the response's status code.
     * @param nowNs      the loop's clock reading.
     * @return true when the transaction user should see it; false for retransmissions.
     */
    @Override
    public boolean onResponse(final int statusCode, final long nowNs)
    {
        if (state != State.TRYING && state != State.PROCEEDING)
        {
            return false;
        }
        if (statusCode < 200)
        {
            state = State.PROCEEDING;
            return true;
        }
        wheel.cancel(retransmitTimer);
        wheel.cancel(timeoutTimer);
        releaseMessage();
        state = State.COMPLETED;
        // Timer K is zero over a reliable transport: due now, fired by the next poll, so that the
        // transaction user sees the response before the transaction is recycled.
        startTimeout(nowNs, peer.reliable() ? 0 : t4Ns);
        return true;
    }

    @Override
    protected void onRetransmitTimer(final long nowNs)
    {
        if (state == State.TRYING)
        {
            resend();
            startRetransmitting(nowNs, Math.min(2 * retransmitIntervalNs, t2Ns));
        }
        else if (state == State.PROCEEDING)
        {
            resend();
            startRetransmitting(nowNs, t2Ns);
        }
    }

    @Override
    protected void onTimeoutTimer(final long nowNs)
    {
        if (state == State.COMPLETED)
        {
            terminate();
        }
        else
        {
            timeOut();
        }
    }
}
