package io.softswitch.signaling.codec;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SipMessageHandler} that records what it was given as text (the message view and its
 * buffer are only valid during the call), and optionally closes the channel on errors as the
 * core does over streams.
 */
final class RecordingHandler implements SipMessageHandler
{
    final List<String> messages = new ArrayList<>();
    final List<SipParseError> errors = new ArrayList<>();
    final List<Integer> errorCodes = new ArrayList<>();
    final List<InetSocketAddress> senders = new ArrayList<>();
    private final boolean closeOnError;

    RecordingHandler(final boolean closeOnError)
    {
        this.closeOnError = closeOnError;
    }

    @Override
    public void onMessage(final SipMessage message, final InetSocketAddress sender, final Channel channel)
    {
        messages.add(MessageSnapshot.routingFields(message));
        senders.add(sender);
    }

    @Override
    public void onMalformed(final SipMessage message, final SipParseError error, final InetSocketAddress sender,
        final Channel channel)
    {
        errors.add(error);
        errorCodes.add(message.errorResponseCode());
        senders.add(sender);
        if (closeOnError)
        {
            channel.close();
        }
    }
}
