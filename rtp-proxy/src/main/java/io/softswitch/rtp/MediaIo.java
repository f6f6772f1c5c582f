package io.softswitch.rtp;

/**
 * How the relay threads move datagrams through the kernel (configuration {@code media.io}, a
 * media node's {@code --io}); see docs/media.md, "The relay's I/O backends".
 */
public enum MediaIo
{
    /** {@code epoll_wait}, then {@code recvmmsg(2)} and {@code sendmmsg(2)} per socket. */
    EPOLL,
    /**
     * One {@code io_uring} per relay thread: multishot {@code recvmsg} on every socket into a
     * provided-buffer ring, sends as submission entries, one {@code io_uring_enter} per turn. Where
     * the kernel refuses the ring, the relay thread falls back to {@link #EPOLL} and logs it.
     */
    IO_URING;

    /**
     * Parses a configured name: {@code epoll} or {@code io_uring}.
     *
     * @param name the name.
     * @return the backend.
     */
    public static MediaIo parse(final String name)
    {
        return switch (name)
        {
            case "epoll" -> EPOLL;
            case "io_uring" -> IO_URING;
            default -> throw new IllegalArgumentException("media io must be epoll or io_uring, was " + name);
        };
    }
}
