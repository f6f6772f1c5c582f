package io.softswitch.signaling.codec;

/**
 * Size limits the SIP parser enforces, so that no peer can make us buffer or scan without bound.
 *
 * @param maxStartLineBytes request or status line, without CRLF; a longer request line is
 *                          answered 414 when the Request-URI is what is long, else 400.
 * @param maxHeaderBytes    all header lines together, folding included; above it 400 (UDP) or the
 *                          connection is closed (TCP).
 * @param maxHeaderCount    header lines; above it 400.
 * @param maxBodyBytes      Content-Length; above it 413.
 */
public record SipLimits(int maxStartLineBytes, int maxHeaderBytes, int maxHeaderCount, int maxBodyBytes)
{
    /** Limits that fit any sane carrier's traffic while bounding the work per message. */
    public static final SipLimits DEFAULT = new SipLimits(4_096, 16_384, 128, 65_536);

    /**
     * Validates the limits.
     */
    public SipLimits
    {
        if (maxStartLineBytes < 32 || maxHeaderBytes < 256 || maxHeaderCount < 8 || maxBodyBytes < 0)
        {
            throw new IllegalArgumentException("limits too small: maxStartLineBytes=" + maxStartLineBytes +
                " maxHeaderBytes=" + maxHeaderBytes + " maxHeaderCount=" + maxHeaderCount +
                " maxBodyBytes=" + maxBodyBytes);
        }
    }
}
