package io.softswitch.signaling.transport;

/**
 * What TCP connections to the switch may cost (RFC 5923 §11 and RFC 3261 §26.1.5 leave it to the
 * server): how many are kept at all and from one source address, how long one may be silent, how
 * long one message may take to arrive once it has begun (slowloris), and how long a connection
 * from an address that is no trunk of ours is kept.
 *
 * @param maxConnections          connections accepted at once, all sources together.
 * @param maxConnectionsPerSource connections accepted at once from one source address.
 * @param idleTimeoutMs           a connection of a trunk that sends nothing (not even a CRLF
 *                                keep-alive) for this long is closed.
 * @param messageTimeoutMs        a message begun must be complete within this, else the
 *                                connection is closed.
 * @param unknownSourceTimeoutMs  a connection from an address that is no trunk is closed after
 *                                this much silence (and at once after its 403).
 */
public record TcpLimits(int maxConnections, int maxConnectionsPerSource, long idleTimeoutMs, long messageTimeoutMs,
    long unknownSourceTimeoutMs)
{
    /** 10,000 connections, 200 per source, 5 minutes idle, 10 s per message, 5 s for strangers. */
    public static final TcpLimits DEFAULT = new TcpLimits(10_000, 200, 300_000, 10_000, 5_000);

    /**
     * Validates the limits.
     */
    public TcpLimits
    {
        if (maxConnections < 1 || maxConnectionsPerSource < 1 || idleTimeoutMs < 1 || messageTimeoutMs < 1 ||
            unknownSourceTimeoutMs < 1)
        {
            throw new IllegalArgumentException("TCP limits must be positive: maxConnections=" + maxConnections +
                " maxConnectionsPerSource=" + maxConnectionsPerSource + " idleTimeoutMs=" + idleTimeoutMs +
                " messageTimeoutMs=" + messageTimeoutMs + " unknownSourceTimeoutMs=" + unknownSourceTimeoutMs);
        }
    }

    /**
     * How often a connection's timers are looked at: a quarter of the shortest, between 10 ms and 1 s.
     *
     * @return milliseconds.
     */
    public long checkIntervalMs()
    {
        final long shortest = Math.min(idleTimeoutMs, Math.min(messageTimeoutMs, unknownSourceTimeoutMs));
        return Math.clamp(shortest / 4, 10, 1_000);
    }
}
