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
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trunks and their routing policy provisioned through the admin API on a running switch with its
 * embedded PostgreSQL: validated as the configuration file is, refused without a change, applied
 * to the SIP switch and the LCR engine without a restart, and kept across one.
 */
@Tag("e2e")
@Timeout(180)
class TrunkProvisioningTest
{
    private static final String INITECH = """
        name: initech
        sources: [127.0.0.5/32]
        routing:
          mode: least-cost
          max-attempts: 2
          vendors:
            vendor-d: {priority: 1}
        """;

    @TempDir
    private Path directory;
    private HttpClient client;
    private String base;
    private String token;

    @Test
    void shouldProvisionTrunksWithoutARestartAndKeepThemAcrossOne() throws Exception
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(0)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (Softswitch softswitch = Softswitch.start(config, Map.of());
             DatagramSocket vendorD = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.6"), 0)))
        {
            final String vendorDefinition = "{\"name\":\"vendor-d\",\"host\":\"127.0.0.6\",\"port\":"
                + vendorD.getLocalPort() + ",\"cps-limit\":20}";
            base = "http://127.0.0.1:" + softswitch.adminPort();
            token = softswitch.tokens().create("test-admin", Role.ADMIN).token();
            assertThat(sipAnswer(softswitch.sipUdpPort())).as("unknown source before").startsWith("SIP/2.0 403");

            assertThat(send("PUT", "/api/vendors/vendor-d", vendorDefinition).statusCode()).isEqualTo(201);
            assertThat(send("PUT", "/api/customers/initech", INITECH).statusCode()).isEqualTo(201);
            assertThat(send("GET", "/api/trunks", "").body()).contains("{\"name\":\"initech\",\"sources\":[\"127.0.0.5/32\"]")
                .contains("{\"name\":\"vendor-d\",\"host\":\"127.0.0.6\",\"port\":" + vendorD.getLocalPort()
                    + ",\"transport\":\"UDP\",\"cpsLimit\":20,");
            assertThat(send("GET", "/api/customers/initech", "").body()).contains("\"definition\":\"name: initech\\n");

            assertThat(send("POST", "/api/decks/import?trunk=vendor-d&direction=vendor&mode=update",
                "prefix,destination,rate\n44,UK,0.001\n").statusCode()).isEqualTo(200);
            assertThat(send("POST", "/api/decks/import?trunk=initech&direction=customer&mode=update",
                "prefix,destination,rate\n44,UK,0.050\n").statusCode()).isEqualTo(200);
            assertThat(send("GET", "/api/routes/simulate?customer=initech&number=442079460000", "").body())
                .contains("\"outcome\":\"ROUTED\"").contains("{\"vendor\":\"vendor-d\",\"position\":2,");
            assertThat(sipAnswer(softswitch.sipUdpPort())).as("initech's source after").doesNotStartWith("SIP/2.0 403");
            assertThat(firstInvite(vendorD)).as("the provisioned vendor, by its appended id, gets the call")
                .startsWith("INVITE sip:442079460000@127.0.0.6:" + vendorD.getLocalPort());

            final String refusedOnRemove = send("DELETE", "/api/vendors/vendor-d", "").body();
            assertThat(refusedOnRemove).startsWith("{\"error\":\"cannot remove vendor-d: the trunks left would not be "
                + "valid: customer initech:");
            assertThat(send("DELETE", "/api/customers/initech", "").statusCode()).isEqualTo(200);
            assertThat(send("DELETE", "/api/vendors/vendor-c", "").statusCode()).as("named by globex").isEqualTo(409);
            assertThat(send("DELETE", "/api/vendors/vendor-d", "").statusCode()).isEqualTo(200);
            assertThat(send("GET", "/api/routes/simulate?customer=acme&number=442079460000", "").body())
                .doesNotContain("vendor-d");
            assertThat(sipAnswer(softswitch.sipUdpPort())).as("initech removed").startsWith("SIP/2.0 403");

            assertThat(send("PUT", "/api/vendors/vendor-d", vendorDefinition).statusCode()).isEqualTo(201);
        }
        try (Softswitch restarted = Softswitch.start(config.withSipPort(0).withAdminPort(0), Map.of()))
        {
            base = "http://127.0.0.1:" + restarted.adminPort();
            final String trunks = send("GET", "/api/trunks", "").body();
            assertThat(trunks).contains("\"name\":\"vendor-d\"").doesNotContain("initech").contains("\"name\":\"acme\"");
        }
        client.close();
    }

    @Test
    void shouldRefuseInvalidDefinitionsAsTheConfigurationFileIsRefusedAndChangeNothing() throws Exception
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml"))
            .withSipPort(0).withAdminPort(0)
            .withDatabase(new DatabaseSettings(null, directory.resolve("postgres")));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (Softswitch softswitch = Softswitch.start(config, Map.of()))
        {
            base = "http://127.0.0.1:" + softswitch.adminPort();
            token = softswitch.tokens().create("test-admin", Role.ADMIN).token();
            final String before = send("GET", "/api/trunks", "").body();

            assertRefused("PUT", "/api/vendors/vendor-e", "{\"name\":\"vendor-e\",\"host\":\"example.com\"}", 400,
                "{\"error\":\"vendor vendor-e:1:27: not an IP address literal: example.com\"}");
            assertRefused("PUT", "/api/vendors/vendor-e", "{\"name\":\"vendor-e\",\"host\":\"127.0.0.1\",\"colour\":\"red\"}",
                400, "{\"error\":\"vendor vendor-e:1:");
            assertRefused("PUT", "/api/vendors/vendor-e", "{\"name\":\"vendor-f\",\"host\":\"127.0.0.1\"}", 400,
                "{\"error\":\"the definition's name differs from the trunk's: name=vendor-f trunk=vendor-e\"}");
            assertRefused("PUT", "/api/vendors/vendor-e", "{\"name\":\"vendor-e\",\"host\":\"127.0.0.1\",\"port\":70000}",
                400, "{\"error\":\"vendor vendor-e:1:");
            assertRefused("PUT", "/api/customers/vendor-a", "{\"name\":\"vendor-a\",\"sources\":[\"127.0.0.9/32\"]}", 409,
                "{\"error\":\"name taken by a vendor trunk: name=vendor-a\"}");
            assertRefused("PUT", "/api/customers/initech",
                "{\"name\":\"initech\",\"sources\":[\"127.0.0.9/32\"],\"routing\":{\"vendors\":{\"nobody\":{\"priority\":1}}}}",
                400, "{\"error\":\"customer initech:1:");
            assertRefused("PUT", "/api/customers/initech", "{\"name\":\"initech\",\"sources\":[\"127.0.0.1/32\"]}", 400,
                "{\"error\":\"customer trunks share source and tech prefix");
            assertRefused("PUT", "/api/customers/initech", "{\"name\":\"initech\",\"sources\":[\"127.0.0.9/32\"]",
                400, "{\"error\":\"customer initech:1:");
            assertRefused("DELETE", "/api/vendors/nobody", "", 404, "{\"error\":\"no such vendor trunk: name=nobody\"}");

            assertThat(send("GET", "/api/trunks", "").body()).isEqualTo(before);
            assertThat(send("GET", "/api/vendors/vendor-e", "").statusCode()).isEqualTo(404);
        }
        client.close();
    }

    private void assertRefused(final String method, final String path, final String body, final int status,
        final String start) throws Exception
    {
        final HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.body()).as(body).startsWith(start);
    }

    /**
     * The first INVITE a vendor socket receives within 20 s (the hunt may try a cheaper vendor
     * first), or "none".
     */
    private static String firstInvite(final DatagramSocket vendor) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        final byte[] buffer = new byte[8192];
        while (System.nanoTime() < deadline)
        {
            vendor.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try
            {
                vendor.receive(packet);
            }
            catch (final SocketTimeoutException ex)
            {
                break;
            }
            final String text = new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
            if (text.startsWith("INVITE "))
            {
                return text.substring(0, text.indexOf("\r\n"));
            }
        }
        return "none";
    }

    /**
     * Sends an INVITE from 127.0.0.5, initech's source, and returns the first answer's status line.
     */
    private static String sipAnswer(final int port) throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.5"), 0)))
        {
            socket.setSoTimeout(5_000);
            final int local = socket.getLocalPort();
            final String invite = "INVITE sip:442079460000@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.5:" + local + ";branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:caller@127.0.0.5>;tag=" + System.nanoTime() + "\r\n"
                + "To: <sip:442079460000@127.0.0.1>\r\n"
                + "Call-ID: provisioning-" + System.nanoTime() + "@127.0.0.5\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:caller@127.0.0.5:" + local + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
            final byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            final byte[] buffer = new byte[4096];
            final DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try
            {
                socket.receive(answer);
            }
            catch (final SocketTimeoutException ex)
            {
                return "no answer";
            }
            final String text = new String(buffer, 0, answer.getLength(), StandardCharsets.US_ASCII);
            return text.substring(0, text.indexOf("\r\n"));
        }
    }

    private HttpResponse<String> send(final String method, final String path, final String body) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }
}
