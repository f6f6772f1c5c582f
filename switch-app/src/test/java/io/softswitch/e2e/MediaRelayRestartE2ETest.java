package io.softswitch.e2e;

import io.micrometer.core.instrument.Counter;
import io.softswitch.rtp.control.AeronMediaDriver;
import io.softswitch.rtp.control.MediaControlClient;
import io.softswitch.signaling.SwitchHooks;
import io.softswitch.signaling.call.CallEndListener;
import io.softswitch.signaling.call.EndReason;
import io.softswitch.signaling.media.MediaPlane;
import io.softswitch.signaling.media.MediaPlane.TrunkMedia;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.customer;
import static io.softswitch.e2e.SwitchConfigs.vendor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay on a media node ({@code softswitch media}, its own process, control over Aeron UDP)
 * is killed ({@code kill -9}) and started again while calls are up, as docs/media.md says:
 * signalling of calls in progress goes on while it is away, new calls get 503, the calls it lost
 * are ended with BYE on both legs once it is back (end reason media timeout), and new calls are
 * anchored on it again, audio flowing.
 */
@Tag("e2e")
@Timeout(180)
class MediaRelayRestartE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    final LoopbackCarriers carriers = new LoopbackCarriers();

    private final List<MediaControlClient> clients = new CopyOnWriteArrayList<>();
    private final List<EndReason> ended = new CopyOnWriteArrayList<>();
    private final List<Process> nodes = new ArrayList<>();
    private AeronMediaDriver driver;
    private Path logs;

    @AfterEach
    void stop() throws Exception
    {
        for (final Process node : nodes)
        {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
        if (driver != null)
        {
            driver.close();
        }
        if (logs != null)
        {
            Files.deleteIfExists(logs.resolve("node.log"));
            Files.deleteIfExists(logs);
        }
    }

    private Process startNode(final int controlPort, final int minPort) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(moduleFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.softswitch.rtp.control.MediaNodeMain",
            "--control", "127.0.0.1:" + controlPort, "--bind", "127.0.0.1", "--ports", minPort + "-" + (minPort + 63),
            "--quarantine-ms", "100"));
        final Process node = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("node.log").toFile())).start();
        nodes.add(node);
        return node;
    }

    /** The module and native-access flags of this JVM, which the launcher passes the node too. */
    private static List<String> moduleFlags()
    {
        final List<String> flags = new ArrayList<>();
        final List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < arguments.size(); i++)
        {
            final String argument = arguments.get(i);
            if ((argument.equals("--add-exports") || argument.equals("--add-opens")) && i + 1 < arguments.size())
            {
                flags.add(argument);
                flags.add(arguments.get(++i));
            }
            else if (argument.startsWith("--add-exports=") || argument.startsWith("--add-opens=")
                || argument.startsWith("--enable-native-access") || argument.startsWith("--sun-misc-unsafe-memory-access"))
            {
                flags.add(argument);
            }
        }
        return flags;
    }

    private void awaitClients(final Predicate<MediaControlClient> state, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!(!clients.isEmpty() && clients.stream().allMatch(state)) && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        assertThat(clients).as(what).isNotEmpty().allMatch(state);
    }

    /** A call ends on the switch a moment after its SIPp side is done (the other leg's BYE still runs). */
    private void awaitEnded(final EndReason reason) throws InterruptedException
    {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!ended.contains(reason) && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        assertThat(ended).contains(reason);
    }

    private double packetsFromCustomer()
    {
        final Counter counter = carriers.registry().find("softswitch.media.packets").tag("trunk", "customer-a")
            .tag("direction", "from_trunk").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldEndTheCallsTheRelayLostOnceItIsBackAndAnchorNewCallsAgain() throws Exception
    {
        logs = Files.createTempDirectory("relay-restart");
        final int controlPort = FreePorts.udpAndTcp(LOOPBACK);
        final int replyPort = FreePorts.udpAndTcp(LOOPBACK);
        final int minPort = 42_000 + 2 * ThreadLocalRandom.current().nextInt(4_000);
        final Process first = startNode(controlPort, minPort);

        driver = AeronMediaDriver.launch("relay-restart-test");
        final MediaPlane plane = new MediaPlane(loop ->
        {
            final MediaControlClient client = new MediaControlClient(driver.aeron(), "aeron:udp?endpoint=127.0.0.1:"
                + controlPort, "aeron:udp?endpoint=127.0.0.1:" + replyPort, 1 + loop);
            clients.add(client);
            return client;
        }, TrunkMedia.ANCHOR, Map.of());
        final SippProcess vendor = carriers.start(SippProcess.uas("uas-answer.xml").mediaHost("127.0.0.4").rtpEcho()
            .calls(3).recvTimeoutMs(DEADLINE.toMillis()), "vendor");
        final VendorTrunk trunk = vendor("vendor-1", vendor.localPort(), Transport.UDP);
        final CallEndListener listener = call -> ended.add(call.endReason());
        carriers.startSwitch(SwitchHooks.none().withMedia(plane).withCallEndListener(listener),
            SwitchConfigs.inOrder(customer(LOOPBACK + "/32", 10), List.of(trunk)), customer(LOOPBACK + "/32", 10), trunk);
        awaitClients(MediaControlClient::isRelayAlive, "every loop hears the first relay");

        // Two calls up with audio: one the customer will hang up while the relay is away, one it keeps.
        final SippProcess hangsUp = carriers.start(carriers.customer("uac-pcap.xml", Transport.UDP)
            .mediaHost("127.0.0.3").holdMs(8_000), "hangs-up");
        final SippProcess keeps = carriers.start(carriers.customer("uac-pcap-await-bye.xml", Transport.UDP)
            .mediaHost("127.0.0.3").recvTimeoutMs(DEADLINE.toMillis()), "keeps");
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (vendor.receivedRequests("ACK").size() < 2 && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        assertThat(vendor.receivedRequests("ACK")).hasSize(2);

        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // Offered before the switch noticed (no heartbeat for 3 s): no answer will come, 503 then.
        final SippProcess refusedEarly = carriers.start(carriers.customer("uac-503.xml", Transport.UDP)
            .mediaHost("127.0.0.3").recvTimeoutMs(DEADLINE.toMillis()), "refused-early");
        awaitClients(client -> !client.isRelayAlive(), "every loop notices the relay is gone");
        assertThat(refusedEarly.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);

        // While it is away: a new call cannot be anchored (503), signalling of the calls up goes on.
        final SippProcess refused = carriers.start(carriers.customer("uac-503.xml", Transport.UDP)
            .mediaHost("127.0.0.3"), "refused");
        assertThat(refused.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(hangsUp.awaitSuccess(DEADLINE).successfulCalls()).as("BYE answered 200 without the relay").isEqualTo(1);
        awaitEnded(EndReason.CUSTOMER_BYE);
        assertThat(ended).doesNotContain(EndReason.MEDIA_TIMEOUT);
        assertThat(keeps.receivedRequests("BYE")).as("the kept call is still up").isEmpty();

        // Back with a new epoch: the call it lost ends with BYE on both legs.
        startNode(controlPort, minPort);
        assertThat(keeps.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(keeps.receivedRequests("BYE")).hasSize(1);
        awaitEnded(EndReason.MEDIA_TIMEOUT);
        awaitClients(MediaControlClient::isRelayAlive, "every loop hears the second relay");

        // A new call is anchored on the new relay and its audio flows.
        final double before = packetsFromCustomer();
        final SippProcess again = carriers.start(carriers.customer("uac-pcap.xml", Transport.UDP)
            .mediaHost("127.0.0.3").holdMs(2_000), "again");
        assertThat(again.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(1);
        assertThat(vendor.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(3);
        assertThat(vendor.receivedRequests("INVITE").getLast()).contains("c=IN IP4 127.0.0.1")
            .doesNotContain("127.0.0.3");
        final long reportDeadline = System.nanoTime() + 10_000_000_000L;
        while (packetsFromCustomer() - before < 50 && System.nanoTime() < reportDeadline)
        {
            Thread.sleep(50);
        }
        assertThat(packetsFromCustomer() - before).as("RTP relayed by the new relay").isGreaterThan(50);
    }
}
