package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transport.SipPeer;

/**
 * The INVITE client transaction of RFC 3261 §17.1.1, with the Accepted state of RFC 6026.
 *
 * <p>Over UDP Timer A retransmits the INVITE (T1, doubling) while Calling; Timer B (64*T1) ends a
 * transaction that heard nothing. A final failure moves it to Completed: the transaction user
 * hands it the ACK ({@link #sendAck}), which is resent for every retransmitted failure until
 * Timer D (32 s over UDP, zero over TCP). A 2xx moves it to Accepted for Timer M (64*T1), during
 * which retransmitted 2xx still reach the transaction user, whose ACK is end to end (§13.2.2.4).
 */
public final class InviteClientTransaction extends ClientTransaction
{
    private static final long TIMER_D_UNRELIABLE_NS = 32_000_000_000L;

    private ByteBuf ack;

    /**
     * Creates an idle transaction.
     *
     * @param wheel       the owning loop's timer wheel.
     * @param transmitter the owning loop's transport.
     * @param timers      T1, T2, T4.
     */
    public InviteClientTransaction(final TimerWheel wheel, final Transmitter transmitter, final SipTimers timers)
    {
        super(wheel, transmitter, timers);
    }

    /**
     * Sends the INVITE and enters Calling.
     *
     * @param listener told of timeouts and termination.
     * @param invite   the encoded INVITE; the transaction owns it from now on.
     * @param peer     where it goes.
     * @param nowNs    the loop's clock reading.
     */
    @Override
    public void start(final TransactionListener listener, final ByteBuf invite, final SipPeer peer, final long nowNs)
    {
        arm(listener, peer, State.CALLING);
        keepAndSend(invite);
        if (!peer.reliable())
        {
            startRetransmitting(nowNs, t1Ns);
        }
        startTimeout(nowNs, 64 * t1Ns);
    }

    /**
     * The INVITE this transaction sent, for building its ACK and CANCEL (RFC 3261 §17.1.1.3, §9.1).
     *
     * @return the encoded INVITE, owned by the transaction; null when idle.
     */
    public ByteBuf request()
    {
        return message;
    }

    /**
     * Takes a response to the INVITE.
     *
     * @param statusCode the response's status code.
     * @param nowNs      the loop's clock reading.
     * @return true when the transaction user should see the response; false when it was absorbed
     *     (a retransmitted final failure, answered with the stored ACK).
     */
    @Override
    public boolean onResponse(final int statusCode, final long nowNs)
    {
        switch (state)
        {
            case CALLING, PROCEEDING ->
            {
                if (statusCode < 200)
                {
                    // RFC 3261 §17.1.1.2: in Proceeding neither A nor B runs.
                    wheel.cancel(retransmitTimer);
                    wheel.cancel(timeoutTimer);
                    state = State.PROCEEDING;
                }
                else if (statusCode < 300)
                {
                    wheel.cancel(retransmitTimer);
                    // Nothing is sent from Accepted: the ACK for a 2xx is the transaction user's.
                    releaseMessage();
                    state = State.ACCEPTED;
                    startTimeout(nowNs, 64 * t1Ns);
                }
                else
                {
                    wheel.cancel(retransmitTimer);
                    wheel.cancel(timeoutTimer);
                    state = State.COMPLETED;
                }
                return true;
            }
            case ACCEPTED ->
            {
                return statusCode >= 200 && statusCode < 300;
            }
            case COMPLETED ->
            {
                if (statusCode >= 300 && ack != null)
                {
                    transmitter.transmit(ack, peer);
                }
                return false;
            }
            default ->
            {
                return false;
            }
        }
    }

    /**
     * Sends the ACK for a final failure (built by the transaction user as §17.1.1.3 says) and
     * starts Timer D; over TCP the transaction ends at once.
     *
     * @param ackRequest the encoded ACK; the transaction owns it from now on.
     * @param nowNs      the loop's clock reading.
     */
    public void sendAck(final ByteBuf ackRequest, final long nowNs)
    {
        if (state != State.COMPLETED)
        {
            ackRequest.release();
            throw new IllegalStateException("ACK outside Completed: state=" + state);
        }
        releaseAck();
        ack = ackRequest;
        transmitter.transmit(ackRequest, peer);
        startTimeout(nowNs, peer.reliable() ? 0 : Math.max(TIMER_D_UNRELIABLE_NS, 64 * t1Ns));
    }

    /**
     * The transaction user sent a CANCEL for this INVITE: if no final response comes within 64*T1
     * the transaction ends as timed out (RFC 3261 §9.1).
     *
     * @param nowNs the loop's clock reading.
     */
    public void onCancelSent(final long nowNs)
    {
        if (state == State.CALLING || state == State.PROCEEDING)
        {
            startTimeout(nowNs, 64 * t1Ns);
        }
    }

    @Override
    protected void onRetransmitTimer(final long nowNs)
    {
        if (state == State.CALLING)
        {
            resend();
            startRetransmitting(nowNs, 2 * retransmitIntervalNs);
        }
    }

    @Override
    protected void onTimeoutTimer(final long nowNs)
    {
        if (state == State.CALLING || state == State.PROCEEDING)
        {
            timeOut();
        }
        else
        {
            terminate();
        }
    }

    @Override
    protected void onTerminate()
    {
        releaseAck();
    }

    private void releaseAck()
    {
        if (ack != null)
        {
            ack.release();
            ack = null;
        }
    }
}
