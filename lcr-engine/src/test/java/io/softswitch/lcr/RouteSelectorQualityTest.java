package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static io.softswitch.lcr.Selectors.CUSTOMER;
import static io.softswitch.lcr.Selectors.SELL;
import static io.softswitch.lcr.Selectors.newSelector;
import static io.softswitch.lcr.Selectors.record;
import static io.softswitch.lcr.Selectors.routing;
import static io.softswitch.lcr.Selectors.settings;
import static io.softswitch.lcr.Selectors.vendors;
import static org.assertj.core.api.Assertions.assertThat;

/** Quality windows in the selector: demotion, exclusion, recovery, and what each figure counts. */
class RouteSelectorQualityTest
{
    private final RouteResultPool pool = new RouteResultPool();

    private RouteSelector selector(final RouteSnapshot snapshot)
    {
        return newSelector(snapshot, pool);
    }

    private static final long BUCKET_MS = 60_000;
    private static final int BUCKETS = 5;

    private RouteSelector selector(final QualityAction action)
    {
        final QualitySettings quality = new QualitySettings(4, BUCKET_MS, BUCKETS, 20, 300, 600, 0,
            Long.MAX_VALUE, action, 500);
        return selector(new Decks()
            .customer(CUSTOMER, rate("3", SELL), rate("4", SELL))
            .vendor("cheap", rate("44", 1_000), rate("33", 1_000))
            .vendor("next", rate("44", 2_000), rate("33", 2_000))
            .snapshot(settings(routing(OrderingMode.LEAST_COST, 3), quality)));
    }

    @Test
    void shouldNeverDemoteOnTooFewSamples()
    {
        final RouteSelector selector = selector(QualityAction.DEMOTE);
        record(selector, "cheap", 19, 0, T0_MS);

        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("cheap", "next");
    }

    @Test
    void shouldDemoteVendorWhoseAsrFallsBelowThresholdOnThatDestinationOnly()
    {
        final RouteSelector selector = selector(QualityAction.DEMOTE);
        record(selector, "cheap", 20, 5, T0_MS);

        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("next", "cheap");
        assertThat(vendors(selector, "33201", T0_MS)).containsExactly("cheap", "next");
    }

    @Test
    void shouldExcludeInsteadOfDemotingWhenConfigured()
    {
        final RouteSelector selector = selector(QualityAction.EXCLUDE);
        record(selector, "cheap", 20, 5, T0_MS);

        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("next");
    }

    @Test
    void shouldRecoverWhenMeasuredAsrImproves()
    {
        final RouteSelector selector = selector(QualityAction.DEMOTE);
        record(selector, "cheap", 20, 5, T0_MS);
        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("next", "cheap");

        // 5 + 20 answered of 40 = 625 per mille ASR and NER, above both thresholds (300, 600).
        record(selector, "cheap", 20, 20, T0_MS + 1_000);

        assertThat(vendors(selector, "44201", T0_MS + 1_000)).containsExactly("cheap", "next");
    }

    @Test
    void shouldRecoverWhenBadSamplesAgeOutOfTheWindow()
    {
        final RouteSelector selector = selector(QualityAction.DEMOTE);
        record(selector, "cheap", 20, 0, T0_MS);
        final long lastMsOfWindow = T0_MS + BUCKET_MS * BUCKETS - 1;
        assertThat(vendors(selector, "44201", lastMsOfWindow)).containsExactly("next", "cheap");

        assertThat(vendors(selector, "44201", lastMsOfWindow + 1)).containsExactly("cheap", "next");
    }

    @Test
    void shouldNotDemoteOnBusyAndNoAnswerSinceNerCountsThemAsNetworkSuccess()
    {
        final QualitySettings nerOnly = new QualitySettings(4, BUCKET_MS, BUCKETS, 20, 0, 600, 0,
            Long.MAX_VALUE, QualityAction.DEMOTE, 500);
        final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("4", SELL))
            .vendor("cheap", rate("44", 1_000))
            .vendor("next", rate("44", 2_000))
            .snapshot(settings(routing(OrderingMode.LEAST_COST, 3), nerOnly)));
        final char[] number = "44201".toCharArray();
        for (int i = 0; i < 20; i++)
        {
            selector.recordAttempt(selector.snapshot().ids().vendorId("cheap"), number, number.length, i % 2 == 0 ? 486 : 480, -1, T0_MS);
        }
        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("cheap", "next");

        for (int i = 0; i < 20; i++)
        {
            selector.recordAttempt(selector.snapshot().ids().vendorId("cheap"), number, number.length, 503, -1, T0_MS);
        }
        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("next", "cheap");
    }

    @Test
    void shouldDemoteOnLongPostDialDelay()
    {
        final QualitySettings pdd = new QualitySettings(4, BUCKET_MS, BUCKETS, 20, 0, 0, 0, 5_000,
            QualityAction.DEMOTE, 500);
        final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("4", SELL))
            .vendor("cheap", rate("44", 1_000))
            .vendor("next", rate("44", 2_000))
            .snapshot(settings(routing(OrderingMode.LEAST_COST, 3), pdd)));
        final char[] number = "44201".toCharArray();
        for (int i = 0; i < 20; i++)
        {
            selector.recordAttempt(selector.snapshot().ids().vendorId("cheap"), number, number.length, 200, 5_000, T0_MS);
        }
        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("cheap", "next");

        selector.recordAttempt(selector.snapshot().ids().vendorId("cheap"), number, number.length, 200, 5_100, T0_MS);
        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("next", "cheap");
    }

    @Test
    void shouldDemoteOnShortAverageCallDurationOnceEnoughCallsEnded()
    {
        final QualitySettings acd = new QualitySettings(4, BUCKET_MS, BUCKETS, 3, 0, 0, 30_000, Long.MAX_VALUE,
            QualityAction.DEMOTE, 500);
        final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("4", SELL))
            .vendor("cheap", rate("44", 1_000))
            .vendor("next", rate("44", 2_000))
            .snapshot(settings(routing(OrderingMode.LEAST_COST, 3), acd)));
        record(selector, "cheap", 3, 3, T0_MS);
        final char[] number = "44201".toCharArray();
        selector.recordCallEnded(selector.snapshot().ids().vendorId("cheap"), number, number.length, 5_000, T0_MS);
        selector.recordCallEnded(selector.snapshot().ids().vendorId("cheap"), number, number.length, 5_000, T0_MS);
        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("cheap", "next");

        selector.recordCallEnded(selector.snapshot().ids().vendorId("cheap"), number, number.length, 5_000, T0_MS);
        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("next", "cheap");
    }

    @Test
    void shouldShareOneWindowAcrossAVendorsFinePrefixesOfOneGroup()
    {
        final RouteSelector selector = selector(new Decks()
            .customer(CUSTOMER, rate("4", SELL))
            .vendor("cheap", rate("447700", 1_000), rate("447701", 1_000))
            .vendor("next", rate("44", 2_000))
            .snapshot(settings(routing(OrderingMode.LEAST_COST, 3))));
        final char[] first = "4477001".toCharArray();
        final char[] second = "4477011".toCharArray();
        for (int i = 0; i < 10; i++)
        {
            selector.recordAttempt(selector.snapshot().ids().vendorId("cheap"), first, first.length, 503, -1, T0_MS);
            selector.recordAttempt(selector.snapshot().ids().vendorId("cheap"), second, second.length, 503, -1, T0_MS);
        }

        assertThat(vendors(selector, "4477001", T0_MS)).containsExactly("next", "cheap");
    }

    @Test
    void shouldKeepQualityAcrossASnapshotSwap()
    {
        final RouteSelector selector = selector(QualityAction.DEMOTE);
        record(selector, "cheap", 20, 0, T0_MS);

        selector.swap(new Decks()
            .customer(CUSTOMER, rate("4", SELL))
            .vendor("cheap", rate("44", 900))
            .vendor("next", rate("44", 2_000))
            .snapshot(selector.snapshot().settings()));

        assertThat(vendors(selector, "44201", T0_MS)).containsExactly("next", "cheap");
    }
}
