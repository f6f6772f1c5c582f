package io.softswitch.signaling.codec;

/**
 * What one call of {@link SipParser} produced.
 */
public enum SipParseResult
{
    /** A whole message was parsed into the {@link SipMessage}; {@link SipMessage#length()} bytes were used. */
    MESSAGE,
    /** Stream framing only: the bytes so far are a valid beginning; wait for more and parse again. */
    INCOMPLETE,
    /** The bytes are not an acceptable message; {@link SipMessage#error()} says why and where. */
    ERROR
}
