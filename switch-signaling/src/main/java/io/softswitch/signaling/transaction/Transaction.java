package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transport.SipPeer;

import java.util.concurrent.TimeUnit;

/**
 * What the four transaction state machines of RFC 3261 §17 share: the message they retransmit,
 * the peer it goes to, two timers on the loop's wheel, and the transaction user to tell.
 *
 * <p>A transaction is reused: {@code start} arms it, reaching {@link State#TERMINATED} releases
 * its buffer and timers and tells the listener, after which its owner may start it again. It is
 * owned by one event loop and never touched from another.
 */
public abstract class Transaction
{
    /** The states of RFC 3261 §17 plus RFC 6026's Accepted, and Idle for a transaction not in use. */
    public enum State
    {
        /** Not started, or terminated and ready for reuse. */
        IDLE,
        /** INVITE client: request sent, nothing heard. */
        CALLING,
        /** Non-INVITE, client or server: request sent or received, no response yet. */
        TRYING,
        /** A provisional response was received or sent. */
        PROCEEDING,
        /** A final response (non-2xx for INVITE) was received or sent; absorbing retransmissions. */
        COMPLETED,
        /** INVITE server: the ACK for a non-2xx arrived; absorbing ACK retransmissions (Timer I). */
        CONFIRMED,
        /** INVITE, either side: a 2xx went through; absorbing its retransmissions (RFC 6026). */
        ACCEPTED,
        /** Finished; the transaction holds nothing. */
        TERMINATED
    }

    protected final TimerWheel wheel;
    protected final Transmitter transmitter;
    protected final long t1Ns;
    protected final long t2Ns;
    protected final long t4Ns;
    protected final WheelTimer retransmitTimer = new WheelTimer()
    {
        @Override
        protected void onExpiry(final long nowNs)
        {
            onRetransmitTimer(nowNs);
        }
    };
    protected final WheelTimer timeoutTimer = new WheelTimer()
    {
        @Override
        protected void onExpiry(final long nowNs)
        {
            onTimeoutTimer(nowNs);
        }
    };

    protected TransactionListener listener;
    protected SipPeer peer;
    protected ByteBuf message;
    protected State state = State.IDLE;
    protected long retransmitIntervalNs;

    /**
     * Creates an idle transaction.
     *
     * @param wheel       the owning loop's timer wheel.
     * @param transmitter the owning loop's transport.
     * @param timers      T1, T2, T4.
     */
    protected Transaction(final TimerWheel wheel, final Transmitter transmitter, final SipTimers timers)
    {
        this.wheel = wheel;
        this.transmitter = transmitter;
        this.t1Ns = TimeUnit.MILLISECONDS.toNanos(timers.t1Ms());
        this.t2Ns = TimeUnit.MILLISECONDS.toNanos(timers.t2Ms());
        this.t4Ns = TimeUnit.MILLISECONDS.toNanos(timers.t4Ms());
    }

    /**
     * The current state.
     *
     * @return the state.
     */
    public final State state()
    {
        return state;
    }

    /**
     * Where this transaction sends.
     *
     * @return the peer, or null when idle.
     */
    public final SipPeer peer()
    {
        return peer;
    }

    /**
     * Whether the transaction is in use.
     *
     * @return true between start and termination.
     */
    public final boolean isActive()
    {
        return state != State.IDLE && state != State.TERMINATED;
    }

    /**
     * Ends the transaction at once, whatever its state: timers stop, the buffer is released, the
     * listener hears {@link TransactionListener#onTerminated}. Nothing happens when not active.
     */
    public final void terminate()
    {
        if (!isActive())
        {
            return;
        }
        wheel.cancel(retransmitTimer);
        wheel.cancel(timeoutTimer);
        releaseMessage();
        onTerminate();
        state = State.TERMINATED;
        peer = null;
        final TransactionListener toTell = listener;
        listener = null;
        toTell.onTerminated(this);
    }

    /**
     * Takes the transaction into use.
     *
     * @param listener the transaction user.
     * @param peer     where messages go.
     * @param initial  the first state.
     */
    protected final void arm(final TransactionListener listener, final SipPeer peer, final State initial)
    {
        if (isActive())
        {
            throw new IllegalStateException("transaction in use: state=" + state);
        }
        this.listener = listener;
        this.peer = peer;
        this.state = initial;
    }

    /**
     * Sends a message and keeps it for retransmission, releasing the one kept before.
     *
     * @param toSend the encoded message; the transaction owns it from now on.
     */
    protected final void keepAndSend(final ByteBuf toSend)
    {
        releaseMessage();
        message = toSend;
        transmitter.transmit(toSend, peer);
    }

    /**
     * Sends the kept message again, if there is one.
     */
    protected final void resend()
    {
        if (message != null)
        {
            transmitter.transmit(message, peer);
        }
    }

    /**
     * Arms the retransmission timer (A, E or G).
     *
     * @param nowNs      the loop's clock reading.
     * @param intervalNs when it fires; remembered so the next interval can double.
     */
    protected final void startRetransmitting(final long nowNs, final long intervalNs)
    {
        retransmitIntervalNs = intervalNs;
        wheel.schedule(retransmitTimer, nowNs + intervalNs);
    }

    /**
     * Arms the timeout timer (B, D, F, H, I, J, K, L or M).
     *
     * @param nowNs   the loop's clock reading.
     * @param afterNs when it fires.
     */
    protected final void startTimeout(final long nowNs, final long afterNs)
    {
        wheel.schedule(timeoutTimer, nowNs + afterNs);
    }

    /**
     * Tells the transaction user of a timeout, then terminates.
     */
    protected final void timeOut()
    {
        final TransactionListener toTell = listener;
        toTell.onTimeout(this);
        terminate();
    }

    /**
     * Releases what a subclass holds beyond the retransmitted message; called on termination.
     */
    protected void onTerminate()
    {
    }

    /**
     * The retransmission timer fired.
     *
     * @param nowNs the loop's clock reading.
     */
    protected abstract void onRetransmitTimer(long nowNs);

    /**
     * The timeout timer fired.
     *
     * @param nowNs the loop's clock reading.
     */
    protected abstract void onTimeoutTimer(long nowNs);

    /**
     * Releases the kept message once nothing will be resent.
     */
    protected final void releaseMessage()
    {
        if (message != null)
        {
            message.release();
            message = null;
        }
    }
}
