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
     * The first half of a turn: waits up to {@code waitMs} for datagrams or the wake-up signal.
     * What arrived is relayed by {@link #relay}; the thread applies the commands that came during
     * the wait in between.
     *
     * @param waitMs longest wait, 0 to poll.
     */
    void await(int waitMs);

    /**
     * The second half of a turn: relays what the last {@link #await} found.
     *
     * @param nowNs the clock of this turn.
     * @return datagrams received.
     */
    int relay(long nowNs);

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
