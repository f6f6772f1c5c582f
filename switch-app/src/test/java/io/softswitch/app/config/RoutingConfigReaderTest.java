package io.softswitch.app.config;

import io.softswitch.lcr.CustomerRouting;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.signaling.trunk.CustomerTrunk;
import org.junit.jupiter.api.Test;

import static io.softswitch.app.config.ConfigFileAssertions.assertRefused;
import static io.softswitch.app.config.ConfigFileAssertions.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer's {@code routing} block, the attempt limit, {@code deck-import} and the seed
 * {@code decks}, each mistake refused at its line and column.
 */
class RoutingConfigReaderTest
{
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
}
