package io.softswitch.app;

import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.ratedeck.RateSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class SoftswitchTest
{
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final RateSource NO_RATES = List::of;

    private final SoftswitchConfig demoOnFreePorts =
        new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml")).withSipPort(0).withAdminPort(0);

    @Test
    void shouldAnswerOptionsAndServeSwitchMetricsFromDemoConfig() throws Exception
    {
        try (Softswitch softswitch = Softswitch.start(demoOnFreePorts, NO_RATES);
             HttpClient client = HttpClient.newHttpClient();
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            assertThat(softswitch.sipUdpPort()).isPositive();
            assertThat(softswitch.sipTcpPort()).isPositive();

            // RFC 3261 §11: OPTIONS to the switch itself is answered 200.
            final byte[] options = ("OPTIONS sip:127.0.0.1:" + softswitch.sipUdpPort() + " SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-app-test-1\r\n" +
                "Max-Forwards: 70\r\n" +
                "From: <sip:probe@127.0.0.1>;tag=t1\r\n" +
                "To: <sip:127.0.0.1>\r\n" +
                "Call-ID: app-test-options-1\r\n" +
                "CSeq: 1 OPTIONS\r\n" +
                "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            socket.setSoTimeout(5_000);
            socket.send(new DatagramPacket(options, options.length, LOOPBACK, softswitch.sipUdpPort()));
            final DatagramPacket answer = new DatagramPacket(new byte[4_096], 4_096);
            socket.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                .startsWith("SIP/2.0 200");

            final HttpResponse<String> metrics = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + softswitch.adminPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("softswitch_sip_responses_total").contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void shouldReleaseEveryPortOnClose() throws Exception
    {
        final int udpPort;
        final int tcpPort;
        final int adminPort;
        try (Softswitch softswitch = Softswitch.start(demoOnFreePorts, NO_RATES))
        {
            udpPort = softswitch.sipUdpPort();
            tcpPort = softswitch.sipTcpPort();
            adminPort = softswitch.adminPort();
        }

        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, udpPort));
             ServerSocket tcp = new ServerSocket(tcpPort, 1, LOOPBACK);
             ServerSocket admin = new ServerSocket(adminPort, 1, LOOPBACK))
        {
            assertThat(udp.getLocalPort()).isEqualTo(udpPort);
            assertThat(tcp.getLocalPort()).isEqualTo(tcpPort);
            assertThat(admin.getLocalPort()).isEqualTo(adminPort);
        }
    }

    @Test
    void shouldCloseSipSwitchWhenAdminPortIsTaken() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK))
        {
            final SoftswitchConfig clash = demoOnFreePorts.withAdminPort(taken.getLocalPort());

            assertThatThrownBy(() -> Softswitch.start(clash, NO_RATES)).hasMessageContaining("cannot bind admin HTTP");
        }
        // Nothing of the failed start is left behind: the same configuration starts again.
        try (Softswitch again = Softswitch.start(demoOnFreePorts, NO_RATES))
        {
            assertThat(again.adminPort()).isPositive();
        }
    }

    @Test
    void shouldRefuseToStartWhenSipPortIsTakenAndNameThePort() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK))
        {
            final SoftswitchConfig clash = demoOnFreePorts.withSipPort(taken.getLocalPort());

            assertThatThrownBy(() -> Softswitch.start(clash, NO_RATES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot bind SIP: host=127.0.0.1 udpPort=" + taken.getLocalPort() +
                    " tcpPort=" + taken.getLocalPort() + ": ")
                .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void shouldRunWithoutAdminServerWhenDisabled()
    {
        try (Softswitch softswitch = Softswitch.start(demoOnFreePorts.withAdminPort(-1), NO_RATES))
        {
            assertThat(softswitch.adminPort()).isEqualTo(-1);
            assertThat(softswitch.sipUdpPort()).isPositive();
        }
    }
}
