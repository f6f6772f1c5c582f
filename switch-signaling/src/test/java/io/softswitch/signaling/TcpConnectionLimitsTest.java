package io.softswitch.signaling;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.transport.TcpLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCP limits against a running switch on loopback, one test per limit: connections in total
 * and per source address, silence, a message that never completes (slowloris), a stranger's
 * connection after its 403, and a message larger than the limits. Each closed connection is seen
 * as end of stream by the client; timeouts are lower bounds with generous upper waits.
 */
@Timeout(60)
class TcpConnectionLimitsTest
{
    private static final String CUSTOMER_ADDRESS = "127.0.0.1";
    private static final String STRANGER_ADDRESS = "127.0.0.9";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SipSwitch sipSwitch;

    @AfterEach
    void closeEverything() throws Exception
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            closeables.get(i).close();
        }
    }

    private void start(final TcpLimits limits)
    {
        final CustomerTrunk customer = new CustomerTrunk("customer-a",
            List.of(AddressRange.parse(CUSTOMER_ADDRESS + "/32"), AddressRange.parse("127.0.0.2/32")), "",
            NumberRules.NONE, 1_000, 100, FailoverPolicy.defaults());
        final SwitchConfig config = new SwitchConfig(new SipListen("127.0.0.1", -1, 0, "127.0.0.1"),
            new SipLimits(1_024, 2_048, 64, 4_096), SipTimers.RFC_3261, List.of(customer), List.of(), limits);
        final LcrEngine engine = TestRoutes.engine(List.of(customer.name()), "44", List.of());
        closeables.add(engine);
        sipSwitch = SipSwitch.start(config, engine, registry);
        closeables.add(sipSwitch);
    }

    private Socket connect(final String from) throws IOException
    {
        final Socket socket = new Socket();
        closeables.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.ofLiteral(from), 0));
        socket.connect(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), sipSwitch.tcpPort()), 2_000);
        return socket;
    }

    /** Whether the switch closes the connection within the wait (end of stream, or a reset). */
    private static boolean closedWithin(final Socket socket, final long waitMs) throws IOException
    {
        socket.setSoTimeout((int)waitMs);
        final InputStream in = socket.getInputStream();
        final byte[] buffer = new byte[4_096];
        final long deadline = System.nanoTime() + waitMs * 1_000_000L;
        try
        {
            while (System.nanoTime() - deadline < 0)
            {
                if (in.read(buffer) < 0)
                {
                    return true;
                }
            }
            return false;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    private double closings(final String reason)
    {
        return registry.get("softswitch.tcp.connections.closed").tag("reason", reason).counter().count();
    }

    @Test
    void shouldCloseConnectionsOverTheLimitPerSourceAddress() throws Exception
    {
        start(new TcpLimits(100, 3, 60_000, 60_000, 60_000));
        final List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            sockets.add(connect(CUSTOMER_ADDRESS));
        }

        int closed = 0;
        for (final Socket socket : sockets)
        {
            closed += closedWithin(socket, 300) ? 1 : 0;
        }
        assertThat(closed).isEqualTo(2);
        assertThat(closings("source_limit")).isEqualTo(2.0);
        // Another address still gets in.
        assertThat(closedWithin(connect("127.0.0.2"), 300)).isFalse();
    }

    @Test
    void shouldCloseConnectionsOverTheTotalLimit() throws Exception
    {
        start(new TcpLimits(4, 100, 60_000, 60_000, 60_000));
        final List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            sockets.add(connect(CUSTOMER_ADDRESS));
        }
        for (int i = 0; i < 3; i++)
        {
            sockets.add(connect("127.0.0.2"));
        }

        int closed = 0;
        for (final Socket socket : sockets)
        {
            closed += closedWithin(socket, 300) ? 1 : 0;
        }
        assertThat(closed).isEqualTo(2);
        assertThat(closings("total_limit")).isEqualTo(2.0);
    }

    @Test
    void shouldCloseASilentConnectionAfterTheIdleTimeoutButKeepOneThatSendsKeepAlives() throws Exception
    {
        start(new TcpLimits(100, 100, 600, 60_000, 60_000));
        final Socket silent = connect(CUSTOMER_ADDRESS);
        final Socket alive = connect(CUSTOMER_ADDRESS);
        final OutputStream keepAlive = alive.getOutputStream();
        final long startNs = System.nanoTime();

        for (int i = 0; i < 8; i++)
        {
            Thread.sleep(200);
            // RFC 5626 §3.5.1: a double CRLF is a keep-alive (answered with a single CRLF).
            keepAlive.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            keepAlive.flush();
        }

        assertThat(closedWithin(silent, 3_000)).isTrue();
        assertThat((System.nanoTime() - startNs) / 1_000_000).isGreaterThanOrEqualTo(600);
        assertThat(closings("idle")).isEqualTo(1.0);
        assertThat(alive.isClosed()).isFalse();
        keepAlive.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(closedWithin(alive, 100)).isFalse();
    }

    @Test
    void shouldCloseAConnectionWhoseMessageNeverCompletes() throws Exception
    {
        start(new TcpLimits(100, 100, 60_000, 700, 60_000));
        final Socket slow = connect(CUSTOMER_ADDRESS);
        final OutputStream out = slow.getOutputStream();
        final byte[] head = ("INVITE sip:442079460000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-slow\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        final long startNs = System.nanoTime();

        // A byte every 100 ms: never silent, never done.
        boolean closed = false;
        for (int i = 0; i < head.length && !closed; i++)
        {
            try
            {
                out.write(head[i]);
                out.flush();
            }
            catch (final IOException ex)
            {
                closed = true;
            }
            closed = closed || closedWithin(slow, 100);
        }

        assertThat(closed).isTrue();
        assertThat((System.nanoTime() - startNs) / 1_000_000).isGreaterThanOrEqualTo(700);
        assertThat(closings("message_timeout")).isEqualTo(1.0);
    }

    @Test
    void shouldCloseAStrangersConnectionSoonAfterIts403AndASilentOneSoon() throws Exception
    {
        start(new TcpLimits(100, 100, 60_000, 60_000, 800));
        final Socket stranger = connect(STRANGER_ADDRESS);
        final Socket silentStranger = connect(STRANGER_ADDRESS);
        final OutputStream out = stranger.getOutputStream();
        out.write(("INVITE sip:442079460000@127.0.0.1 SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP " + STRANGER_ADDRESS + ":5999;branch=z9hG4bK-stranger\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:x@" + STRANGER_ADDRESS + ">;tag=s\r\n" +
            "To: <sip:442079460000@127.0.0.1>\r\n" +
            "Call-ID: stranger-1\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();

        stranger.setSoTimeout(2_000);
        final byte[] buffer = new byte[2_048];
        final int read = stranger.getInputStream().read(buffer);
        assertThat(new String(buffer, 0, Math.max(0, read), StandardCharsets.US_ASCII)).startsWith("SIP/2.0 403");
        // A second of grace for the ACK of the 403, then closed.
        assertThat(closedWithin(stranger, 3_000)).isTrue();
        assertThat(closedWithin(silentStranger, 3_000)).isTrue();
        assertThat(closings("unknown_source")).isEqualTo(2.0);
    }

    @Test
    void shouldCloseAConnectionWhoseHeadIsLargerThanTheLimits() throws Exception
    {
        start(new TcpLimits(100, 100, 60_000, 60_000, 60_000));
        final Socket greedy = connect(CUSTOMER_ADDRESS);
        final OutputStream out = greedy.getOutputStream();
        out.write("OPTIONS sip:127.0.0.1 SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII));
        final byte[] filler = ("X-Filler: " + "a".repeat(100) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        boolean closed = false;
        // The head may hold 2,048 bytes: 40 lines of 112 are more than twice that, with no end of head.
        for (int i = 0; i < 40 && !closed; i++)
        {
            try
            {
                out.write(filler);
                out.flush();
            }
            catch (final IOException ex)
            {
                closed = true;
            }
        }

        assertThat(closed || closedWithin(greedy, 2_000)).isTrue();
    }
}
