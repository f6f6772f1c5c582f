package io.softswitch.app.config;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.lcr.OrderingMode;
import io.softswitch.lcr.QualityAction;
import io.softswitch.lcr.QualitySettings;
import io.softswitch.lcr.VendorPreference;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.signaling.SipListen;
import io.softswitch.signaling.SipTimers;
import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.codec.SipLimits;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CallTimerPolicy;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void shouldTakeTheDatabaseFromTheEnvironmentWhenTheFileNamesNone()
    {
        final SoftswitchConfig config = new ConfigFileReader(Map.of("SOFTSWITCH_JDBC_URL", "jdbc:postgresql://db/x"))
            .read("inline.yaml", new StringReader("customers: []\n"));

        assertThat(config.database().external()).isTrue();
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db/x");
    }

    @Test
    void shouldKeepDefaultStopCodesWhenOnlyRerouteCodesAreGiven()
    {
        final SoftswitchConfig config = read("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                failover:
                  reroute-on: [503]
            """);

        final FailoverPolicy failover = config.signaling().customers().getFirst().failover();
        assertThat(failover.shouldReroute(503)).isTrue();
        assertThat(failover.shouldReroute(502)).isFalse();
        assertThat(failover.stopOn()).isEqualTo(FailoverPolicy.defaults().stopOn());
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
            """, 3, 1, "unknown key 'vendor' in the top level (allowed: admin, cdr, customers, database, deck-import, decks, limits, media, overload, quality, sip, tcp, timers, vendors)");
    }

    @Test
    void shouldRefuseUnknownKeyInsideTrunk()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                cps_limit: 5
            """, 4, 5, "unknown key 'cps_limit' in 'customers[0]' (allowed: call-timers, concurrent-limit, "
            + "cps-limit, failover, name, number-rules, routing, sources, tech-prefix)");
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
    void shouldRefuseInvalidCidr()
    {
        assertRefused("""
            customers:
              - name: acme
                sources:
                  - 10.0.0.0/8
                  - 10.1.0.0/33
            """, 5, 9, "prefix length out of range: prefixLength=33");
    }

    @Test
    void shouldRefuseAbbreviatedIpv4Address()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: [10.1.2/24]
            """, 3, 15, "not an IP address literal: 10.1.2");
    }

    @Test
    void shouldRefuseHostNameAsVendorHost()
    {
        assertRefused("""
            vendors:
              - name: b
                host: sip.example.com
            """, 3, 11, "not an IP address literal: sip.example.com");
    }

    @Test
    void shouldRefuseRoutingPreferenceForUnknownVendor()
    {
        assertRefused("""
            vendors:
              - name: carrier-b
                host: 192.0.2.1
            customers:
              - name: acme
                sources: [10.0.0.1]
                routing:
                  vendors:
                    carrier-x: {priority: 1}
            """, 9, 20, "routing names unknown vendor 'carrier-x'");
    }

    @Test
    void shouldRefuseUnknownRoutingMode()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                routing:
                  mode: cheapest
            """, 5, 13,
            "routing mode must be least-cost, quality-adjusted-cost, priority or weighted, found 'cheapest'");
    }

    @Test
    void shouldRefuseDeckForUnknownTrunk()
    {
        assertRefused("""
            decks:
              - {trunk: nobody, direction: vendor, file: x.csv}
            """, 2, 13, "deck names unknown vendor trunk 'nobody'");
    }

    @Test
    void shouldRefuseDuplicateTrunkNameAcrossCustomersAndVendors()
    {
        assertRefused("""
            customers:
              - name: shared
                sources: [10.0.0.1]
            vendors:
              - name: shared
                host: 192.0.2.1
            """, 5, 11, "duplicate trunk name 'shared' (names are compared ignoring case)");
    }

    @Test
    void shouldRefuseTrunkNamesThatDifferOnlyInCase()
    {
        assertRefused("""
            vendors:
              - name: Carrier-B
                host: 192.0.2.1
              - name: carrier-b
                host: 192.0.2.2
            """, 4, 11, "duplicate trunk name 'carrier-b' (names are compared ignoring case)");
    }

    @Test
    void shouldLeaveAMarginMinimumThatIsNotGivenUnset()
    {
        final SoftswitchConfig config = read("""
            customers:
              - name: loss
                sources: [10.0.0.1]
                routing: {min-margin: "-0.002"}
              - name: share
                sources: [10.0.0.2]
                routing: {min-margin-percent: -2.5}
            """);

        final CustomerRouting loss = config.routing().customer("loss");
        assertThat(loss.minMarginMicros()).isEqualTo(-2_000);
        assertThat(loss.minMarginBasisPoints()).isEqualTo(CustomerRouting.NOT_SET_BASIS_POINTS);
        assertThat(loss.marginKept(10_000, 12_000)).isTrue();
        final CustomerRouting share = config.routing().customer("share");
        assertThat(share.minMarginMicros()).isEqualTo(CustomerRouting.NOT_SET);
        assertThat(share.minMarginBasisPoints()).isEqualTo(-250);
    }

    @Test
    void shouldRefuseAMarginShareBelowMinusOneHundredPercent()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                routing: {min-margin-percent: -100.01}
            """, 4, 35, "'customers[0].routing.min-margin-percent' must be -100..100, found -100.01");
    }

    @Test
    void shouldReadTheCeilingOnImportedRatesAndDefaultIt()
    {
        assertThat(read("customers: []\n").maxRatePerMinuteMicros())
            .isEqualTo(DeckStore.DEFAULT_MAX_RATE_PER_MINUTE_MICROS);
        assertThat(read("deck-import: {max-rate-per-minute: \"2.5\"}\n").maxRatePerMinuteMicros()).isEqualTo(2_500_000);
        assertRefused("deck-import: {max-rate-per-minute: \"-1\"}\n", 1, 36,
            "expected an amount of 0 or more with up to 6 decimals for 'deck-import.max-rate-per-minute', found '-1'");
        assertRefused("deck-import: {max-rate: \"1\"}\n", 1, 15,
            "unknown key 'max-rate' in 'deck-import' (allowed: max-rate-per-minute)");
    }

    @Test
    void shouldApplyOneAttemptLimitToTheHuntListAndTheCallFromEitherSpelling()
    {
        final SoftswitchConfig config = read("""
            customers:
              - name: new-key
                sources: [10.0.0.1]
                routing: {max-attempts: 4}
              - name: old-key
                sources: [10.0.0.2]
                failover: {max-attempts: 2}
              - name: both-agree
                sources: [10.0.0.3]
                failover: {max-attempts: 6}
                routing: {max-attempts: 6}
            """);

        for (final CustomerTrunk trunk : config.signaling().customers())
        {
            assertThat(trunk.failover().maxAttempts()).as(trunk.name())
                .isEqualTo(config.routing().customer(trunk.name()).maxAttempts());
        }
        assertThat(config.routing().customer("new-key").maxAttempts()).isEqualTo(4);
        assertThat(config.routing().customer("old-key").maxAttempts()).isEqualTo(2);
        assertThat(config.routing().customer("both-agree").maxAttempts()).isEqualTo(6);
    }

    @Test
    void shouldRefuseTwoAttemptLimitsThatDisagree()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                failover: {max-attempts: 5}
                routing: {max-attempts: 3}
            """, 4, 30, "failover.max-attempts (5) disagrees with routing.max-attempts (3): one limit applies, " +
            "set routing.max-attempts");
        assertRefused("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                failover: {max-attempts: 33}
            """, 4, 30, "'customers[0].failover.max-attempts' must be 1..32, found 33");
    }

    @Test
    void shouldRefuseMissingRequiredKey()
    {
        assertRefused("""
            vendors:
              - port: 5060
                host: 192.0.2.1
            """, 2, 5, "missing key 'name' in 'vendors[0]'");
    }

    @Test
    void shouldReadCallTimersAndDefaultTheMissingOnes()
    {
        final SoftswitchConfig config = read("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                call-timers:
                  max-duration-s: 7200
              - name: beta
                sources: [10.0.0.2]
            """);

        assertThat(config.signaling().customers().get(0).callTimers())
            .isEqualTo(new CallTimerPolicy(7200, 1800, 90));
        assertThat(config.signaling().customers().get(1).callTimers()).isEqualTo(CallTimerPolicy.DEFAULTS);
    }

    @Test
    void shouldRefuseASessionIntervalBelowTheMinimum()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                call-timers:
                  session-expires-s: 60
            """, 5, 7, "bad call timers: maxDurationSeconds=14400 sessionExpiresSeconds=60 minSeSeconds=90");
    }

    @Test
    void shouldRefuseBadFailoverCode()
    {
        assertRefused("""
            customers:
              - name: acme
                sources: [10.0.0.1]
                failover:
                  reroute-on: [503, 200]
            """, 5, 25, "'customers[0].failover.reroute-on[1]' must be 300..699, found 200");
    }

    @Test
    void shouldRefuseUnknownTransport()
    {
        assertRefused("""
            vendors:
              - name: b
                host: 192.0.2.1
                transport: sctp
            """, 4, 16, "'vendors[0].transport' must be udp or tcp, found 'sctp'");
    }

    @Test
    void shouldRefuseInvalidTrunkName()
    {
        assertRefused("""
            vendors:
              - name: "bad name"
                host: 192.0.2.1
            """, 2, 5, "trunk name must be 1-64 of letters, digits, '_', '.', '-': name=bad name");
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

    @Test
    void shouldRefuseAMissingSeedDeckAtItsEntry()
    {
        assertRefused("""
            vendors:
              - {name: carrier-b, host: 127.0.0.1}
            decks:
              - {trunk: carrier-b, direction: vendor, file: ../config/decks/no-such.csv}
            """, 4, 49, "seed deck not found: ../config/decks/no-such.csv");
    }

    @Test
    void shouldRefuseASeedDeckThatCannotBeRead()
    {
        assertRefused("""
            vendors:
              - {name: carrier-b, host: 127.0.0.1}
            decks:
              - trunk: carrier-b
                direction: vendor
                file: ../config/decks
            """, 6, 11, "seed deck unreadable: ../config/decks: Is a directory");
    }

    private SoftswitchConfig read(final String yaml)
    {
        return reader.read("test.yaml", new StringReader(yaml));
    }

    private void assertRefused(final String yaml, final int line, final int column, final String reason)
    {
        assertThatThrownBy(() -> read(yaml))
            .isInstanceOfSatisfying(ConfigException.class, ex ->
            {
                assertThat(ex.reason()).isEqualTo(reason);
                assertThat(ex.line()).as("line").isEqualTo(line);
                assertThat(ex.column()).as("column").isEqualTo(column);
                assertThat(ex.getMessage()).isEqualTo("test.yaml:" + line + ":" + column + ": " + reason);
            });
    }
}
