/**
 * Where SIP messages go on the wire: peers (UDP address and socket, or TCP connection), the
 * per-loop transport that batches writes and flushes once per batch, and outbound TCP
 * connections to vendors.
 */
package io.softswitch.signaling.transport;
