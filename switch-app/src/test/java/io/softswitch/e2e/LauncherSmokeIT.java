package io.softswitch.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static io.softswitch.e2e.SwitchConfigs.NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's start path, as a user runs it: {@code bin/softswitch --config FILE} as a process
 * of its own, one SIPp call through it, then SIGTERM to its PID, after which it must exit.
 * Runs after {@code package} (Maven Failsafe), since the launcher runs the packaged jar.
 */
@Tag("e2e")
@Timeout(180)
class LauncherSmokeIT
{
    private static final Duration LISTEN_DEADLINE = Duration.ofSeconds(90);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    @TempDir
    private Path directory;

    private final List<SippProcess> processes = new ArrayList<>();
    private Process launcher;

    @AfterEach
    void stopProcesses() throws InterruptedException
    {
        processes.forEach(SippProcess::close);
        if (launcher != null && launcher.isAlive())
        {
            launcher.destroyForcibly();
            launcher.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldCarryCallThroughLauncherAndExitOnSigterm() throws IOException, InterruptedException
    {
        // The vendor waits as long as the switch may take to start on a loaded machine.
        final SippProcess vendor = SippProcess.uas("uas-answer.xml").timeoutSeconds(150).start("vendor", directory);
        processes.add(vendor);
        final int sipPort = FreePorts.udpAndTcp(LOOPBACK);
        final Path config = directory.resolve("softswitch.yaml");
        Files.writeString(config, """
            sip:
              host: 127.0.0.1
              udp-port: %d
              tcp-port: %d
              advertised-host: 127.0.0.1
            admin:
              host: 127.0.0.1
              port: 0
            customers:
              - name: smoke-customer
                sources: [127.0.0.1/32]
                cps-limit: 10
                concurrent-limit: 10
            vendors:
              - name: smoke-vendor
                host: 127.0.0.1
                port: %d
                transport: udp
                cps-limit: 10
                concurrent-limit: 10
            database:
              data-directory: %s
            decks:
              - {trunk: smoke-vendor, direction: vendor, file: vendor.csv}
              - {trunk: smoke-customer, direction: customer, file: customer.csv}
            """.formatted(sipPort, sipPort, vendor.localPort(), directory.resolve("postgres")));
        Files.writeString(directory.resolve("vendor.csv"), "prefix,destination,rate\n1,North America,0.004\n");
        Files.writeString(directory.resolve("customer.csv"), "prefix,destination,rate\n1,North America,0.010\n");
        final Path log = directory.resolve("softswitch.log");
        launcher = new ProcessBuilder(RepositoryPaths.root().resolve("bin/softswitch").toString(),
            "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

        awaitOptionsAnswer(sipPort, log);
        final SippProcess customer = SippProcess.uac("uac-basic.xml", LOOPBACK, sipPort)
            .service(NUMBER)
            .holdMs(100)
            .start("customer", directory);
        processes.add(customer);
        customer.awaitSuccess(CALL_DEADLINE);
        vendor.awaitSuccess(CALL_DEADLINE);

        launcher.destroy();
        final boolean exited = launcher.waitFor(30, TimeUnit.SECONDS);
        assertThat(exited).as("softswitch exited within 30 s of SIGTERM; log:%n%s", Files.readString(log)).isTrue();
        assertThat(vendor.receivedRequests("INVITE")).hasSize(1);
    }

    /**
     * Waits until the switch answers an OPTIONS (RFC 3261 §11) on its SIP port: then it listens.
     */
    private void awaitOptionsAnswer(final int sipPort, final Path log) throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + LISTEN_DEADLINE.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(LOOPBACK), 0)))
        {
            socket.setSoTimeout(250);
            final byte[] options = ("""
                OPTIONS sip:%s:%d SIP/2.0\r
                Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-smoke-%d;rport\r
                Max-Forwards: 70\r
                From: <sip:smoke@%s>;tag=smoke\r
                To: <sip:%s:%d>\r
                Call-ID: smoke-%d@%s\r
                CSeq: 1 OPTIONS\r
                Content-Length: 0\r
                \r
                """).formatted(LOOPBACK, sipPort, LOOPBACK, socket.getLocalPort(), System.nanoTime(), LOOPBACK,
                LOOPBACK, sipPort, System.nanoTime(), LOOPBACK).getBytes(StandardCharsets.US_ASCII);
            final byte[] buffer = new byte[8_192];
            while (System.nanoTime() - deadlineNs < 0)
            {
                if (!launcher.isAlive())
                {
                    throw new AssertionError("softswitch exited before listening: exitCode=" + launcher.exitValue() +
                        System.lineSeparator() + Files.readString(log));
                }
                socket.send(new DatagramPacket(options, options.length,
                    new InetSocketAddress(InetAddress.ofLiteral(LOOPBACK), sipPort)));
                try
                {
                    final DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                    socket.receive(answer);
                    if (new String(buffer, 0, answer.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200"))
                    {
                        return;
                    }
                }
                catch (final SocketTimeoutException ex)
                {
                    Thread.sleep(250);
                }
            }
        }
        throw new AssertionError("softswitch did not answer OPTIONS within " + LISTEN_DEADLINE +
            System.lineSeparator() + Files.readString(log));
    }
}
