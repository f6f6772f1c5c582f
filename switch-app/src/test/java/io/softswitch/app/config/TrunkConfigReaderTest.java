package io.softswitch.app.config;

import io.softswitch.signaling.trunk.CallTimerPolicy;
import io.softswitch.signaling.trunk.FailoverPolicy;
import org.junit.jupiter.api.Test;

import static io.softswitch.app.config.ConfigFileAssertions.assertRefused;
import static io.softswitch.app.config.ConfigFileAssertions.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code customers} and {@code vendors} items: addresses, names, failover codes, call timers
 * and transports, each mistake refused at its line and column.
 */
class TrunkConfigReaderTest
{
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
}
