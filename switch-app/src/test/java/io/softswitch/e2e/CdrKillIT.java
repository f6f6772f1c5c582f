package io.softswitch.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static io.softswitch.e2e.SwitchConfigs.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the switch process (bin/softswitch) in the middle of a SIPp run, then a
 * restart on the same journal: every call that SIPp saw end before the kill has its CDR, none
 * twice. PostgreSQL runs in this JVM (an external database for the switch), so it outlives the
 * killed switch as a production database would.
 */
@Tag("e2e")
@Timeout(300)
class CdrKillIT
{
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int CALLS = 40;

    @TempDir
    Path directory;

    private final List<SippProcess> processes = new ArrayList<>();
    private final List<Process> switches = new ArrayList<>();
    private EmbeddedPostgres postgres;

    @AfterEach
    void stop() throws Exception
    {
        processes.forEach(SippProcess::close);
        for (final Process process : switches)
        {
            if (process.isAlive())
            {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (postgres != null)
        {
            postgres.close();
        }
    }

    @Test
    void shouldKeepEveryEndedCallsCdrAcrossAKillOfTheSwitch() throws Exception
    {
        // Run from the packaged jar, the class path holds the PostgreSQL binaries twice (the jar's
        // lib/ and the repository): take the first.
        postgres = EmbeddedPostgres.builder().setDataDirectory(directory.resolve("pg"))
            .setPgBinaryResolver((system, hardware) ->
                CdrKillIT.class.getClassLoader().getResourceAsStream(
                    "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware + ".txz"))
            .start();
        final DataSource database = postgres.getPostgresDatabase();
        final SippProcess vendor = SippProcess.uas("uas-answer.xml").calls(CALLS).timeoutSeconds(240)
            .start("vendor", directory);
        processes.add(vendor);
        final int sipPort = FreePorts.udpAndTcp(LOOPBACK);
        Files.writeString(directory.resolve("acme.csv"), "prefix,destination,rate\n1,USA,0.012\n");
        Files.writeString(directory.resolve("vendor-a.csv"), "prefix,destination,rate\n1,USA,0.0065\n");
        final Path config = directory.resolve("switch.yaml");
        Files.writeString(config, """
            sip:
              host: 127.0.0.1
              udp-port: %d
              tcp-port: %d
              advertised-host: 127.0.0.1
            admin:
              port: -1
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            vendors:
              - name: vendor-a
                host: 127.0.0.1
                port: %d
                transport: udp
            database:
              jdbc-url: jdbc:postgresql://localhost:%d/postgres?user=postgres
            cdr:
              journal-directory: %s
              batch-size: 5
            decks:
              - {trunk: vendor-a, direction: vendor, file: vendor-a.csv}
              - {trunk: acme, direction: customer, file: acme.csv}
            """.formatted(sipPort, sipPort, vendor.localPort(), postgres.getPort(), directory.resolve("cdr")));

        final Process first = launch(config, "first.log");
        awaitOptionsAnswer(first, sipPort, directory.resolve("first.log"));
        final SippProcess customer = SippProcess.uac("uac-basic.xml", LOOPBACK, sipPort).service("12125550100")
            .calls(CALLS).callsPerSecond(5).holdMs(500).timeoutSeconds(60).start("customer", directory);
        processes.add(customer);
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (count(database, "SELECT count(*) FROM cdr") < 10)
        {
            assertThat(System.nanoTime() - deadline).as("first CDRs billed in time").isNegative();
            Thread.sleep(50);
        }
        final Process kill = new ProcessBuilder("kill", "-9", Long.toString(first.pid())).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);

        // SIPp gives up on the calls in progress; those it saw end are the ones that must be billed.
        customer.awaitExit(DEADLINE);
        final long ended = customer.statistics().successfulCalls();
        assertThat(ended).isBetween(10L, (long)CALLS - 1);

        final Process second = launch(config, "second.log");
        awaitOptionsAnswer(second, sipPort, directory.resolve("second.log"));
        // Billing may wait while the restarted switch's loops are under pressure (a loaded machine):
        // wait for every ended call's CDR, then for the count to stay put (a duplicate would come late).
        long billed = -1;
        long stableSince = System.nanoTime();
        while (count(database, "SELECT count(*) FROM cdr WHERE end_reason = 'CUSTOMER_BYE'") < ended
            || System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(5))
        {
            assertThat(System.nanoTime() - deadline).as("journal billed after the restart in time").isNegative();
            final long now = count(database, "SELECT count(*) FROM cdr");
            if (now != billed)
            {
                billed = now;
                stableSince = System.nanoTime();
            }
            Thread.sleep(200);
        }
        final long byeCdrs = count(database, "SELECT count(*) FROM cdr WHERE end_reason = 'CUSTOMER_BYE'");
        assertThat(byeCdrs).as("answered calls ended by the customer's BYE").isGreaterThanOrEqualTo(ended);
        assertThat(count(database, "SELECT count(DISTINCT customer_call_id) FROM cdr")).isEqualTo(billed);
        assertThat(count(database, "SELECT sum(calls) FROM cdr_hourly")).isEqualTo(billed);
        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private Process launch(final Path config, final String logName) throws IOException
    {
        final Process process = new ProcessBuilder(RepositoryPaths.root().resolve("bin/softswitch").toString(),
            "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve(logName).toFile())
            .start();
        switches.add(process);
        return process;
    }

    private static long count(final DataSource database, final String sql)
    {
        try
        {
            return Long.parseLong(CdrBillingE2ETest.query(database, sql).getFirst());
        }
        catch (final SQLException | NumberFormatException ex)
        {
            return -1;
        }
    }

    private static void awaitOptionsAnswer(final Process process, final int sipPort, final Path log)
        throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(LOOPBACK), 0)))
        {
            socket.setSoTimeout(250);
            final byte[] buffer = new byte[8_192];
            while (System.nanoTime() - deadlineNs < 0)
            {
                if (!process.isAlive())
                {
                    throw new AssertionError("softswitch exited before listening: " + Files.readString(log));
                }
                final byte[] options = ("OPTIONS sip:" + LOOPBACK + ":" + sipPort + " SIP/2.0\r\n" +
                    "Via: SIP/2.0/UDP " + LOOPBACK + ":" + socket.getLocalPort() + ";branch=z9hG4bK-kill-" +
                    System.nanoTime() + "\r\nMax-Forwards: 70\r\nFrom: <sip:kill@" + LOOPBACK + ">;tag=k\r\n" +
                    "To: <sip:" + LOOPBACK + ">\r\nCall-ID: kill-" + System.nanoTime() + "@" + LOOPBACK + "\r\n" +
                    "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
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
        throw new AssertionError("softswitch did not answer OPTIONS in time: " + Files.readString(log));
    }
}
