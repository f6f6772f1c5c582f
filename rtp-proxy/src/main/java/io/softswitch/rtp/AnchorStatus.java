package io.softswitch.rtp;

/**
 * What the relay answered to an offer or an answer. Signaling maps each to a SIP response:
 * {@link #NO_PORTS} and {@link #NO_CAPACITY} to 503 (the switch is out of a resource, try another
 * switch), {@link #NOT_ANCHORABLE} to 488 (this offer cannot be relayed here).
 */
public final class AnchorStatus
{
    /** Anchored: the reply holds the relay's ports. */
    public static final int OK = 0;
    /** Every port pair of the range is in use or in quarantine. */
    public static final int NO_PORTS = 1;
    /** The relay threads hold as many sessions as they were sized for. */
    public static final int NO_CAPACITY = 2;
    /** The offer cannot be anchored: an address family the relay does not serve, too many media. */
    public static final int NOT_ANCHORABLE = 3;
    /** An answer, or an update, for a stream the relay does not know. */
    public static final int UNKNOWN_STREAM = 4;
    /** The relay did not answer in time (only the remote control client reports this). */
    public static final int NO_RELAY = 5;

    private AnchorStatus()
    {
    }

    /**
     * The SIP status code a call gets for a refusal.
     *
     * @param status one of these constants, not {@link #OK}.
     * @return 503 or 488.
     */
    public static int sipStatus(final int status)
    {
        return status == NOT_ANCHORABLE || status == UNKNOWN_STREAM ? 488 : 503;
    }

    /**
     * A name for logs and metrics.
     *
     * @param status the status.
     * @return its name.
     */
    public static String name(final int status)
    {
        return switch (status)
        {
            case OK -> "ok";
            case NO_PORTS -> "no_ports";
            case NO_CAPACITY -> "no_capacity";
            case NOT_ANCHORABLE -> "not_anchorable";
            case UNKNOWN_STREAM -> "unknown_stream";
            case NO_RELAY -> "no_relay";
            default -> "unknown";
        };
    }
}
