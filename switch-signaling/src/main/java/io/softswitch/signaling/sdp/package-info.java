/**
 * SDP for the B2BUA's media anchoring: {@link io.softswitch.signaling.sdp.SdpSession} reads an
 * offer or answer in place, {@link io.softswitch.signaling.sdp.SdpRewriter} writes it for the
 * other leg with the relay's address and ports, this leg's own {@code o=} line and the trunk's
 * {@link io.softswitch.signaling.sdp.CodecPolicy}. No transcoding: codecs are kept or removed,
 * never converted.
 */
package io.softswitch.signaling.sdp;
