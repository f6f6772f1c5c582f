package io.softswitch.signaling.sdp;

/**
 * The {@code o=} line one leg of the B2BUA sends (RFC 4566 §5.2): our own session id for that leg,
 * and a version that goes up by one each time the SDP sent on the leg changes, and only then
 * (RFC 3264 §8: a re-offer of the same SDP keeps the version). One per leg, owned by the call's
 * event loop.
 */
public final class SdpOrigin
{
    private long sessionId;
    private long version = -1;
    private long lastDigest;

    /**
     * Starts a leg's origin.
     *
     * @param id the session id, any non-negative number (for example from the call's reference).
     * @return this.
     */
    public SdpOrigin reset(final long id)
    {
        this.sessionId = id & Long.MAX_VALUE;
        this.version = -1;
        this.lastDigest = 0;
        return this;
    }

    /**
     * The version for SDP whose content (everything but {@code o=}) has this digest.
     *
     * @param digest the content's digest.
     * @return the version to send.
     */
    long versionFor(final long digest)
    {
        if (version < 0)
        {
            version = 1;
        }
        else if (digest != lastDigest)
        {
            version++;
        }
        lastDigest = digest;
        return version;
    }

    /** @return the session id. */
    public long sessionId()
    {
        return sessionId;
    }

    /** @return the version last sent, -1 before the first. */
    public long version()
    {
        return version;
    }
}
