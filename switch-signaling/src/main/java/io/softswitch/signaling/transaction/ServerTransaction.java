package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transport.SipPeer;

/**
 * What both server transactions offer their transaction user (RFC 3261 §17.2): send a response,
 * absorb a retransmitted request, take an ACK. The call model holds server transactions through
 * this surface and never needs to know which kind it has.
 */
public abstract class ServerTransaction extends Transaction
{
    /**
     * Creates an idle transaction.
     *
     * @param wheel       the owning loop's timer wheel.
     * @param transmitter the owning loop's transport.
     * @param timers      T1, T2, T4.
     */
    protected ServerTransaction(final TimerWheel wheel, final Transmitter transmitter, final SipTimers timers)
    {
        super(wheel, transmitter, timers);
    }

    /**
     * Takes a new request into the transaction.
     *
     * @param listener told of timeouts and termination.
     * @param peer     where responses go (RFC 3261 §18.2.2).
     */
    public abstract void start(TransactionListener listener, SipPeer peer);

    /**
     * Sends a response, provisional or final.
     *
     * @param response   the encoded response; the transaction owns it from now on.
     * @param statusCode its status code.
     * @param nowNs      the loop's clock reading.
     */
    public abstract void sendResponse(ByteBuf response, int statusCode, long nowNs);

    /**
     * A retransmission of the request arrived: answered with the last response where the state
     * machine says so.
     */
    public abstract void onRequestRetransmission();

    /**
     * An ACK arrived for this transaction's request; only an INVITE transaction takes one.
     *
     * @param nowNs the loop's clock reading.
     * @return true for the first ACK of a final response, which the transaction user may relay.
     */
    public boolean onAck(final long nowNs)
    {
        return false;
    }
}
