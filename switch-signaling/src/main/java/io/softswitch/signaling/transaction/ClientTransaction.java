package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transport.SipPeer;

/**
 * What both client transactions offer their transaction user (RFC 3261 §17.1): take a response
 * and say whether the transaction user should see it.
 */
public abstract class ClientTransaction extends Transaction
{
    /**
     * Creates an idle transaction.
     *
     * @param wheel       the owning loop's timer wheel.
     * @param transmitter the owning loop's transport.
     * @param timers      T1, T2, T4.
     */
    protected ClientTransaction(final TimerWheel wheel, final Transmitter transmitter, final SipTimers timers)
    {
        super(wheel, transmitter, timers);
    }

    /**
     * Sends the request and starts the transaction.
     *
     * @param listener told of timeouts and termination.
     * @param request  the encoded request; the transaction owns it from now on.
     * @param peer     where it goes.
     * @param nowNs    the loop's clock reading.
     */
    public abstract void start(TransactionListener listener, ByteBuf request, SipPeer peer, long nowNs);

    /**
     * Takes a response to the request.
     *
     * @param statusCode the response's status code.
     * @param nowNs      the loop's clock reading.
     * @return true when the transaction user should see it; false when it was absorbed.
     */
    public abstract boolean onResponse(int statusCode, long nowNs);
}
