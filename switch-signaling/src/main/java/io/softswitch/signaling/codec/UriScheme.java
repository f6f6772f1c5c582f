package io.softswitch.signaling.codec;

/**
 * The scheme of a Request-URI: the three a switch routes (RFC 3261 §19.1, RFC 3966) and
 * {@link #OTHER}.
 */
public enum UriScheme
{
    /** {@code sip:} (RFC 3261 §19.1). */
    SIP,
    /** {@code sips:} (RFC 3261 §19.1). */
    SIPS,
    /** {@code tel:} (RFC 3966). */
    TEL,
    /** Any other scheme; a switch answers 416 (RFC 3261 §8.2.2.1). */
    OTHER
}
