package io.softswitch.rtp;

/**
 * The SDP direction attribute of a media line (RFC 4566 §6, RFC 3264 §5.1), as the relay needs
 * it: a side that sends nothing on purpose puts the stream on hold, and the longer hold timeout
 * applies.
 */
public final class MediaDirection
{
    /** {@code a=sendrecv}, or no attribute. */
    public static final int SENDRECV = 0;
    /** {@code a=sendonly}. */
    public static final int SENDONLY = 1;
    /** {@code a=recvonly}. */
    public static final int RECVONLY = 2;
    /** {@code a=inactive}, or a connection address of 0.0.0.0 (RFC 2543 hold). */
    public static final int INACTIVE = 3;

    private MediaDirection()
    {
    }
}
