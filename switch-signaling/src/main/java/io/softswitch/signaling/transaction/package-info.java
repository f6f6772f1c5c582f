/**
 * The SIP transaction layer (RFC 3261 §17, RFC 6026): INVITE and non-INVITE, client and server
 * state machines over a per-loop {@link io.softswitch.signaling.transaction.TimerWheel}, reusable
 * and free of allocation once pooled. Unreliable transports get timers A, E, G and the waiting
 * timers D, I, J, K; reliable ones do not retransmit and wait zero.
 */
package io.softswitch.signaling.transaction;
