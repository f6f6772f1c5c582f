/**
 * The SIP wire format (RFC 3261 §7, §20, §25; RFC 5118 for IPv6): parsing in place on Netty
 * buffers, writing without intermediate strings, and the UDP and TCP framings.
 * <p>
 * How the pieces fit:
 * <pre>
 *   datagram bytes --&gt; SipDatagramDecoder --+   (transport.DatagramReceiver's batches, or a
 *                                           |    Netty DatagramPacket where epoll is missing)
 *                                           +--&gt; SipParser --fills--&gt; SipMessage (flyweight)
 *   ByteBuf stream --&gt; SipStreamDecoder ----+                              |
 *                                                                        v
 *                         SipMessageHandler.onMessage / onMalformed (the core decides)
 *                                                                        |
 *                 SipRequestValidator: 0 or the refusal code (400/416/420/415/406/483)
 *                                                                        |
 *                 SipMessageWriter: responses to requests, new requests, canonical re-encoding
 * </pre>
 * {@code SipMessage} is one flyweight in three layers, one file each: {@code SipMessageFrame}
 * (buffer, header lines as framed, body, parse error), {@code SipRoutingHeaders} (the headers
 * parsed further: Via, tags, Call-ID, CSeq, ...) and {@code SipMessage} (start line,
 * Request-URI). {@code SipMessageWriter} writes start lines, header lines and message ends over
 * {@code HeaderValueWriter}, which writes the pieces of a value.
 * <p>
 * Nothing here allocates per message in steady state: one parser, one {@link
 * io.softswitch.signaling.codec.SipMessage}, one validator and one writer per event loop,
 * reused for every message. Limits come from {@link io.softswitch.signaling.codec.SipLimits}.
 */
package io.softswitch.signaling.codec;
