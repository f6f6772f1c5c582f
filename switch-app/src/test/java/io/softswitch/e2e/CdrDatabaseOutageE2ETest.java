package io.softswitch.e2e;

import io.softswitch.app.Softswitch;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.cdr.billing.BillingTailer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The billing database stopped for 30 s in the middle of a SIPp run (calls before, during and
 * after the outage): no call fails, the billing backlog metric rises while PostgreSQL is down and
 * drains once it is back, and every call has exactly one CDR.
 */
@Tag("e2e")
@Timeout(400)
class CdrDatabaseOutageE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** 2 calls a second for about 50 s: the run goes on for a while after PostgreSQL is back. */
    private static final int CALLS = 100;

    @TempDir
    Path directory;

    private final List<SippProcess> processes = new ArrayList<>();
    private EmbeddedPostgres postgres;

    @AfterEach
    void stop() throws Exception
    {
        processes.forEach(SippProcess::close);
        if (postgres != null)
        {
            postgres.close();
        }
    }

    @Test
    void shouldCarryEveryCallAndBillItOnceWhilePostgresIsDownFor30Seconds() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final Path data = directory.resolve("pg");
        postgres = start(data, port);
        final SippProcess vendor = SippProcess.uas("uas-answer.xml").calls(CALLS).timeoutSeconds(180)
            .start("vendor", directory);
        processes.add(vendor);
        Files.writeString(directory.resolve("acme.csv"), "prefix,destination,rate\n1,USA,0.012\n");
        Files.writeString(directory.resolve("vendor-a.csv"), "prefix,destination,rate\n1,USA,0.0065\n");
        Files.writeString(directory.resolve("switch.yaml"), """
            sip:
              host: 127.0.0.1
              udp-port: 0
              tcp-port: -1
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
              jdbc-url: jdbc:postgresql://localhost:%d/postgres?user=postgres&connectTimeout=2&socketTimeout=30
            cdr:
              journal-directory: %s
              batch-size: 4
            decks:
              - {trunk: vendor-a, direction: vendor, file: vendor-a.csv}
              - {trunk: acme, direction: customer, file: acme.csv}
            """.formatted(vendor.localPort(), port, directory.resolve("cdr")));
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(directory.resolve("switch.yaml"));
        try (Softswitch softswitch = Softswitch.start(config, Map.of()))
        {
            final DataSource database = softswitch.dataSource();
            final BillingTailer tailer = softswitch.cdr().tailer();
            final SippProcess customer = SippProcess.uac("uac-basic.xml", "127.0.0.1", softswitch.sipUdpPort())
                .service("12125550100").calls(CALLS).callsPerSecond(2).holdMs(1_000).timeoutSeconds(180)
                .start("customer", directory);
            processes.add(customer);

            // Some calls billed, then PostgreSQL goes away for 30 s while calls go on.
            awaitBilled(database, 2);
            postgres.close();
            postgres = null;
            final long downAt = System.nanoTime();
            long highestBacklog = 0;
            while (System.nanoTime() - downAt < OUTAGE.toNanos())
            {
                highestBacklog = Math.max(highestBacklog, tailer.backlogRecords());
                Thread.sleep(200);
            }
            assertThat(customer.isAlive()).as("SIPp still calling when PostgreSQL comes back").isTrue();
            // At 2 calls a second, 30 s down leaves about 60 calls waiting in the journal.
            assertThat(highestBacklog).as("backlog (softswitch_billing_backlog_records) while PostgreSQL is down").isGreaterThanOrEqualTo(30);
            assertThat(tailer.backlogSeconds()).as("backlog age while PostgreSQL is down").isPositive();

            postgres = start(data, port);
            final SippStatistics caller = customer.awaitSuccess(DEADLINE);
            assertThat(caller.successfulCalls()).isEqualTo(CALLS);
            assertThat(caller.failedCalls()).isZero();
            final long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (count(database, "SELECT count(*) FROM cdr") < CALLS || tailer.backlogRecords() > 0)
            {
                assertThat(System.nanoTime() - deadline).as("backlog drained in time").isNegative();
                Thread.sleep(100);
            }
            assertThat(tailer.backlogSeconds()).as("backlog age once drained").isZero();
            assertThat(CdrBillingE2ETest.query(database, "SELECT count(*), count(DISTINCT customer_call_id), " +
                "min(final_code), count(*) FILTER (WHERE answer_at IS NOT NULL) FROM cdr"))
                .containsExactly(CALLS + "|" + CALLS + "|200|" + CALLS);
            assertThat(count(database, "SELECT sum(calls) FROM cdr_hourly")).isEqualTo(CALLS);
        }
    }

    private static void awaitBilled(final DataSource database, final long calls) throws InterruptedException
    {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (count(database, "SELECT count(*) FROM cdr") < calls)
        {
            assertThat(System.nanoTime() - deadline).as("first calls billed in time").isNegative();
            Thread.sleep(50);
        }
    }

    private static long count(final DataSource database, final String sql)
    {
        try
        {
            return Long.parseLong(CdrBillingE2ETest.query(database, sql).getFirst());
        }
        catch (final SQLException ex)
        {
            return -1;
        }
    }

    private static EmbeddedPostgres start(final Path data, final int port) throws Exception
    {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
            .setServerConfig("listen_addresses", "localhost").start();
    }
}
