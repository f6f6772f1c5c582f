package io.softswitch.signaling.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * Receives what {@link SipDatagramDecoder} and {@link SipStreamDecoder} parse: the core
 * implements it and decides what happens next (dispatch, answer, drop, close).
 * <p>
 * Called on the channel's event loop. The {@link SipMessage} is the decoder's reusable view and
 * its buffer is released or reused when the call returns: keep nothing from it without copying
 * (or retaining {@link SipMessage#buffer()}).
 */
public interface SipMessageHandler
{
    /**
     * A message parsed.
     *
     * @param message the parsed message.
     * @param sender  where it came from (the datagram's sender, or the connection's peer).
     * @param channel the channel it arrived on (to answer on).
     */
    void onMessage(SipMessage message, InetSocketAddress sender, Channel channel);

    /**
     * Bytes that are not an acceptable message arrived. {@link SipMessage#errorResponseCode()} is
     * the response to send (0: send none); over a stream the decoder discards everything after
     * the error and the handler is expected to close the connection (RFC 3261 §18.3: framing is
     * lost).
     *
     * @param message what could be parsed, with {@link SipMessage#error()} and
     *                {@link SipMessage#errorOffset()}.
     * @param error   why the bytes were refused (same as {@code message.error()}).
     * @param sender  where they came from.
     * @param channel the channel they arrived on.
     */
    void onMalformed(SipMessage message, SipParseError error, InetSocketAddress sender, Channel channel);

    /**
     * A datagram arrived, not parsed yet: the handler may take it to be parsed elsewhere (on the
     * event loop that owns its call), copying what it keeps: the bytes are reused once this
     * returns.
     *
     * @param datagram the bytes; released or overwritten by the caller after this returns.
     * @param index    where the message starts.
     * @param length   its length.
     * @param sender   where it came from.
     * @param channel  the channel it arrived on.
     * @return true when the handler took the datagram and it must not be parsed here.
     */
    default boolean handOver(final ByteBuf datagram, final int index, final int length, final InetSocketAddress sender,
        final Channel channel)
    {
        return false;
    }
}
