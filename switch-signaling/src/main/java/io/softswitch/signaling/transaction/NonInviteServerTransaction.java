package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transport.SipPeer;

/**
 * The non-INVITE server transaction of RFC 3261 §17.2.2.
 *
 * <p>Trying: retransmissions of the request are absorbed. Proceeding: they get the last
 * provisional response. Completed: they get the final response, until Timer J (64*T1 over UDP,
 * zero over TCP) ends the transaction.
 */
public final class NonInviteServerTransaction extends ServerTransaction
{
    /**
     * Creates an idle transaction.
     *
     * @param wheel       the owning loop's timer wheel.
     * @param transmitter the owning loop's transport.
     * @param timers      T1, T2, T4.
     */
    public NonInviteServerTransaction(final TimerWheel wheel, final Transmitter transmitter, final SipTimers timers)
    {
        super(wheel, transmitter, timers);
    }

    /**
     * Takes a new request and enters Trying.
     *
     * @param listener told of termination.
     * @param peer     where responses go (RFC 3261 §18.2.2).
     */
    @Override
    public void start(final TransactionListener listener, final SipPeer peer)
    {
        arm(listener, peer, State.TRYING);
    }

    /**
     * Sends a response; a final one moves the transaction to Completed.
     *
     * @param response   the encoded response; the transaction owns it from now on.
     * @param statusCode its status code.
     * @param nowNs      the loop's clock reading.
     */
    public void send(final ByteBuf response, final int statusCode, final long nowNs)
    {
        if (state != State.TRYING && state != State.PROCEEDING)
        {
            response.release();
            return;
        }
        keepAndSend(response);
        if (statusCode < 200)
        {
            state = State.PROCEEDING;
        }
        else
        {
            state = State.COMPLETED;
            startTimeout(nowNs, peer.reliable() ? 0 : 64 * t1Ns);
        }
    }

    @Override
    public void sendResponse(final ByteBuf response, final int statusCode, final long nowNs)
    {
        send(response, statusCode, nowNs);
    }

    /**
     * A retransmission of the request arrived: answered with the last response, if any.
     */
    @Override
    public void onRequestRetransmission()
    {
        if (state == State.PROCEEDING || state == State.COMPLETED)
        {
            resend();
        }
    }

    @Override
    protected void onRetransmitTimer(final long nowNs)
    {
        throw new IllegalStateException("non-INVITE server transactions do not retransmit");
    }

    @Override
    protected void onTimeoutTimer(final long nowNs)
    {
        terminate();
    }
}
