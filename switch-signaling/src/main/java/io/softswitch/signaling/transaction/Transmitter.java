package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.transport.SipPeer;

/**
 * How transactions put a message on the wire; implemented by the transport of the owning loop.
 */
public interface Transmitter
{
    /**
     * Sends a whole encoded message. The caller keeps its reference to {@code message}: an
     * implementation that queues it takes its own (a retained duplicate).
     *
     * @param message the encoded message, readable bytes only.
     * @param peer    where it goes.
     */
    void transmit(ByteBuf message, SipPeer peer);
}
