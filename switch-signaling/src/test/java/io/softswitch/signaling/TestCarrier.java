package io.softswitch.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A carrier on loopback for integration tests: a UDP socket or a TCP connection that sends SIP
 * text and reads whole messages back, with helpers to build requests and responses.
 */
final class TestCarrier implements AutoCloseable
{
    private static final int RECEIVE_TIMEOUT_MS = 5_000;

    private final DatagramSocket udp;
    private final ServerSocket tcpServer;
    private Socket tcp;
    private final byte[] buffer = new byte[65_536];
    private final StringBuilder stream = new StringBuilder();
    private InetSocketAddress lastSender;
    private int callCounter;

    private TestCarrier(final DatagramSocket udp, final ServerSocket tcpServer)
    {
        this.udp = udp;
        this.tcpServer = tcpServer;
    }

    static TestCarrier udp(final String host) throws IOException
    {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
        socket.setSoTimeout(RECEIVE_TIMEOUT_MS);
        return new TestCarrier(socket, null);
    }

    static TestCarrier tcpListener(final String host) throws IOException
    {
        final ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName(host));
        server.setSoTimeout(RECEIVE_TIMEOUT_MS);
        return new TestCarrier(null, server);
    }

    static TestCarrier tcpClient(final String host, final int port) throws IOException
    {
        final TestCarrier carrier = new TestCarrier(null, null);
        carrier.tcp = new Socket(InetAddress.getByName(host), port);
        carrier.tcp.setSoTimeout(RECEIVE_TIMEOUT_MS);
        return carrier;
    }

    int port()
    {
        if (udp != null)
        {
            return udp.getLocalPort();
        }
        return tcpServer != null ? tcpServer.getLocalPort() : tcp.getLocalPort();
    }

    String host()
    {
        if (udp != null)
        {
            return udp.getLocalAddress().getHostAddress();
        }
        return tcpServer != null ? tcpServer.getInetAddress().getHostAddress() : tcp.getLocalAddress().getHostAddress();
    }

    String transport()
    {
        return udp != null ? "UDP" : "TCP";
    }

    void send(final String message, final int port) throws IOException
    {
        final byte[] bytes = crlf(message).getBytes(StandardCharsets.UTF_8);
        if (udp != null)
        {
            udp.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
            return;
        }
        connection().getOutputStream().write(bytes);
        connection().getOutputStream().flush();
    }

    void reply(final String message) throws IOException
    {
        final byte[] bytes = crlf(message).getBytes(StandardCharsets.UTF_8);
        if (udp != null)
        {
            udp.send(new DatagramPacket(bytes, bytes.length, lastSender));
            return;
        }
        final OutputStream out = connection().getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /**
     * The next message, failing when none comes within five seconds.
     */
    String receive() throws IOException
    {
        if (udp != null)
        {
            final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            udp.receive(packet);
            lastSender = (InetSocketAddress)packet.getSocketAddress();
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        }
        final InputStream in = connection().getInputStream();
        while (true)
        {
            final String message = takeFramed();
            if (message != null)
            {
                return message;
            }
            final int read = in.read(buffer);
            if (read < 0)
            {
                throw new IOException("connection closed");
            }
            stream.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
    }

    /**
     * The next message whose first line starts with the prefix, skipping others (retransmissions,
     * 100 Trying).
     */
    String receive(final String firstLinePrefix) throws IOException
    {
        final long deadline = System.nanoTime() + RECEIVE_TIMEOUT_MS * 1_000_000L;
        while (System.nanoTime() - deadline < 0)
        {
            final String message = receive();
            if (message.startsWith(firstLinePrefix))
            {
                return message;
            }
        }
        throw new SocketTimeoutException("no message starting with " + firstLinePrefix);
    }

    /**
     * The next response with the status prefix to a request of the method, skipping others.
     */
    String receiveResponse(final String statusPrefix, final String method) throws IOException
    {
        final long deadline = System.nanoTime() + RECEIVE_TIMEOUT_MS * 1_000_000L;
        while (System.nanoTime() - deadline < 0)
        {
            final String message = receive(statusPrefix);
            final String cseq = header(message, "CSeq", null);
            if (cseq != null && cseq.endsWith(" " + method))
            {
                return message;
            }
        }
        throw new SocketTimeoutException("no " + statusPrefix + " to " + method);
    }

    /**
     * Every message that arrives within the time, for asserting what did (not) come.
     */
    List<String> drain(final int millis) throws IOException
    {
        final List<String> messages = new ArrayList<>();
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        final int saved = udp != null ? udp.getSoTimeout() : connection().getSoTimeout();
        try
        {
            while (true)
            {
                final long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0)
                {
                    return messages;
                }
                if (udp != null)
                {
                    udp.setSoTimeout((int)leftMs);
                }
                else
                {
                    connection().setSoTimeout((int)leftMs);
                }
                try
                {
                    messages.add(receive());
                }
                catch (final SocketTimeoutException ex)
                {
                    return messages;
                }
            }
        }
        finally
        {
            if (udp != null)
            {
                udp.setSoTimeout(saved);
            }
            else
            {
                connection().setSoTimeout(saved);
            }
        }
    }

    private String takeFramed()
    {
        while (stream.length() >= 2 && stream.charAt(0) == '\r' && stream.charAt(1) == '\n')
        {
            stream.delete(0, 2);
        }
        final int headEnd = stream.indexOf("\r\n\r\n");
        if (headEnd < 0)
        {
            return null;
        }
        final String head = stream.substring(0, headEnd + 4);
        final String length = header(head, "Content-Length", "l");
        final int total = headEnd + 4 + (length == null ? 0 : Integer.parseInt(length.trim()));
        if (stream.length() < total)
        {
            return null;
        }
        final String message = stream.substring(0, total);
        stream.delete(0, total);
        return message;
    }

    private Socket connection() throws IOException
    {
        if (tcp == null)
        {
            tcp = tcpServer.accept();
            tcp.setSoTimeout(RECEIVE_TIMEOUT_MS);
        }
        return tcp;
    }

    /**
     * An INVITE from this carrier to the switch.
     */
    String invite(final String user, final int switchPort, final String callId)
    {
        final String sdp = "v=0\no=- 1 1 IN IP4 " + host() + "\ns=-\nc=IN IP4 " + host() +
            "\nt=0 0\nm=audio 40000 RTP/AVP 0\n";
        return "INVITE sip:" + user + "@127.0.0.1:" + switchPort + " SIP/2.0\n" +
            "Via: SIP/2.0/" + transport() + " " + host() + ":" + port() + ";branch=" + inviteBranch(callId) + "\n" +
            "Record-Route: <sip:proxy.customer.example;lr>\n" +
            "Max-Forwards: 70\n" +
            "From: \"Alice\" <sip:alice@" + host() + ">;tag=" + customerTag(callId) + "\n" +
            "To: <sip:" + user + "@127.0.0.1>\n" +
            "Call-ID: " + callId + "\n" +
            "CSeq: 1 INVITE\n" +
            "Contact: <sip:alice@" + host() + ":" + port() + ">\n" +
            "Content-Type: application/sdp\n" +
            "Content-Length: " + crlf(sdp).length() + "\n\n" + sdp;
    }

    static String inviteBranch(final String callId)
    {
        return "z9hG4bK-inv-" + callId.replace('@', '.');
    }

    static String customerTag(final String callId)
    {
        return "cust-tag-" + callId.replace('@', '.');
    }

    String nextCallId()
    {
        return "call-" + (++callCounter) + "-" + port() + "@customer.example";
    }

    /**
     * A request inside the dialog a 2xx (received by the caller) created.
     */
    String inDialog(final String method, final String answer, final int cseq, final int switchPort)
    {
        final String contact = uriOf(header(answer, "Contact", "m"));
        return method + " " + contact + " SIP/2.0\n" +
            "Via: SIP/2.0/" + transport() + " " + host() + ":" + port() + ";branch=z9hG4bK-" + method + "-" +
            System.nanoTime() + "\n" +
            "Max-Forwards: 70\n" +
            "From: " + header(answer, "From", "f") + "\n" +
            "To: " + header(answer, "To", "t") + "\n" +
            "Call-ID: " + header(answer, "Call-ID", "i") + "\n" +
            "CSeq: " + cseq + " " + method + "\n" +
            "Content-Length: 0\n\n";
    }

    /**
     * A request inside the dialog that a received INVITE created, sent by its callee.
     */
    String calleeRequest(final String method, final String invite, final String localTag, final int cseq)
    {
        return method + " " + uriOf(header(invite, "Contact", "m")) + " SIP/2.0\n" +
            "Via: SIP/2.0/" + transport() + " " + host() + ":" + port() + ";branch=z9hG4bK-" + method + "-" +
            System.nanoTime() + "\n" +
            "Max-Forwards: 70\n" +
            "From: " + header(invite, "To", "t") + ";tag=" + localTag + "\n" +
            "To: " + header(invite, "From", "f") + "\n" +
            "Call-ID: " + header(invite, "Call-ID", "i") + "\n" +
            "CSeq: " + cseq + " " + method + "\n" +
            "Content-Length: 0\n\n";
    }

    /**
     * A response to a received request.
     */
    String response(final String request, final int code, final String reason, final String toTag,
        final String extraHeaders, final String body)
    {
        final StringBuilder text = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(reason).append('\n');
        for (final String line : request.split("\r\n"))
        {
            if (line.startsWith("Via:") || line.startsWith("v:") || line.startsWith("From:") ||
                line.startsWith("Call-ID:") || line.startsWith("CSeq:") || line.startsWith("Record-Route:"))
            {
                text.append(line).append('\n');
            }
        }
        final String to = header(request, "To", "t");
        text.append("To: ").append(to);
        if (toTag != null && !to.contains("tag="))
        {
            text.append(";tag=").append(toTag);
        }
        text.append('\n');
        text.append("Contact: <sip:peer@").append(host()).append(':').append(port()).append(">\n");
        if (extraHeaders != null)
        {
            text.append(extraHeaders);
        }
        final String content = body == null ? "" : crlf(body);
        if (!content.isEmpty())
        {
            text.append("Content-Type: application/sdp\n");
        }
        text.append("Content-Length: ").append(content.length()).append("\n\n").append(body == null ? "" : body);
        return text.toString();
    }

    static String sdp(final String host)
    {
        return "v=0\no=- 2 2 IN IP4 " + host + "\ns=-\nc=IN IP4 " + host + "\nt=0 0\nm=audio 50000 RTP/AVP 0\n";
    }

    static int status(final String response)
    {
        return Integer.parseInt(response.substring(8, 11));
    }

    static String header(final String message, final String name, final String compact)
    {
        final Matcher matcher = Pattern.compile("(?im)^(?:" + Pattern.quote(name) +
            (compact != null ? "|" + compact : "") + ")\\s*:\\s*(.*?)\\r?$").matcher(message);
        return matcher.find() ? matcher.group(1) : null;
    }

    static String uriOf(final String nameAddr)
    {
        final int open = nameAddr.indexOf('<');
        return open >= 0 ? nameAddr.substring(open + 1, nameAddr.indexOf('>', open)) : nameAddr.split(";")[0];
    }

    private static String crlf(final String text)
    {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    @Override
    public void close() throws IOException
    {
        if (udp != null)
        {
            udp.close();
        }
        if (tcp != null)
        {
            tcp.close();
        }
        if (tcpServer != null)
        {
            tcpServer.close();
        }
    }
}
