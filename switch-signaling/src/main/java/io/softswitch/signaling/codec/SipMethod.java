package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A SIP request method (RFC 3261 §7.1, §27.4): the ones a Class 4 switch meets, and
 * {@link #EXTENSION} for any other token.
 * <p>
 * Methods are case-sensitive (RFC 3261 §7.1), so {@code invite} is an extension, not {@link #INVITE}.
 */
public enum SipMethod
{
    /** Starts a session (RFC 3261 §13). */
    INVITE("INVITE"),
    /** Acknowledges a final response to INVITE (RFC 3261 §17). */
    ACK("ACK"),
    /** Ends a session (RFC 3261 §15). */
    BYE("BYE"),
    /** Cancels a pending request (RFC 3261 §9). */
    CANCEL("CANCEL"),
    /** Queries capabilities; also our keep-alive probe toward vendors (RFC 3261 §11). */
    OPTIONS("OPTIONS"),
    /** Registers a binding (RFC 3261 §10); a Class 4 switch does not register. */
    REGISTER("REGISTER"),
    /** Acknowledges a reliable provisional response (RFC 3262). */
    PRACK("PRACK"),
    /** Updates session parameters before the final response (RFC 3311). */
    UPDATE("UPDATE"),
    /** Carries mid-call application information (RFC 6086). */
    INFO("INFO"),
    /** Asks the recipient to refer to a resource (RFC 3515). */
    REFER("REFER"),
    /** Subscribes to an event package (RFC 6665). */
    SUBSCRIBE("SUBSCRIBE"),
    /** Notifies an event (RFC 6665). */
    NOTIFY("NOTIFY"),
    /** Publishes event state (RFC 3903). */
    PUBLISH("PUBLISH"),
    /** Carries an instant message (RFC 3428). */
    MESSAGE("MESSAGE"),
    /** Any other method token; its text is in the message's method bytes. */
    EXTENSION("");

    private static final SipMethod[] VALUES = values();

    private final String token;
    private final byte[] bytes;

    SipMethod(final String token)
    {
        this.token = token;
        this.bytes = token.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The method token as sent on the wire ({@code ""} for {@link #EXTENSION}).
     *
     * @return the token.
     */
    public String token()
    {
        return token;
    }

    /**
     * The method token as ASCII bytes; callers must not modify the array.
     *
     * @return the token bytes (empty for {@link #EXTENSION}).
     */
    byte[] bytes()
    {
        return bytes;
    }

    /**
     * Looks a method up by its bytes in a buffer, without allocating.
     *
     * @param buffer the buffer.
     * @param offset where the token starts.
     * @param length the token's length.
     * @return the method, {@link #EXTENSION} when the token is no method we know.
     */
    public static SipMethod lookup(final ByteBuf buffer, final int offset, final int length)
    {
        for (final SipMethod method : VALUES)
        {
            final byte[] candidate = method.bytes;
            if (candidate.length == length && length > 0 && SipBytes.equals(buffer, offset, candidate))
            {
                return method;
            }
        }
        return EXTENSION;
    }
}
