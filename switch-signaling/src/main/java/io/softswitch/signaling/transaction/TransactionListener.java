package io.softswitch.signaling.transaction;

/**
 * The transaction user (RFC 3261 §17): told when a transaction times out and when it ends, so
 * that it can fail over, tear down and recycle.
 */
public interface TransactionListener
{
    /**
     * A timeout the transaction user must act on: Timer B or F (no final response: treat as 408,
     * RFC 3261 §17.1.1.2, §17.1.2.2), Timer H (no ACK for a final response, §17.2.1) or the end
     * of 2xx retransmissions without an ACK (§13.3.1.4).
     *
     * @param transaction the transaction.
     */
    void onTimeout(Transaction transaction);

    /**
     * The transaction reached the Terminated state and holds no buffer or timer any more.
     *
     * @param transaction the transaction.
     */
    void onTerminated(Transaction transaction);
}
