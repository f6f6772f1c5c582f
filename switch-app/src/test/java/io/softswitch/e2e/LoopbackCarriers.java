package io.softswitch.e2e;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.lcr.LcrEngine;
import io.softswitch.lcr.RouteSnapshot;
import io.softswitch.signaling.SipSwitch;
import io.softswitch.signaling.SwitchHooks;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One end-to-end test's world on loopback: the switch running in this JVM and the SIPp processes
 * that play its carriers, the shared fixture of the end-to-end tests. Registered as an extension
 * ({@code @RegisterExtension final LoopbackCarriers carriers = new LoopbackCarriers();}), it gives
 * each test a fresh temporary directory for SIPp's files; after each test it stops every SIPp it
 * started (each by its own PID), the switch (every port and thread) and its LCR engine, then
 * deletes the directory.
 */
final class LoopbackCarriers implements BeforeEachCallback, AfterEachCallback, AutoCloseable
{
    private final List<SippProcess> processes = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Path directory;
    private SipSwitch sipSwitch;
    private LcrEngine engine;

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException
    {
        directory = Files.createTempDirectory("softswitch-e2e-");
    }

    @Override
    public void afterEach(final ExtensionContext context) throws IOException
    {
        try
        {
            close();
        }
        finally
        {
            deleteTree(directory);
        }
    }

    /**
     * Starts a SIPp callee on a free loopback port: a vendor carrier.
     *
     * @param scenario  scenario file under {@code /sipp/}.
     * @param name      name of its files.
     * @param transport what it listens on.
     * @return the running callee; its port is {@link SippProcess#localPort()}.
     */
    SippProcess vendor(final String scenario, final String name, final Transport transport)
    {
        return track(SippProcess.uas(scenario).transport(transport).start(name, directory));
    }

    /**
     * Starts the switch with one customer trunk and the vendors, least cost pricing them in the
     * given order.
     *
     * @param customer the customer trunk.
     * @param vendors  the vendor trunks, first choice first.
     */
    void startSwitch(final CustomerTrunk customer, final VendorTrunk... vendors)
    {
        startSwitch(SwitchConfigs.inOrder(customer, List.of(vendors)), customer, vendors);
    }

    /**
     * Starts an LCR engine over the snapshot and the switch routed by it.
     *
     * @param snapshot the rate decks and routing settings.
     * @param customer the customer trunk.
     * @param vendors  the vendor trunks.
     */
    void startSwitch(final RouteSnapshot snapshot, final CustomerTrunk customer, final VendorTrunk... vendors)
    {
        startSwitch(SwitchHooks.none(), snapshot, customer, vendors);
    }

    /**
     * Starts an LCR engine over the snapshot and the switch routed by it, with hooks (media).
     *
     * @param hooks    the switch's hooks.
     * @param snapshot the rate decks and routing settings.
     * @param customer the customer trunk.
     * @param vendors  the vendor trunks.
     */
    void startSwitch(final SwitchHooks hooks, final RouteSnapshot snapshot, final CustomerTrunk customer,
        final VendorTrunk... vendors)
    {
        engine = LcrEngine.start(snapshot, System::currentTimeMillis);
        sipSwitch = SipSwitch.start(SwitchConfigs.config(customer, List.of(vendors)), engine, registry, hooks);
    }

    /**
     * The registry the switch's meters are in.
     *
     * @return the registry.
     */
    SimpleMeterRegistry registry()
    {
        return registry;
    }

    /**
     * The running engine, for the simulator's view of quality.
     *
     * @return the engine.
     */
    LcrEngine engine()
    {
        return engine;
    }

    /**
     * Describes a SIPp caller, a customer carrier, calling the switch over the transport.
     *
     * @param scenario  scenario file under {@code /sipp/}.
     * @param transport UDP or TCP.
     * @return the options; start them with {@link #start(SippProcess.Options, String)}.
     */
    SippProcess.Options customer(final String scenario, final Transport transport)
    {
        final int port = transport == Transport.TCP ? sipSwitch.tcpPort() : sipSwitch.udpPort();
        return SippProcess.uac(scenario, SwitchConfigs.LOOPBACK, port)
            .transport(transport)
            .service(SwitchConfigs.NUMBER);
    }

    /**
     * Starts a described SIPp, tracked so that {@link #close()} stops it.
     *
     * @param options the SIPp.
     * @param name    name of its files.
     * @return the running SIPp.
     */
    SippProcess start(final SippProcess.Options options, final String name)
    {
        return track(options.start(name, directory));
    }

    /**
     * How many calls the switch has refused for the reason, by its {@code softswitch.calls.rejected}
     * counter.
     *
     * @param reason the counter's {@code reason} tag, e.g. {@code unknown_source}.
     * @return the count; 0 when the counter does not exist.
     */
    double rejectedCalls(final String reason)
    {
        final Counter counter = registry.find("softswitch.calls.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * How many calls of the customer trunk ended for the reason, by its {@code softswitch.calls.ended}
     * counter.
     *
     * @param reason the counter's {@code reason} tag, e.g. {@code max_duration}.
     * @return the count; 0 when the counter does not exist.
     */
    double endedCalls(final String reason)
    {
        final Counter counter = registry.find("softswitch.calls.ended").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * Asserts topology hiding (RFC 3261 B2BUA, issue 2): nothing of the customer's socket or
     * dialog identifiers in what the vendor received, and nothing of the vendor's in what the
     * customer received.
     *
     * @param customer the calling SIPp.
     * @param vendor   the called SIPp.
     */
    static void assertTopologyHidden(final SippProcess customer, final SippProcess vendor)
    {
        final String customerCallId = header(customer.sentMessages().getFirst(), "Call-ID");
        final String vendorInvite = vendor.receivedRequests("INVITE").getFirst();
        final String vendorCallId = header(vendorInvite, "Call-ID");
        final String customerSocket = SwitchConfigs.LOOPBACK + ":" + customer.localPort();
        final String vendorSocket = SwitchConfigs.LOOPBACK + ":" + vendor.localPort();

        assertThat(vendorCallId).isNotEqualTo(customerCallId);
        for (final String message : vendor.receivedMessages())
        {
            assertThat(message).doesNotContain(customerCallId).doesNotContain(customerSocket);
        }
        for (final String message : customer.receivedMessages())
        {
            assertThat(message).doesNotContain(vendorCallId).doesNotContain(vendorSocket);
        }
    }

    /**
     * Whether a traced message is a response with the code to a request with the method.
     *
     * @param message the message text.
     * @param code    the status code.
     * @param method  the CSeq method, e.g. {@code INVITE}.
     * @return true when it is that response.
     */
    static boolean isResponse(final String message, final int code, final String method)
    {
        return message.startsWith("SIP/2.0 " + code + " ") && header(message, "CSeq").endsWith(" " + method);
    }

    /**
     * The value of the first header with the name (full form) in a message's text.
     *
     * @param message the message.
     * @param name    e.g. {@code Call-ID}.
     * @return the value, trimmed.
     * @throws AssertionError when the message has no such header.
     */
    static String header(final String message, final String name)
    {
        final String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (final String line : message.split("\r?\n"))
        {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix))
            {
                return line.substring(prefix.length()).strip();
            }
        }
        throw new AssertionError("no header: name=" + name + System.lineSeparator() + message);
    }

    /**
     * Stops every SIPp started here, then the switch.
     */
    @Override
    public void close()
    {
        processes.forEach(SippProcess::close);
        if (sipSwitch != null)
        {
            sipSwitch.close();
        }
        if (engine != null)
        {
            engine.close();
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.delete(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    private SippProcess track(final SippProcess process)
    {
        processes.add(process);
        return process;
    }
}
