package io.softswitch.rtp.internal;

/**
 * How one relay thread moves datagrams: waits for its sockets, receives what arrived, has the
 * {@link PacketForwarder} decide each datagram's fate and sends it on. Two implementations,
 * chosen by configuration: {@link EpollRelayIo} ({@code epoll_wait}, {@code recvmmsg} and
 * {@code sendmmsg} per socket) and {@link UringRelayIo} (one {@code io_uring_enter} per turn).
 * Owned and called by its relay thread only.
 */
interface RelayIo
{
    /**
     * Starts receiving on a stream's four sockets.
     *
     * @param stream the stream, with its descriptors set.
     */
    void watch(RelayStream stream);

    /**
     * Stops receiving on a stream's sockets before the conductor closes them.
     *
     * @param stream the stream.
     */
    void unwatch(RelayStream stream);

    /**
     * One turn: waits up to {@code waitMs} for datagrams or the wake-up signal, relays what came.
     *
     * @param nowNs  the clock of this turn.
     * @param waitMs longest wait, 0 to poll.
     * @return datagrams received.
     */
    int turn(long nowNs, int waitMs);

    /**
     * Whether a waiting turn already coalesces (returns once the configured interval has passed).
     *
     * @return true when it does.
     */
    boolean coalesces();

    /**
     * Datagrams that did not fit a full socket buffer when sent on.
     *
     * @return the count.
     */
    long sendDrops();

    /**
     * Datagrams that were neither RTP nor RTCP version 2.
     *
     * @return the count.
     */
    long malformed();

    /**
     * Releases the backend's kernel objects; the sockets belong to the conductor.
     */
    void close();
}
