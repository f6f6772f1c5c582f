package io.softswitch.app;

import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.DatabaseSettings;
import io.softswitch.app.config.SoftswitchConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draining a node through the admin API: new calls get 503 with Retry-After while it drains, an
 * operator may start and stop it, a read-only token may only look.
 */
@Tag("e2e")
@Timeout(120)
class DrainTest
{
    @TempDir
    private Path directory;

    @Test
    void shouldRefuseNewCallsWhileDrainingAndTakeThemAgainAfter() throws Exception
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(0)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        try (Softswitch softswitch = Softswitch.start(config, Map.of());
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build())
        {
            final String base = "http://127.0.0.1:" + softswitch.adminPort();
            final String operator = softswitch.tokens().create("noc", Role.OPERATOR).token();
            final String reader = softswitch.tokens().create("wall", Role.READ_ONLY).token();

            assertThat(send(client, base, "POST", reader).statusCode()).as("read-only may not drain").isEqualTo(403);
            assertThat(firstAnswer(softswitch.sipUdpPort())).as("before draining").doesNotStartWith("SIP/2.0 503");

            final HttpResponse<String> started = send(client, base, "POST", operator);
            assertThat(started.statusCode()).isEqualTo(200);
            assertThat(started.body()).isEqualTo("{\"draining\":true}");
            assertThat(send(client, base, "GET", reader).body()).isEqualTo("{\"draining\":true}");
            final String refused = firstAnswer(softswitch.sipUdpPort());
            assertThat(refused).startsWith("SIP/2.0 503").contains("Retry-After:");

            assertThat(send(client, base, "DELETE", operator).body()).isEqualTo("{\"draining\":false}");
            assertThat(firstAnswer(softswitch.sipUdpPort())).as("after draining").doesNotStartWith("SIP/2.0 503");
        }
    }

    private static HttpResponse<String> send(final HttpClient client, final String base, final String method,
        final String token) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/api/drain"))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends an INVITE from acme's address and returns the whole first answer. */
    private static String firstAnswer(final int port) throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            socket.setSoTimeout(5_000);
            final int local = socket.getLocalPort();
            final long unique = System.nanoTime();
            final String invite = "INVITE sip:442079460000@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK" + unique + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=" + unique + "\r\n"
                + "To: <sip:442079460000@127.0.0.1>\r\n"
                + "Call-ID: drain-" + unique + "@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + local + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
            final byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            final byte[] buffer = new byte[8192];
            final DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            socket.receive(answer);
            return new String(buffer, 0, answer.getLength(), StandardCharsets.US_ASCII);
        }
    }
}
