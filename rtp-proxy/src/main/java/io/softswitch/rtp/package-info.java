/**
 * The RTP relay: anchors each stream of a call on two port pairs of a configured range, latches
 * to each side's real source (RFC 7362) and relays only from it, measures loss, jitter and an
 * estimated MOS per direction, and raises media timeout and one-way audio.
 *
 * <p>{@link io.softswitch.rtp.MediaRelay} is the entry point (the conductor); the relay threads
 * and the Linux system calls they batch are in {@code io.softswitch.rtp.internal}.
 */
package io.softswitch.rtp;
