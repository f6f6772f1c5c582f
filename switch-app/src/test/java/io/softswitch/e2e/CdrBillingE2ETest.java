package io.softswitch.e2e;

import io.softswitch.app.Softswitch;
import io.softswitch.app.admin.Role;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls through the whole switch (embedded PostgreSQL, Chronicle journal, billing tailer) with
 * SIPp as customer and vendor: every successful call has one CDR, billed at the hand-computed
 * seconds and amounts.
 */
@Tag("e2e")
@Timeout(240)
class CdrBillingE2ETest
{
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int CALLS = 8;
    private static final String NUMBER = "12125550100";

    @TempDir
    Path directory;

    private final List<SippProcess> processes = new ArrayList<>();

    @AfterEach
    void stopSipp()
    {
        processes.forEach(SippProcess::close);
    }

    @Test
    void shouldBillEverySuccessfulCallOnceAtTheHandComputedAmounts() throws Exception
    {
        final SippProcess vendor = SippProcess.uas("uas-answer.xml").calls(CALLS).start("vendor", directory);
        processes.add(vendor);
        final SoftswitchConfig config = config(vendor.localPort(), "");
        try (Softswitch softswitch = Softswitch.start(config, Map.of()))
        {
            final SippProcess customer = SippProcess.uac("uac-basic.xml", "127.0.0.1", softswitch.sipUdpPort())
                .service(NUMBER).calls(CALLS).callsPerSecond(4).holdMs(2_000).start("customer", directory);
            processes.add(customer);
            final SippStatistics caller = customer.awaitSuccess(DEADLINE);
            assertThat(caller.successfulCalls()).isEqualTo(CALLS);

            final DataSource database = softswitch.dataSource();
            final long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (Long.parseLong(query(database, "SELECT count(*) FROM cdr").getFirst()) < CALLS)
            {
                assertThat(System.nanoTime() - deadline).as("CDRs billed in time").isNegative();
                Thread.sleep(100);
            }
            // A 2 s hold is 2.0xx s answered: 3 started seconds. Sell 30/6 bills 30 s at 0.012 plus
            // the 0.01 connect fee = 0.016000; buy 60/60 bills 60 s at 0.0065 = 0.006500.
            assertThat(query(database, "SELECT count(*), count(DISTINCT customer_call_id), min(sell_billed_s), " +
                "max(sell_billed_s), min(revenue), max(revenue), min(cost), max(cost), sum(revenue), sum(cost), " +
                "min(duration_ms) >= 2000, max(duration_ms) < 3000, min(final_code), max(end_reason) FROM cdr"))
                .containsExactly(CALLS + "|" + CALLS + "|30|30|0.016000|0.016000|0.006500|0.006500|0.128000|0.052000" +
                    "|true|true|200|CUSTOMER_BYE");
            assertThat(query(database, "SELECT count(*), min(buy_billed_s), max(buy_billed_s), min(vendor_trunk), " +
                "min(final_code) FROM cdr_attempt"))
                .containsExactly(CALLS + "|60|60|vendor-a|200");
            // What the engine routed on, carried from its answer through the journal: both decks match at 1.
            assertThat(query(database, "SELECT min(routed_sell_prefix), max(routed_sell_prefix), min(routed_sell_rate), " +
                "max(routed_sell_rate) FROM cdr")).containsExactly("1|1|0.012000|0.012000");
            assertThat(query(database, "SELECT min(routed_prefix), max(routed_prefix), min(routed_rate), max(routed_rate) " +
                "FROM cdr_attempt")).containsExactly("1|1|0.006500|0.006500");
            assertThat(query(database, "SELECT sum(calls), sum(answered), sum(revenue), sum(cost) FROM cdr_hourly"))
                .containsExactly(CALLS + "|" + CALLS + "|0.128000|0.052000");
            assertThat(query(database, "SELECT count(*) FROM cdr WHERE customer_trunk = 'acme' AND called_number = '" +
                NUMBER + "' AND node_id = 'e2e-node'")).containsExactly(Integer.toString(CALLS));

            assertFinanceEndpoints(softswitch);
        }
    }

    private SoftswitchConfig config(final int vendorPort, final String extraCdr) throws Exception
    {
        Files.writeString(directory.resolve("acme.csv"),
            "Prefix,Destination,Rate,Effective Date,Connect Fee,Increments\n1,USA/Canada,0.012000,2026-01-01,0.010000,30/6\n");
        Files.writeString(directory.resolve("vendor-a.csv"),
            "Prefix,Destination,Rate,Effective Date,Increments\n1,USA/Canada,0.006500,2026-01-01,60/60\n");
        Files.writeString(directory.resolve("switch.yaml"), """
            sip:
              host: 127.0.0.1
              udp-port: 0
              tcp-port: -1
              advertised-host: 127.0.0.1
            admin:
              port: 0
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            vendors:
              - name: vendor-a
                host: 127.0.0.1
                port: %d
                transport: udp
            database:
              data-directory: %s
            cdr:
              journal-directory: %s
              node-id: e2e-node
              batch-size: 3
            %s
            decks:
              - {trunk: vendor-a, direction: vendor, file: vendor-a.csv}
              - {trunk: acme, direction: customer, file: acme.csv}
            """.formatted(vendorPort, directory.resolve("postgres"), directory.resolve("cdr"), extraCdr));
        return new ConfigFileReader(Map.of()).read(directory.resolve("switch.yaml"));
    }

    @Test
    void shouldRefuseNewCallsWith503WhileTheJournalIsBelowItsFreeSpaceFloor() throws Exception
    {
        final SippProcess vendor = SippProcess.uas("uas-answer.xml").calls(CALLS).start("vendor", directory);
        processes.add(vendor);
        // A floor no disk has: the journal reports itself unwritable from the start.
        final SoftswitchConfig config = config(vendor.localPort(), "  free-space-floor-mb: 1073741824");
        try (Softswitch softswitch = Softswitch.start(config, Map.of());
             HttpClient client = HttpClient.newHttpClient())
        {
            assertThat(softswitch.cdr().journal().writable()).isFalse();
            final SippProcess customer = SippProcess.uac("uac-503.xml", "127.0.0.1", softswitch.sipUdpPort())
                .service(NUMBER).calls(3).callsPerSecond(10).start("customer", directory);
            processes.add(customer);
            assertThat(customer.awaitSuccess(DEADLINE).successfulCalls()).isEqualTo(3);
            assertThat(vendor.receivedRequests("INVITE")).isEmpty();

            final String base = "http://127.0.0.1:" + softswitch.adminPort();
            final String metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("softswitch_calls_refused_total\\{[^}]*reason=\"cdr_journal\"[^}]*} 3\\.0")
                .contains("softswitch_cdr_journal_writable 0.0");
            final String health = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertThat(health).contains("\"status\":\"DEGRADED\"").contains("below floor");
        }
    }

    private static void assertFinanceEndpoints(final Softswitch softswitch) throws Exception
    {
        final String finance = softswitch.tokens().create("e2e-finance", Role.FINANCE).token();
        final String noc = softswitch.tokens().create("e2e-noc", Role.READ_ONLY).token();
        final String base = "http://127.0.0.1:" + softswitch.adminPort();
        final Instant now = Instant.now();
        final String range = "&from=" + now.minus(2, ChronoUnit.HOURS) + "&to=" + now.plus(1, ChronoUnit.HOURS);
        try (HttpClient client = HttpClient.newHttpClient())
        {
            final HttpResponse<String> margin = get(client, base + "/api/reports/margin?by=customer&format=csv" + range,
                finance);
            assertThat(margin.statusCode()).as(margin.body()).isEqualTo(200);
            assertThat(margin.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
            assertThat(margin.body().lines().toList()).contains(
                "acme," + CALLS + "," + CALLS + "," + CALLS + ",100.00," + margin.body().lines().toList().get(1)
                    .split(",")[5] + "," + margin.body().lines().toList().get(1).split(",")[6] + ",4.0000,0.128000," +
                    "0.052000,0.076000,59.38");

            final HttpResponse<String> export = get(client, base + "/api/cdrs?trunk=vendor-a" + range, finance);
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            final List<String> lines = export.body().lines().toList();
            assertThat(lines).hasSize(CALLS + 1);
            assertThat(lines.subList(1, lines.size())).allMatch(line -> line.contains(",60,1,USA/Canada,0.006500," +
                "0.000000,60/60,0,0.006500,200,CUSTOMER_BYE"));

            assertThat(get(client, base + "/api/reports/margin?by=customer" + range, noc).statusCode()).isEqualTo(403);
            assertThat(get(client, base + "/api/reports/margin?by=planet" + range, finance).statusCode()).isEqualTo(400);
            assertThat(get(client, base + "/health", noc).body()).contains("\"status\":\"UP\"")
                .contains("\"journal\":\"ok\"");
        }
    }

    private static HttpResponse<String> get(final HttpClient client, final String uri, final String token)
        throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> query(final DataSource dataSource, final String sql) throws SQLException
    {
        final List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
            Statement statement = connection.createStatement();
            ResultSet result = statement.executeQuery(sql))
        {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next())
            {
                final StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++)
                {
                    final Object value = result.getObject(i);
                    row.append(i > 1 ? "|" : "").append(value instanceof BigDecimal d ? d.toPlainString() : value);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
