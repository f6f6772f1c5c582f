package io.softswitch.rtp.control;

import io.softswitch.rtp.AnchorRequest;
import io.softswitch.rtp.AnchorStatus;
import io.softswitch.rtp.FreePortRange;
import io.softswitch.rtp.MediaDirection;
import io.softswitch.rtp.MediaRelay;
import io.softswitch.rtp.RelayConfig;
import io.softswitch.rtp.StreamReport;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control protocol end to end on loopback: over IPC with the relay in the same process, and
 * over UDP with the relay on its own driver as on a media node.
 */
class MediaControlTest
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static RelayConfig config()
    {
        final int base = FreePortRange.base(16);
        return RelayConfig.defaults().withPorts(base, base + 15).withTimeouts(100, 60_000, 600_000, 0, 2_000)
            .withSizes(1, 64, 0);
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            return socket.getLocalPort();
        }
    }

    /** Keeps what a controller heard. */
    static final class Heard implements MediaControlListener
    {
        final List<long[]> replies = new ArrayList<>();
        final List<long[]> reports = new ArrayList<>();
        final List<long[]> restarts = new ArrayList<>();

        @Override
        public void onAnchorReply(final long correlationId, final AnchorRequest reply)
        {
            replies.add(new long[] {correlationId, reply.status(), reply.localPort(0), reply.localPort(1),
                reply.localAddressLength(), reply.localAddress()[0]});
        }

        @Override
        public void onRelayRestarted(final long previousEpoch, final long relayEpoch)
        {
            restarts.add(new long[] {previousEpoch, relayEpoch});
        }

        @Override
        public void onMediaEvent(final long callRef, final int mediaIndex, final int type, final int side)
        {
        }

        @Override
        public void onStreamReport(final StreamReport report)
        {
            reports.add(new long[] {report.callRef(), report.kind(), report.packets(0), report.packets(1)});
        }
    }

    private static boolean await(final MediaControlClient client, final Heard heard, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            client.poll(heard);
            if (condition.getAsBoolean())
            {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }

    private static void relayOneCall(final MediaControlClient client, final Heard heard) throws Exception
    {
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket b = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            b.setSoTimeout(5_000);
            final long call = client.callRef(7);
            assertThat(client.offer(new AnchorRequest().stream(call, 0, 0).media(LOOPBACK, a.getLocalPort(), 0, false)
                .codec(MediaDirection.SENDRECV, 0, 8000), 1)).isTrue();
            assertThat(client.answer(new AnchorRequest().stream(call, 0, 1).media(LOOPBACK, b.getLocalPort(), 0, false)
                .codec(MediaDirection.SENDRECV, 0, 8000), 2)).isTrue();
            assertThat(await(client, heard, () -> heard.replies.size() == 2)).isTrue();
            final long[] offerReply = heard.replies.get(0);
            assertThat(offerReply[0]).isEqualTo(1);
            assertThat(offerReply[1]).isEqualTo(AnchorStatus.OK);
            assertThat(offerReply[4]).isEqualTo(4);
            assertThat(offerReply[5]).isEqualTo(127);
            assertThat(heard.replies.get(1)[2]).isEqualTo(offerReply[2]);

            final byte[] rtp = ByteBuffer.allocate(172).put((byte)0x80).put((byte)0).putShort((short)1).array();
            a.send(new DatagramPacket(rtp, rtp.length, new InetSocketAddress(LOOPBACK, (int)offerReply[2])));
            final DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            b.receive(in);
            assertThat(in.getPort()).isEqualTo((int)offerReply[3]);

            assertThat(client.delete(call)).isTrue();
            assertThat(await(client, heard, () -> !heard.reports.isEmpty())).isTrue();
            assertThat(heard.reports.getFirst()).containsExactly(call, StreamReport.KIND_FINAL, 1, 0);
        }
    }

    @Test
    void shouldAnchorRelayAndDeleteOverIpcInTheSameProcess() throws Exception
    {
        try (MediaService service = MediaService.launch(config(), MediaService.IPC);
            MediaControlClient client = service.newLocalClient(3))
        {
            final Heard heard = new Heard();
            assertThat(await(client, heard, client::isRelayAlive)).isTrue();
            relayOneCall(client, heard);
            assertThat(client.relayEpoch()).isEqualTo(service.server().relayEpoch());
        }
    }

    @Test
    void shouldAnchorRelayAndDeleteOverUdpToARelayOnItsOwnDriver() throws Exception
    {
        final String commands = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        try (MediaService service = MediaService.launch(config(), commands);
            AeronMediaDriver switchSide = AeronMediaDriver.launch("test-switch");
            MediaControlClient client = new MediaControlClient(switchSide.aeron(), commands,
                "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort(), 5))
        {
            final Heard heard = new Heard();
            assertThat(await(client, heard, client::isRelayAlive)).isTrue();
            relayOneCall(client, heard);
        }
    }

    /** Runs the relay's conductor on this thread until the condition holds, at most 10 s. */
    private static boolean serve(final Agent conductor, final BooleanSupplier condition) throws Exception
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            conductor.doWork();
            if (condition.getAsBoolean())
            {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }

    @Test
    void shouldStopAnsweringAControllerThatFellSilentAndAnswerItAgainWhenItSpeaks() throws Exception
    {
        try (AeronMediaDriver driver = AeronMediaDriver.launchHosted("silence");
            MediaRelay relay = MediaRelay.launch(config()))
        {
            // HELLO comes every second: 2.5 s of silence is a controller gone.
            final MediaControlServer server = new MediaControlServer(driver.aeron(), relay, MediaService.IPC,
                2_500_000_000L);
            final Agent conductor = driver.hostedOn(server);
            final Heard heard = new Heard();
            try (MediaControlClient client = new MediaControlClient(driver.aeron(), MediaService.IPC, MediaService.IPC, 5))
            {
                assertThat(serve(conductor, () -> client.poll(heard) >= 0 && client.isRelayAlive())).isTrue();
                assertThat(server.controllersAnswered()).isEqualTo(1);

                final long silentFromNs = System.nanoTime();
                assertThat(serve(conductor, () -> server.controllersAnswered() == 0)).as("forgotten").isTrue();
                assertThat(System.nanoTime() - silentFromNs).as("not before the silence limit")
                    .isGreaterThanOrEqualTo(1_500_000_000L);

                assertThat(serve(conductor, () -> client.poll(heard) >= 0 && server.controllersAnswered() == 1))
                    .as("answered again after its next HELLO, same epoch").isTrue();
                assertThat(heard.restarts).isEmpty();
            }
            finally
            {
                server.onClose();
            }
        }
    }

    @Test
    void shouldDeleteTheCallsOfAControllerThatComesBackWithANewEpoch() throws Exception
    {
        final RelayConfig config = config();
        try (MediaService service = MediaService.launch(config, MediaService.IPC))
        {
            final Heard heard = new Heard();
            try (MediaControlClient before = service.newLocalClient(9))
            {
                assertThat(await(before, heard, before::isRelayAlive)).isTrue();
                before.offer(new AnchorRequest().stream(before.callRef(1), 0, 0).media(LOOPBACK, 4000, 0, false), 1);
                assertThat(await(before, heard, () -> heard.replies.size() == 1)).isTrue();
                assertThat(heard.replies.getFirst()[1]).isEqualTo(AnchorStatus.OK);
            }
            // The same controller id, restarted: its first HELLO ends the old call and frees its ports.
            final Heard after = new Heard();
            try (MediaControlClient restarted = service.newLocalClient(9))
            {
                assertThat(await(restarted, after, restarted::isRelayAlive)).isTrue();
                // Past the 100 ms quarantine, every pair is free again only if the old call was deleted.
                Thread.sleep(300);
                final int pairs = (config.maxPort() - config.minPort() + 1) / 2;
                for (int call = 0; call < pairs / 2; call++)
                {
                    restarted.offer(new AnchorRequest().stream(restarted.callRef(100 + call), 0, 0)
                        .media(LOOPBACK, 4000, 0, false), call);
                }
                assertThat(await(restarted, after, () -> after.replies.size() == pairs / 2)).isTrue();
                assertThat(after.replies).allSatisfy(reply -> assertThat(reply[1]).isEqualTo(AnchorStatus.OK));
            }
        }
    }

    @Test
    void shouldTellTheControllerWhenTheRelayOnAMediaNodeRestarted() throws Exception
    {
        final String commands = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        try (AeronMediaDriver switchSide = AeronMediaDriver.launch("test-switch");
            MediaControlClient client = new MediaControlClient(switchSide.aeron(), commands,
                "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort(), 6))
        {
            final Heard heard = new Heard();
            try (MediaService first = MediaService.launch(config(), commands))
            {
                assertThat(await(client, heard, client::isRelayAlive)).isTrue();
            }
            try (MediaService second = MediaService.launch(config(), commands))
            {
                assertThat(await(client, heard, () -> !heard.restarts.isEmpty())).isTrue();
                assertThat(heard.restarts.getFirst()[1]).isEqualTo(second.server().relayEpoch());
            }
        }
    }
}
