package io.softswitch.app.config;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualityAction;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.VendorPreference;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.signaling.OverloadPolicy;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.Transport;
import io.softswitch.signaling.trunk.VendorTrunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static io.softswitch.app.config.ConfigFileAssertions.assertRefused;
import static io.softswitch.app.config.ConfigFileAssertions.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole file: every key read into the model, the defaults, environment references, the file
 * and YAML errors, the mistakes any node can make, the SIP stack's sections and the demo file.
 */
class ConfigFileReaderTest
{
    private static final String GOOD = """
        sip:
          host: 192.0.2.1
          udp-port: 5080
          tcp-port: -1
          advertised-host: 203.0.113.9
        admin:
          host: 127.0.0.2
          port: 9090
        timers:
          t1-ms: 250
          t2-ms: 2000
          t4-ms: 4000
        limits:
          max-start-line-bytes: 2048
          max-header-bytes: 8192
          max-header-count: 64
          max-body-bytes: 4096
        customers:
          - name: acme
            sources: [192.0.2.0/24, "2001:db8::/32"]
            tech-prefix: "7001"
            number-rules:
              strip-prefix: "1010"
              international-prefix: "00"
              national-prefix: "0"
              country-code: "44"
              add-prefix: "9"
            cps-limit: 30
            concurrent-limit: 300
            failover:
              reroute-on: [408, 480, 5xx]
              stop-on: [486, 6xx]
              provisional-timeout-ms: 1500
            routing:
              mode: weighted
              min-margin: "0.0025"
              min-margin-percent: 12.5
              max-attempts: 5
              vendors:
                carrier-b: {priority: 1, weight: 70}
                carrier-c: {priority: 2}
        vendors:
          - name: carrier-b
            host: 198.51.100.10
            port: 5062
            transport: tcp
            cps-limit: 40
            concurrent-limit: 400
            probe:
              enabled: true
              interval-ms: 5000
              failures-to-down: 2
              successes-to-up: 3
          - name: carrier-c
            host: "2001:db8::c"
        quality:
          group-digits: 3
          bucket-ms: 1000
          bucket-count: 10
          min-samples: 5
          min-asr-percent: 35.5
          min-ner-percent: 70
          min-acd-ms: 2000
          max-pdd-ms: 6000
          action: exclude
          unknown-asr-percent: 40
        database:
          jdbc-url: jdbc:postgresql://127.0.0.1:5432/switch
        decks:
          - {trunk: carrier-b, direction: vendor, file: ../config/decks/vendor-b.csv, mapping: code-first}
          - {trunk: acme, direction: customer, file: ../config/decks/acme-sell.csv}
        """;

    private final ConfigFileReader reader = new ConfigFileReader(Map.of());

    @Test
    void shouldReadEveryKeyIntoTheModel()
    {
        final SoftswitchConfig config = read(GOOD);
        final SwitchConfig signaling = config.signaling();

        assertThat(signaling.listen()).isEqualTo(new SipListen("192.0.2.1", 5080, -1, "203.0.113.9"));
        assertThat(config.admin()).isEqualTo(new AdminListen("127.0.0.2", 9090));
        assertThat(signaling.timers()).isEqualTo(new SipTimers(250, 2_000, 4_000));
        assertThat(signaling.limits()).isEqualTo(new SipLimits(2_048, 8_192, 64, 4_096));

        final BitSet reroute = new BitSet();
        reroute.set(408);
        reroute.set(480);
        reroute.set(500, 600);
        final BitSet stop = new BitSet();
        stop.set(486);
        stop.set(600, 700);
        assertThat(signaling.customers()).containsExactly(new CustomerTrunk(
            "acme",
            List.of(AddressRange.parse("192.0.2.0/24"), AddressRange.parse("2001:db8::/32")),
            "7001",
            new NumberRules("1010", "00", "0", "44", "9"),
            30,
            300,
            new FailoverPolicy(reroute, stop, 1_500, 5)));

        assertThat(signaling.vendors()).containsExactly(
            new VendorTrunk("carrier-b", "198.51.100.10", 5062, Transport.TCP, 40, 400,
                new ProbePolicy(true, 5_000, 2, 3)),
            new VendorTrunk("carrier-c", "2001:db8::c", 5060, Transport.UDP,
                ConfigFileReader.DEFAULT_CPS_LIMIT, ConfigFileReader.DEFAULT_CONCURRENT_LIMIT, ProbePolicy.DISABLED));

        assertThat(config.routing().customer("acme")).isEqualTo(new CustomerRouting(OrderingMode.WEIGHTED, 2_500,
            1_250, 5, Map.of("carrier-b", new VendorPreference(1, 70), "carrier-c", new VendorPreference(2, 1))));
        assertThat(config.routing().quality()).isEqualTo(
            new QualitySettings(3, 1_000, 10, 5, 355, 700, 2_000, 6_000, QualityAction.EXCLUDE, 400));
        assertThat(config.database()).isEqualTo(
            new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/switch", Path.of("data", "postgres")));
        assertThat(config.decks()).containsExactly(
            new DeckSeed("carrier-b", DeckDirection.VENDOR, Path.of("../config/decks/vendor-b.csv"), "code-first"),
            new DeckSeed("acme", DeckDirection.CUSTOMER, Path.of("../config/decks/acme-sell.csv"), "generic"));
    }

    @Test
    void shouldApplyDefaultsToOmittedSections()
    {
        final SoftswitchConfig config = read("""
            customers:
              - name: acme
                sources: [10.0.0.1]
            """);

        assertThat(config.signaling().listen()).isEqualTo(new SipListen("127.0.0.1", 5060, 5060, "127.0.0.1"));
        assertThat(config.admin()).isEqualTo(AdminListen.DEFAULT);
        assertThat(config.signaling().timers()).isEqualTo(SipTimers.RFC_3261);
        assertThat(config.signaling().limits()).isEqualTo(SipLimits.DEFAULT);
        final CustomerTrunk acme = config.signaling().customers().getFirst();
        assertThat(acme.techPrefix()).isEmpty();
        assertThat(acme.numberRules()).isEqualTo(NumberRules.NONE);
        assertThat(acme.cpsLimit()).isEqualTo(ConfigFileReader.DEFAULT_CPS_LIMIT);
        assertThat(acme.concurrentLimit()).isEqualTo(ConfigFileReader.DEFAULT_CONCURRENT_LIMIT);
        final FailoverPolicy defaults = FailoverPolicy.defaults();
        assertThat(acme.failover()).isEqualTo(new FailoverPolicy(defaults.rerouteOn(), defaults.stopOn(),
            defaults.provisionalTimeoutMs(), CustomerRouting.DEFAULT.maxAttempts()));
        assertThat(config.signaling().vendors()).isEmpty();
        assertThat(config.routing().customer("acme")).isEqualTo(CustomerRouting.DEFAULT);
        assertThat(config.routing().quality()).isEqualTo(QualitySettings.DEFAULT);
        assertThat(config.database()).isEqualTo(DatabaseSettings.EMBEDDED);
        assertThat(config.decks()).isEmpty();
    }

    @Test
    void shouldReadTheOverloadMarksAndDefaultTheRest()
    {
        final SoftswitchConfig config = read("""
            overload:
              high-lag-ms: 300
              high-delay-ms: 400
              step-up-percent: 15
            customers: []
            """);

        final OverloadPolicy defaults = OverloadPolicy.DEFAULT;
        assertThat(config.signaling().overload()).isEqualTo(new OverloadPolicy(defaults.highQueuedBytes(),
            defaults.lowQueuedBytes(), defaults.highPendingTasks(), 300, 400, 15, defaults.stepDownPercent(),
            defaults.sampleIntervalMs()));
        assertThat(read("customers: []\n").signaling().overload()).isEqualTo(defaults);
        assertThat(defaults.highDelayMs()).isEqualTo(250);
    }

    @Test
    void shouldReadTheWakeCoalescingWindowInMicrosecondsAndDefaultItToThreeMilliseconds()
    {
        assertThat(read("threads:\n  wake-coalescing-us: 500\ncustomers: []\n").signaling().wakeCoalescingNs())
            .isEqualTo(500_000L);
        assertThat(read("threads:\n  wake-coalescing-us: 0\ncustomers: []\n").signaling().wakeCoalescingNs()).isZero();
        assertThat(read("customers: []\n").signaling().wakeCoalescingNs()).isEqualTo(3_000_000L);
        assertThat(read("customers: []\n").withSipPort(0).signaling().wakeCoalescingNs()).isEqualTo(3_000_000L);
        assertThat(read("threads:\n  wake-coalescing-us: 700\ncustomers: []\n").withSipPort(0).signaling()
            .wakeCoalescingNs()).isEqualTo(700_000L);
    }

    @Test
    void shouldRefuseAWakeCoalescingWindowOutOfRange()
    {
        assertRefused("""
            threads:
              wake-coalescing-us: 50001
            customers: []
            """, 2, 23, "'threads.wake-coalescing-us' must be 0..50000, found 50001");
    }

    @Test
    void shouldTakeTheDatabaseFromTheEnvironmentWhenTheFileNamesNone()
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of("SOFTSWITCH_JDBC_URL", "jdbc:postgresql://db/x"))
            .read("inline.yaml", new StringReader("customers: []\n"));

        assertThat(config.database().external()).isTrue();
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db/x");
    }

    @Test
    void shouldResolveEnvironmentReferencesAndTheirDefaults()
    {
        final ConfigFileReader withEnv = new ConfigFileReader(Map.of("SIP_PORT", "5999", "EMPTY", ""));

        final SoftswitchConfig config = withEnv.read("test.yaml", new StringReader("""
            sip:
              udp-port: ${SIP_PORT:-5060}
              tcp-port: ${EMPTY:-5061}
            admin:
              port: ${ADMIN_PORT:-8181}
            """));

        assertThat(config.signaling().listen().udpPort()).isEqualTo(5999);
        assertThat(config.signaling().listen().tcpPort()).isEqualTo(5061);
        assertThat(config.admin().port()).isEqualTo(8181);
    }

    @Test
    void shouldReadFileAndNameItInErrors(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("switch.yaml");
        Files.writeString(file, "sip:\n  udp-prot: 5060\n");

        assertThatThrownBy(() -> reader.read(file))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(file + ":2:3: unknown key 'udp-prot' in 'sip'");
    }

    @Test
    void shouldRefuseMissingFile(@TempDir final Path dir)
    {
        final Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> reader.read(file))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(file + ": cannot read: ");
    }

    @Test
    void shouldRefuseUnknownKeyNamingTheAllowedOnes()
    {
        assertRefused("""
            sip:
              host: 127.0.0.1
            vendor:
              - name: a
            """, 3, 1, "unknown key 'vendor' in the top level (allowed: admin, cdr, customers, database, deck-import, decks, limits, media, overload, quality, sip, tcp, threads, timers, vendors)");
    }

    @Test
    void shouldRefuseDuplicateKey()
    {
        assertRefused("""
            sip:
              udp-port: 5060
              udp-port: 5070
            """, 3, 3, "duplicate key 'udp-port' in 'sip'");
    }

    @Test
    void shouldRefuseTextWhereIntegerIsExpected()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                cps-limit: fast
            """, 4, 16, "expected an integer for 'customers[0].cps-limit', found 'fast'");
    }

    @Test
    void shouldRefuseIntegerOutOfRange()
    {
        assertRefused("""
            sip:
              udp-port: 70000
            """, 2, 13, "'sip.udp-port' must be -1..65535, found 70000");
    }

    @Test
    void shouldRefuseScalarWhereSequenceIsExpected()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: 10.0.0.1
            """, 3, 14, "expected a sequence for 'customers[0].sources', found a scalar");
    }

    @Test
    void shouldRefuseSequenceWhereMappingIsExpected()
    {
        assertRefused("""
            sip: [127.0.0.1]
            """, 1, 6, "expected a mapping for 'sip', found a sequence");
    }

    @Test
    void shouldRefuseFileThatIsNotAMapping()
    {
        assertRefused("""
            - just
            - a list
            """, 1, 1, "expected a mapping for the file, found a sequence");
    }

    @Test
    void shouldRefuseTimersThatContradictEachOther()
    {
        assertRefused("""
            timers:
              t1-ms: 5000
              t2-ms: 4000
            """, 2, 3, "bad timers: t1Ms=5000 t2Ms=4000 t4Ms=5000");
    }

    @Test
    void shouldRefuseWildcardHostWithoutAdvertisedHost()
    {
        assertRefused("""
            sip:
              host: 0.0.0.0
            """, 2, 9, "'sip.advertised-host' is needed when 'sip.host' is a wildcard address");
    }

    @Test
    void shouldRefuseUnsetEnvironmentVariableWithoutDefault()
    {
        assertRefused("""
            sip:
              udp-port: ${SIP_PORT}
            """, 2, 13, "environment variable SIP_PORT is not set and 'sip.udp-port' has no default");
    }

    @Test
    void shouldRefuseMalformedYamlWithItsPosition()
    {
        assertRefused("""
            sip:
              host: 127.0.0.1
             udp-port: 5060
            """, 3, 2, "not valid YAML: expected <block end>, but found '<block mapping start>'");
    }

    @Test
    void shouldRefuseEmptyFile()
    {
        assertThatThrownBy(() -> read("# nothing here\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("test.yaml: the file is empty");
    }

    @Test
    void shouldLoadDemoConfig()
    {
        final SoftswitchConfig demo = reader.read(Path.of("../config/demo.yaml"));

        assertThat(demo.signaling().listen()).isEqualTo(new SipListen("127.0.0.1", 5060, 5060, "127.0.0.1"));
        assertThat(demo.admin()).isEqualTo(new AdminListen("127.0.0.1", 8080));
        assertThat(demo.signaling().customers()).extracting(CustomerTrunk::name).containsExactly("acme", "globex");
        assertThat(demo.signaling().vendors()).extracting(VendorTrunk::name)
            .containsExactly("vendor-a", "vendor-b", "vendor-c");
        assertThat(demo.signaling().vendors()).allMatch(vendor -> vendor.host().startsWith("127."));
        assertThat(demo.decks()).extracting(DeckSeed::trunk)
            .containsExactly("vendor-a", "vendor-b", "vendor-c", "acme", "globex");
        assertThat(demo.decks()).allMatch(deck -> deck.file().toFile().isFile());
        assertThat(demo.routing().customer("globex").mode()).isEqualTo(OrderingMode.WEIGHTED);
    }

    @Test
    void shouldMoveDemoPortsByEnvironment()
    {
        final ConfigFileReader withEnv =
            new ConfigFileReader(Map.of("SOFTSWITCH_SIP_PORT", "15060", "SOFTSWITCH_ADMIN_PORT", "18080"));

        final SoftswitchConfig demo = withEnv.read(Path.of("../config/demo.yaml"));

        assertThat(demo.signaling().listen().udpPort()).isEqualTo(15060);
        assertThat(demo.signaling().listen().tcpPort()).isEqualTo(15060);
        assertThat(demo.admin().port()).isEqualTo(18080);
    }
}
