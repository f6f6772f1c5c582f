package io.softswitch.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.SoftswitchConfig;
import io.softswitch.cdr.CallParty;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.CdrRecord;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.billing.BillingSettings;
import io.softswitch.cdr.billing.BillingTailer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code softswitch report ...} on the database a configuration names: the margin report and the
 * CDR export of calls billed into it, and help without opening any database.
 */
@Timeout(120)
class ReportCommandLineTest
{
    @RegisterExtension
    final OfflineSwitchFixture offline = new OfflineSwitchFixture();

    @Test
    void shouldPrintHelpWithoutADatabase()
    {
        assertThat(offline.run("report", "--help")).isZero();
        assertThat(offline.out()).contains("softswitch report margin --by customer|vendor|destination|day|hour");
        assertThat(offline.directory().resolve("postgres")).doesNotExist();
    }

    @Test
    void shouldReportMarginAndExportCdrsOfTheConfiguredDatabase() throws Exception
    {
        offline.writeDeck("acme", "prefix,destination,rate\n44,United Kingdom,0.020\n");
        offline.writeDeck("cheap", "prefix,destination,rate,increments\n44,UK,0.006,1/1\n");
        final Path config = offline.writeConfig("""
            customers:
              - name: acme
                sources: [127.0.0.1/32]
            vendors:
              - name: cheap
                host: 127.0.0.1
            decks:
              - {trunk: cheap, direction: vendor, file: cheap.csv}
              - {trunk: acme, direction: customer, file: acme.csv}
            """);
        final SoftswitchConfig read = new ConfigFileReader(Map.of()).read(config);
        // Seed decks take effect when imported (never in the past): the call is a minute later.
        final Instant startAt = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        final long start = startAt.toEpochMilli();
        final String from = startAt.minus(1, ChronoUnit.HOURS).toString();
        final String to = startAt.plus(1, ChronoUnit.HOURS).toString();
        // 90.5 s answered: the customer's 60/60 bills 120 s at 0.020 = 0.040000, the vendor's 1/1 91 s at
        // 0.006 = 0.009100.
        try (RateDecks decks = RateDecks.open(read.database(), Map.of(), Clock.systemUTC()))
        {
            decks.seed(read.decks());
            final JournalSettings journal = JournalSettings.defaults(offline.directory().resolve("cdr"), "node-1");
            try (CdrJournal cdrs = CdrJournal.open(journal, new SimpleMeterRegistry()))
            {
                final CdrRecord record = new CdrRecord().clear().nodeId("node-1")
                    .customer("acme", "their-1@10.1.1.1", "3312", "00447700900123", "447700900123")
                    .times(start, start + 100, start + 1_000, start + 91_500)
                    .ending(200, "VENDOR_BYE", CallParty.VENDOR).sell("44", 20_000);
                record.addAttempt().route("cheap", "ours-1", "447700900123", "44", 6_000)
                    .outcome(start + 10, start + 100, start + 1_000, start + 91_500, 200);
                assertThat(cdrs.writer(0).append(record)).isTrue();
            }
            try (BillingTailer tailer = new BillingTailer(BillingSettings.defaults(journal), decks.dataSource(),
                new SimpleMeterRegistry(), Clock.systemUTC()))
            {
                assertThat(tailer.pollOnce()).isEqualTo(1);
            }
        }

        assertThat(offline.run("report", "margin", "--by", "customer", "--from", from, "--to", to,
            "--config", offline.config())).as(offline.err()).isZero();
        assertThat(offline.out()).isEqualTo("""
            key,calls,attempts,answered,asr_percent,acd_s,minutes,billed_minutes,revenue,cost,margin,margin_percent
            acme,1,1,1,100.00,90.5,1.51,2.0000,0.040000,0.009100,0.030900,77.25
            total,1,1,1,100.00,90.5,1.51,2.0000,0.040000,0.009100,0.030900,77.25
            """);
        offline.clearOut();
        assertThat(offline.run("report", "cdrs", "--trunk", "cheap", "--from", from, "--to", to, "--config",
            offline.config())).as(offline.err()).isZero();
        assertThat(offline.out().lines().toList()).containsExactly(
            "call_id,calling_number,called_number,start,answer,end,duration_ms,billed_s,prefix,destination," +
                "rate_per_min,connect_fee,increments,minimum_s,amount,final_code,end_reason",
            "ours-1,3312,447700900123," + Instant.ofEpochMilli(start + 10) + "," + Instant.ofEpochMilli(start + 1_000) +
                "," + Instant.ofEpochMilli(start + 91_500) + ",90500,91,44,UK,0.006000,0.000000,1/1,0,0.009100,200," +
                "VENDOR_BYE");
    }
}
