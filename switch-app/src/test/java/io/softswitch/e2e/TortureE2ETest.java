package io.softswitch.e2e;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipSwitch;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.customer;
import static io.softswitch.e2e.SwitchConfigs.vendor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every file of the shared SIP torture set (RFC 4475, RFC 5118) sent as is, over UDP, to the
 * running switch from the customer trunk's address, answered as {@code sip-torture-expected.csv}
 * (the codec's table) says: the status code, no response at all for what must be dropped, and
 * for what the codec accepts, anything but a codec refusal. Nothing of a refused or dropped
 * message may reach a vendor.
 *
 * <p>Where the answer goes (RFC 3261 §18.2.2, RFC 3581): to the packet's source address, at the
 * top Via's sent-by port (5060 when it names none) unless the Via asks for
 * {@code rport}. The files' Vias name hosts that are not ours ({@code bcast}'s even a broadcast
 * {@code maddr}), so each file is sent from a socket at its Via's port on an address of its own
 * in 127.0.0.0/8 (never competing for 127.0.0.1:5060 or :5070 with a SIP server on the machine),
 * and the answer must come back to that socket: never to the host the Via names.
 */
@Tag("e2e")
@Timeout(20)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TortureE2ETest
{
    /** How long a response may take; an INVITE gets 100 Trying first, its final answer after routing. */
    private static final int RESPONSE_WAIT_MS = 2_000;

    /** How long silence must last for a message to count as dropped. */
    private static final int DROP_WAIT_MS = 400;

    /** What the codec and its validator answer when they refuse a message; "accept" rules these out. */
    private static final Set<Integer> CODEC_REFUSALS = Set.of(400, 406, 413, 414, 415, 416, 420, 483, 505);

    private static final Pattern VIA_HEADER = Pattern.compile("(?im)^(?:via|v)[ \\t]*:(.*)$");
    private static final Pattern SENT_BY = Pattern.compile(
        "SIP\\s*/\\s*2\\.0\\s*/\\s*([A-Za-z]+)\\s+(\\[[^\\]]*\\]|[^\\s;:,]+)(?:\\s*:\\s*(\\d+))?");
    private static final Pattern CALL_ID_HEADER = Pattern.compile("(?im)^(?:call-id|i)[ \\t]*:[ \\t]*(\\S+)");

    private SipSwitch sipSwitch;
    private LcrEngine engine;
    private DatagramSocket vendorSocket;

    @BeforeAll
    void startSwitch() throws IOException
    {
        vendorSocket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(LOOPBACK), 0));
        vendorSocket.setSoTimeout(50);
        // Every number routes to the one vendor: whatever wrongly passed the codec would reach it.
        final SwitchConfig config = new SwitchConfig(
            new SipListen(LOOPBACK, 0, -1, LOOPBACK),
            SipLimits.DEFAULT,
            SipTimers.RFC_3261,
            // Each file is sent from an address of its own in 127.0.0.0/8 (see bindCustomer).
            List.of(customer("127.0.0.0/8", 100)),
            List.of(vendor("vendor-1", vendorSocket.getLocalPort(), Transport.UDP)));
        engine = LcrEngine.start(SwitchConfigs.everyNumber(config.customers().getFirst(), config.vendors().getFirst()),
            System::currentTimeMillis);
        sipSwitch = SipSwitch.start(config, engine, new SimpleMeterRegistry());
    }

    @AfterAll
    void stopSwitch()
    {
        if (sipSwitch != null)
        {
            sipSwitch.close();
        }
        if (engine != null)
        {
            engine.close();
        }
        if (vendorSocket != null)
        {
            vendorSocket.close();
        }
    }

    Stream<TortureCase> tortureCases() throws IOException
    {
        final Path root = RepositoryPaths.root();
        final Path table = root.resolve("switch-signaling/src/test/resources/sip-torture-expected.csv");
        final Path files = RepositoryPaths.tortureFiles();
        final List<TortureCase> cases = new ArrayList<>();
        for (final String line : Files.readAllLines(table, StandardCharsets.UTF_8))
        {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("file,"))
            {
                continue;
            }
            final String[] columns = line.split(",", 3);
            cases.add(new TortureCase(columns[0], files.resolve(columns[0]), Set.of(columns[1].split("\\|"))));
        }
        assertThat(cases).as("torture cases in %s", table).hasSizeGreaterThanOrEqualTo(61);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tortureCases")
    void shouldAnswerTortureMessageAsTheTableSays(final TortureCase torture) throws IOException
    {
        final byte[] message = Files.readAllBytes(torture.path());
        final String text = new String(message, StandardCharsets.ISO_8859_1);
        drainVendor();

        final List<Integer> codes;
        try (DatagramSocket customer = bindCustomer(responsePort(text), torture.name()))
        {
            customer.send(new DatagramPacket(message, message.length,
                new InetSocketAddress(InetAddress.ofLiteral(LOOPBACK), sipSwitch.udpPort())));
            codes = responseCodes(customer, callIds(text), torture.expected().contains("drop"), text);
        }

        final List<String> atVendor = drainVendor();
        if (torture.expected().contains("drop"))
        {
            assertThat(codes).as("responses to %s, which must be dropped", torture.name()).isEmpty();
        }
        final List<Integer> finals = codes.stream().filter(code -> code >= 200).toList();
        final boolean mayBeAccepted = torture.expected().contains("accept");
        if (mayBeAccepted && (finals.isEmpty() || !CODEC_REFUSALS.contains(finals.getFirst())))
        {
            assertThat(codes).as("responses to %s, which the codec accepts", torture.name()).isNotEmpty();
            return;
        }
        if (!torture.expected().contains("drop"))
        {
            assertThat(finals).as("final responses to %s (all responses: %s)", torture.name(), codes).isNotEmpty();
            assertThat(Integer.toString(finals.getFirst()))
                .as("final response to %s", torture.name())
                .isIn(torture.expected());
        }
        assertThat(atVendor).as("what reached the vendor for %s", torture.name()).isEmpty();
    }

    /**
     * A customer socket at the port the answer must come back to, on an address of its own in
     * 127.0.0.0/8: the port is whatever the file's Via says (5060 when it names none), and another
     * process holding that port on 127.0.0.1 (a SIP server on this machine) must not fail the test.
     */
    private static DatagramSocket bindCustomer(final int port, final String name) throws IOException
    {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            final ThreadLocalRandom random = ThreadLocalRandom.current();
            final InetAddress address = InetAddress.getByAddress(new byte[] {127, (byte)random.nextInt(1, 255),
                (byte)random.nextInt(1, 255), (byte)random.nextInt(1, 255)});
            final DatagramSocket socket = new DatagramSocket(null);
            try
            {
                socket.bind(new InetSocketAddress(address, port));
                return socket;
            }
            catch (final IOException ex)
            {
                socket.close();
                last = ex;
            }
        }
        throw new AssertionError("no loopback address with port " + port + " free for the Via of " + name, last);
    }

    /**
     * The status codes answered to the message on the socket, provisional ones included, in
     * order: up to the first final one, or silence for the whole wait. A final failure to an
     * INVITE is ACKed, as the caller must (RFC 3261 §17.1.1.3), so that it ends there.
     */
    private static List<Integer> responseCodes(final DatagramSocket socket, final Set<String> callIds,
        final boolean dropExpected, final String request) throws IOException
    {
        final List<Integer> codes = new ArrayList<>();
        final long deadlineNs = System.nanoTime() + (dropExpected ? DROP_WAIT_MS : RESPONSE_WAIT_MS) * 1_000_000L;
        final byte[] buffer = new byte[65_536];
        while (System.nanoTime() - deadlineNs < 0)
        {
            final int waitMs = (int)Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000L);
            socket.setSoTimeout(waitMs);
            final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try
            {
                socket.receive(packet);
            }
            catch (final SocketTimeoutException ex)
            {
                break;
            }
            final String response = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("SIP/2.0 "))
            {
                fail("the switch sent a request to a customer socket: " + response);
            }
            // A final answer to an earlier file is retransmitted until ACKed: not this file's.
            if (!callIds.isEmpty() && !callIds.containsAll(callIds(response)))
            {
                continue;
            }
            final int code = Integer.parseInt(response.substring(8, 11));
            codes.add(code);
            if (code >= 300 && request.startsWith("INVITE "))
            {
                final byte[] ack = ack(request, response);
                if (ack != null)
                {
                    socket.send(new DatagramPacket(ack, ack.length, packet.getSocketAddress()));
                }
            }
            if (code >= 200)
            {
                break;
            }
        }
        return codes;
    }

    /**
     * The ACK for a final failure to an INVITE (RFC 3261 §17.1.1.3): the INVITE's Request-URI and
     * top Via, the response's From, To (with its tag), Call-ID, and CSeq number; {@code null} when
     * the response lacks one of them (a 400 to an INVITE without them cannot be ACKed).
     */
    private static byte[] ack(final String invite, final String response)
    {
        final String unfolded = response.replaceAll("\r\n[ \t]+", " ");
        final String via = responseHeader(unfolded, "Via", "v");
        final String from = responseHeader(unfolded, "From", "f");
        final String to = responseHeader(unfolded, "To", "t");
        final String callId = responseHeader(unfolded, "Call-ID", "i");
        final String cseq = responseHeader(unfolded, "CSeq", "CSeq");
        if (via == null || from == null || to == null || callId == null || cseq == null)
        {
            return null;
        }
        final String requestUri = invite.substring(0, invite.indexOf("\r\n")).split(" +")[1];
        return ("ACK " + requestUri + " SIP/2.0\r\n" +
            "Via: " + via.split(",")[0] + "\r\n" +
            "From: " + from + "\r\n" +
            "To: " + to + "\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: " + cseq.split("\\s+")[0] + " ACK\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String responseHeader(final String response, final String name, final String compact)
    {
        for (final String line : response.split("\r\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0)
            {
                final String field = line.substring(0, colon).strip();
                if (field.equalsIgnoreCase(name) || field.equalsIgnoreCase(compact))
                {
                    return line.substring(colon + 1).strip();
                }
            }
        }
        return null;
    }

    private List<String> drainVendor() throws IOException
    {
        final List<String> received = new ArrayList<>();
        final byte[] buffer = new byte[65_536];
        for (int i = 0; i < 1_000; i++)
        {
            final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try
            {
                vendorSocket.receive(packet);
            }
            catch (final SocketTimeoutException ex)
            {
                return received;
            }
            received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1));
        }
        return received;
    }

    /**
     * The port the answer goes to by RFC 3261 §18.2.2 (unreliable transport, {@code received}
     * set): the top Via's sent-by port, or 5060 when it names none, whatever transport the Via
     * names. With {@code rport} (RFC 3581) it is the source port, which is the same port here.
     */
    static int responsePort(final String message)
    {
        final int headerEnd = message.indexOf("\r\n\r\n");
        final String headers = (headerEnd < 0 ? message : message.substring(0, headerEnd))
            .replaceAll("\r\n[ \t]+", " ");
        final Matcher via = VIA_HEADER.matcher(headers);
        if (!via.find())
        {
            return 5060;
        }
        final Matcher sentBy = SENT_BY.matcher(via.group(1));
        if (!sentBy.find())
        {
            return 5060;
        }
        return sentBy.group(3) != null ? Integer.parseInt(sentBy.group(3)) : 5060;
    }

    private static Set<String> callIds(final String message)
    {
        final int headerEnd = message.indexOf("\r\n\r\n");
        final Matcher matcher = CALL_ID_HEADER.matcher(headerEnd < 0 ? message : message.substring(0, headerEnd));
        final List<String> ids = new ArrayList<>();
        while (matcher.find())
        {
            ids.add(matcher.group(1));
        }
        return Set.copyOf(ids);
    }

    /**
     * One file of the torture set and what the switch must do with it.
     *
     * @param name     path under {@code sip-torture/}.
     * @param path     the file.
     * @param expected status codes, {@code accept}, or {@code drop}.
     */
    record TortureCase(String name, Path path, Set<String> expected)
    {
        @Override
        public String toString()
        {
            return name + " -> " + String.join("|", expected);
        }
    }
}
