/**
 * The switch's side of media anchoring: {@link io.softswitch.signaling.media.MediaPlane} tells
 * which trunks are anchored through the relay and with what codec policy; the calls use it
 * through their event loop's control client.
 */
package io.softswitch.signaling.media;
