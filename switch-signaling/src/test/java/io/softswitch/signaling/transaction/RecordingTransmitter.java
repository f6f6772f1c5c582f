package io.softswitch.signaling.transaction;

import io.netty.buffer.ByteBuf;
import io.softswitch.signaling.transport.SipPeer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A transmitter that records what it was asked to send, as text.
 */
final class RecordingTransmitter implements Transmitter
{
    final List<String> sent = new ArrayList<>();

    @Override
    public void transmit(final ByteBuf message, final SipPeer peer)
    {
        sent.add(message.toString(StandardCharsets.US_ASCII));
    }
}
