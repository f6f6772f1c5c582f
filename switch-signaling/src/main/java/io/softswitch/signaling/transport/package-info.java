/**
 * SIP messages on the wire: the batched UDP receive path of each loop ({@code recvmmsg(2)} into
 * memory allocated once, one reused address object per peer), peers (UDP address and socket, or
 * TCP connection), the per-loop transport that sends datagrams straight to the kernel and
 * flushes the rest once per batch, and outbound TCP connections to vendors.
 */
package io.softswitch.signaling.transport;
