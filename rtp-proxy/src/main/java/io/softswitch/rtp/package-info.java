/**
 * The RTP relay: port pairs, latching, relay threads, loss/jitter/MOS and RTP timeout.
 * Filled by the media issue; until then the switch passes SDP through unchanged.
 */
package io.softswitch.rtp;
