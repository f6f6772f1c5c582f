package io.softswitch.signaling;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.epoll.Epoll;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The switch's own batched UDP receive path, seen from outside: requests over IPv4 and IPv6 are
 * answered and counted, a datagram longer than the receive room is counted and dropped without
 * an answer, and closing the switch frees its SIP port.
 */
@Timeout(60)
class SipSwitchReceivePathTest
{
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private LcrEngine engine;
    private SipSwitch sipSwitch;

    @AfterEach
    void close()
    {
        if (sipSwitch != null)
        {
            sipSwitch.close();
        }
        if (engine != null)
        {
            engine.close();
        }
    }

    @Test
    void shouldAnswerAnIpv4RequestAndCountItsDatagram() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "the batched receive path needs the native epoll transport");
        start("127.0.0.1");
        try (DatagramSocket customer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            customer.setSoTimeout(5_000);

            send(customer, options("127.0.0.1", customer.getLocalPort(), "o4"), "127.0.0.1");

            assertThat(receive(customer)).startsWith("SIP/2.0 200");
            assertThat(counter("softswitch.udp.datagrams.received")).isEqualTo(1);
            assertThat(counter("softswitch.udp.receive.batches")).isEqualTo(1);
            assertThat(counter("softswitch.udp.datagrams.truncated")).isZero();
        }
    }

    @Test
    void shouldAnswerAnIpv6Request() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "the batched receive path needs the native epoll transport");
        assumeIpv6Loopback();
        start("::1");
        try (DatagramSocket customer = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0)))
        {
            customer.setSoTimeout(5_000);

            send(customer, options("[::1]", customer.getLocalPort(), "o6"), "::1");

            assertThat(receive(customer)).startsWith("SIP/2.0 200").contains("Call-ID: o6");
            assertThat(counter("softswitch.udp.datagrams.received")).isEqualTo(1);
        }
    }

    @Test
    void shouldDropADatagramLongerThanTheReceiveRoomAndCountIt() throws Exception
    {
        assumeTrue(Epoll.isAvailable(), "the batched receive path needs the native epoll transport");
        start("127.0.0.1");
        try (DatagramSocket customer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            customer.setSoTimeout(1_000);
            final String oversize = options("127.0.0.1", customer.getLocalPort(), "big")
                .replace("Content-Length: 0", "X-Padding: " + "p".repeat(20_000) + "\r\nContent-Length: 0");

            send(customer, oversize, "127.0.0.1");
            send(customer, options("127.0.0.1", customer.getLocalPort(), "small"), "127.0.0.1");

            assertThat(receive(customer)).startsWith("SIP/2.0 200").contains("Call-ID: small");
            assertThatThrownBy(() -> receive(customer)).isInstanceOf(SocketTimeoutException.class);
            assertThat(counter("softswitch.udp.datagrams.truncated")).isEqualTo(1);
            assertThat(counter("softswitch.udp.datagrams.received")).isEqualTo(2);
        }
    }

    @Test
    void shouldFreeTheSipPortWhenClosed() throws Exception
    {
        start("127.0.0.1");
        final int port = sipSwitch.udpPort();

        sipSwitch.close();
        sipSwitch = null;

        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", port)))
        {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private void start(final String host)
    {
        final CustomerTrunk customer = new CustomerTrunk("customer-a",
            List.of(AddressRange.parse("127.0.0.1/32"), AddressRange.parse("::1/128")), "", NumberRules.NONE, 100,
            100, FailoverPolicy.defaults());
        engine = TestRoutes.engine(List.of("customer-a"), "", List.of());
        sipSwitch = SipSwitch.start(new SwitchConfig(new SipListen(host, 0, -1, host), SipLimits.DEFAULT,
            new SipTimers(100, 400, 500), List.of(customer), List.of()), engine, registry);
    }

    private static String options(final String host, final int port, final String callId)
    {
        return "OPTIONS sip:switch SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + host + ":" + port + ";branch=z9hG4bK-" + callId + ";rport\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n" +
            "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    private void send(final DatagramSocket from, final String message, final String host) throws Exception
    {
        final byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(host), sipSwitch.udpPort()));
    }

    private static String receive(final DatagramSocket socket) throws Exception
    {
        final DatagramPacket packet = new DatagramPacket(new byte[4_096], 4_096);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    private double counter(final String name)
    {
        return registry.get(name).functionCounter().count();
    }

    private static void assumeIpv6Loopback()
    {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0)))
        {
            assumeTrue(probe.isBound(), "needs IPv6 on loopback");
        }
        catch (final SocketException | java.net.UnknownHostException ex)
        {
            assumeTrue(false, "needs IPv6 on loopback: " + ex.getMessage());
        }
    }
}
