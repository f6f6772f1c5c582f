package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transport.SipPeer;

/**
 * The INVITE server transaction of RFC 3261 §17.2.1, with RFC 6026's Accepted state and the UAS
 * core's 2xx retransmission of §13.3.1.4 folded in, since a B2BUA leg always needs both.
 *
 * <p>Proceeding: a retransmitted INVITE gets the last provisional response again. A final
 * failure moves it to Completed: over UDP Timer G resends it (T1 doubling up to T2) until the ACK;
 * Timer H (64*T1) gives up waiting (the transaction user hears a timeout). The ACK moves it to
 * Confirmed for Timer I (T4 over UDP, zero over TCP). A 2xx moves it to Accepted: over UDP it is
 * resent on the same schedule until the ACK, and without an ACK in 64*T1 the transaction user
 * hears a timeout (and should end the dialog with BYE).
 */
public final class InviteServerTransaction extends ServerTransaction
{
    private boolean acknowledged;

    /**
     * Creates an idle transaction.
     *
     * @param wheel       the owning loop's timer wheel.
     * @param transmitter the owning loop's transport.
     * @param timers      T1, T2, T4.
     */
    public InviteServerTransaction(final TimerWheel wheel, final Transmitter transmitter, final SipTimers timers)
    {
        super(wheel, transmitter, timers);
    }

    /**
     * Takes a new INVITE and enters Proceeding.
     *
     * @param listener told of timeouts and termination.
     * @param peer     where responses go (RFC 3261 §18.2.2).
     */
    @Override
    public void start(final TransactionListener listener, final SipPeer peer)
    {
        arm(listener, peer, State.PROCEEDING);
        acknowledged = false;
    }

    /**
     * Sends a provisional response (100 Trying, 180, 183 ...).
     *
     * @param response the encoded response; the transaction owns it from now on.
     */
    public void sendProvisional(final ByteBuf response)
    {
        if (state != State.PROCEEDING)
        {
            response.release();
            return;
        }
        keepAndSend(response);
    }

    /**
     * Sends the final response.
     *
     * @param response   the encoded response; the transaction owns it from now on.
     * @param statusCode its status code.
     * @param nowNs      the loop's clock reading.
     */
    public void sendFinal(final ByteBuf response, final int statusCode, final long nowNs)
    {
        if (state != State.PROCEEDING)
        {
            response.release();
            return;
        }
        keepAndSend(response);
        state = statusCode < 300 ? State.ACCEPTED : State.COMPLETED;
        if (!peer.reliable())
        {
            startRetransmitting(nowNs, t1Ns);
        }
        startTimeout(nowNs, 64 * t1Ns);
    }

    @Override
    public void sendResponse(final ByteBuf response, final int statusCode, final long nowNs)
    {
        if (statusCode < 200)
        {
            sendProvisional(response);
        }
        else
        {
            sendFinal(response, statusCode, nowNs);
        }
    }

    /**
     * A retransmission of the INVITE arrived: answer it with the last response (RFC 3261
     * §17.2.1); in Accepted and Confirmed it is absorbed.
     */
    @Override
    public void onRequestRetransmission()
    {
        if (state == State.PROCEEDING || state == State.COMPLETED)
        {
            resend();
        }
    }

    /**
     * An ACK arrived: for a failure (same branch) or for the 2xx (a new transaction of the same
     * dialog that the owner routes here).
     *
     * @param nowNs the loop's clock reading.
     * @return true for the first ACK, which the transaction user relays when it acknowledges a 2xx.
     */
    @Override
    public boolean onAck(final long nowNs)
    {
        if (state == State.COMPLETED)
        {
            wheel.cancel(retransmitTimer);
            state = State.CONFIRMED;
            startTimeout(nowNs, peer.reliable() ? 0 : t4Ns);
            return true;
        }
        if (state == State.ACCEPTED && !acknowledged)
        {
            acknowledged = true;
            wheel.cancel(retransmitTimer);
            // Accepted absorbs retransmitted INVITEs without answering (RFC 6026 §8.7): the 2xx is
            // no longer needed.
            releaseMessage();
            return true;
        }
        return false;
    }

    /**
     * Whether the 2xx this transaction sent has been acknowledged.
     *
     * @return true after the first ACK in Accepted.
     */
    public boolean acknowledged()
    {
        return acknowledged;
    }

    @Override
    protected void onRetransmitTimer(final long nowNs)
    {
        if (state == State.COMPLETED || (state == State.ACCEPTED && !acknowledged))
        {
            resend();
            startRetransmitting(nowNs, Math.min(2 * retransmitIntervalNs, t2Ns));
        }
    }

    @Override
    protected void onTimeoutTimer(final long nowNs)
    {
        if (state == State.COMPLETED || (state == State.ACCEPTED && !acknowledged))
        {
            timeOut();
        }
        else
        {
            terminate();
        }
    }
}
