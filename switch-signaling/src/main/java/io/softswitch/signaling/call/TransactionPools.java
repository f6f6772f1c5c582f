package io.softswitch.signaling.call;

import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.transaction.InviteClientTransaction;
import io.softswitch.signaling.transaction.InviteServerTransaction;
import io.softswitch.signaling.transaction.NonInviteClientTransaction;
import io.softswitch.signaling.transaction.NonInviteServerTransaction;
import io.softswitch.signaling.transaction.TimerWheel;
import io.softswitch.signaling.transaction.Transaction;
import io.softswitch.signaling.transaction.Transmitter;

import java.util.ArrayDeque;

/**
 * The four kinds of transaction of one loop, pooled: a terminated transaction comes back here and
 * is started again for the next request, so transactions are only made while the pools grow.
 */
final class TransactionPools
{
    private final ArrayDeque<InviteServerTransaction> inviteServers = new ArrayDeque<>();
    private final ArrayDeque<InviteClientTransaction> inviteClients = new ArrayDeque<>();
    private final ArrayDeque<NonInviteServerTransaction> nonInviteServers = new ArrayDeque<>();
    private final ArrayDeque<NonInviteClientTransaction> nonInviteClients = new ArrayDeque<>();
    private final TimerWheel wheel;
    private final Transmitter transmitter;
    private final SipTimers timers;

    TransactionPools(final TimerWheel wheel, final Transmitter transmitter, final SipTimers timers)
    {
        this.wheel = wheel;
        this.transmitter = transmitter;
        this.timers = timers;
    }

    InviteServerTransaction inviteServer()
    {
        final InviteServerTransaction txn = inviteServers.pollLast();
        return txn != null ? txn : new InviteServerTransaction(wheel, transmitter, timers);
    }

    InviteClientTransaction inviteClient()
    {
        final InviteClientTransaction txn = inviteClients.pollLast();
        return txn != null ? txn : new InviteClientTransaction(wheel, transmitter, timers);
    }

    NonInviteServerTransaction nonInviteServer()
    {
        final NonInviteServerTransaction txn = nonInviteServers.pollLast();
        return txn != null ? txn : new NonInviteServerTransaction(wheel, transmitter, timers);
    }

    NonInviteClientTransaction nonInviteClient()
    {
        final NonInviteClientTransaction txn = nonInviteClients.pollLast();
        return txn != null ? txn : new NonInviteClientTransaction(wheel, transmitter, timers);
    }

    /**
     * Takes back a terminated transaction.
     *
     * @param transaction the transaction.
     */
    void recycle(final Transaction transaction)
    {
        switch (transaction)
        {
            case InviteServerTransaction txn -> inviteServers.addLast(txn);
            case InviteClientTransaction txn -> inviteClients.addLast(txn);
            case NonInviteServerTransaction txn -> nonInviteServers.addLast(txn);
            case NonInviteClientTransaction txn -> nonInviteClients.addLast(txn);
            default -> throw new IllegalArgumentException("unknown transaction: " + transaction.getClass());
        }
    }
}
