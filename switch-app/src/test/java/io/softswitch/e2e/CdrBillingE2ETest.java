package io.softswitch.e2e;

import io.softswitch.app.Softswitch;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
              data-directory: %s
            cdr:
              journal-directory: %s
              node-id: e2e-node
              batch-size: 3
            decks:
              - {trunk: vendor-a, direction: vendor, file: vendor-a.csv}
              - {trunk: acme, direction: customer, file: acme.csv}
            """.formatted(vendor.localPort(), directory.resolve("postgres"), directory.resolve("cdr")));
        final SoftswitchConfig config = new ConfigFileReader(Map.of()).read(directory.resolve("switch.yaml"));
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
            assertThat(query(database, "SELECT sum(calls), sum(answered), sum(revenue), sum(cost) FROM cdr_hourly"))
                .containsExactly(CALLS + "|" + CALLS + "|0.128000|0.052000");
            assertThat(query(database, "SELECT count(*) FROM cdr WHERE customer_trunk = 'acme' AND called_number = '" +
                NUMBER + "' AND node_id = 'e2e-node'")).containsExactly(Integer.toString(CALLS));
        }
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
