package io.softswitch.benchmarks.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal client of rtpengine's ng control protocol (bencoded dictionaries over UDP, each
 * request prefixed by a cookie): offer, answer and delete with plain SDP, enough to anchor a call
 * for the load generator.
 */
final class NgClient implements AutoCloseable
{
    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private long cookie;

    NgClient(final InetSocketAddress server) throws IOException
    {
        this.server = server;
        this.socket = new DatagramSocket();
        this.socket.setSoTimeout(2_000);
    }

    /**
     * Offers one side's media and returns the port rtpengine gives the other side.
     */
    int offer(final String callId, final String fromTag, final int port) throws IOException
    {
        return command("offer", callId, fromTag, null, port);
    }

    /**
     * Answers with the other side's media and returns the port rtpengine gives the offering side.
     */
    int answer(final String callId, final String fromTag, final String toTag, final int port) throws IOException
    {
        return command("answer", callId, fromTag, toTag, port);
    }

    void delete(final String callId, final String fromTag) throws IOException
    {
        final String body = "d7:command6:delete" + string("call-id") + string(callId) + string("from-tag")
            + string(fromTag) + "e";
        exchange(body);
    }

    private int command(final String command, final String callId, final String fromTag, final String toTag,
        final int port) throws IOException
    {
        final String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio " + port + " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
        final StringBuilder body = new StringBuilder("d")
            .append(string("call-id")).append(string(callId))
            .append(string("command")).append(string(command))
            .append(string("from-tag")).append(string(fromTag))
            .append(string("sdp")).append(string(sdp));
        if (toTag != null)
        {
            body.append(string("to-tag")).append(string(toTag));
        }
        body.append('e');
        final String reply = exchange(body.toString());
        final Matcher matcher = AUDIO_PORT.matcher(reply);
        if (!reply.contains("6:result2:ok") || !matcher.find())
        {
            throw new IOException("rtpengine refused " + command + ": " + reply);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static String string(final String value)
    {
        return value.getBytes(StandardCharsets.US_ASCII).length + ":" + value;
    }

    private String exchange(final String body) throws IOException
    {
        final String id = Long.toString(++cookie);
        final byte[] request = (id + " " + body).getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            socket.send(new DatagramPacket(request, request.length, server));
            final DatagramPacket response = new DatagramPacket(new byte[65_536], 65_536);
            try
            {
                while (true)
                {
                    socket.receive(response);
                    final String text = new String(response.getData(), 0, response.getLength(), StandardCharsets.US_ASCII);
                    if (text.startsWith(id + " "))
                    {
                        return text.substring(id.length() + 1);
                    }
                }
            }
            catch (final SocketTimeoutException ex)
            {
                // retransmit, as the ng protocol expects of a client
            }
        }
        throw new IOException("rtpengine does not answer at " + server);
    }

    @Override
    public void close()
    {
        socket.close();
    }
}
