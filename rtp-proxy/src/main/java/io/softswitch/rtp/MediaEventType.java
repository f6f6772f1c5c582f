package io.softswitch.rtp;

/**
 * Conditions the relay raises about a stream, once each per stream.
 */
public final class MediaEventType
{
    /** No packet from either side for the media timeout (the hold timeout when on hold). */
    public static final int MEDIA_TIMEOUT = 1;
    /**
     * Packets from one side only for the one-way timeout; the event's side is the silent one.
     */
    public static final int ONE_WAY_AUDIO = 2;

    private MediaEventType()
    {
    }

    /**
     * A name for logs.
     *
     * @param type the type.
     * @return its name.
     */
    public static String name(final int type)
    {
        return switch (type)
        {
            case MEDIA_TIMEOUT -> "media_timeout";
            case ONE_WAY_AUDIO -> "one_way_audio";
            default -> "unknown";
        };
    }
}
