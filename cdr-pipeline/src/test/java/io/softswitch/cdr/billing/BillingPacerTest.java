package io.softswitch.cdr.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pacer's decisions on a manual clock: billing waits while the call path reports pressure and
 * for a second of calm after, never longer than the cap since it last caught up, and bills after
 * the cap until it has caught up.
 */
class BillingPacerTest
{
    private final AtomicBoolean pressure = new AtomicBoolean();
    private long nowNs = TimeUnit.SECONDS.toNanos(1_000);

    private BillingPacer pacer(final Duration maxDefer)
    {
        return new BillingPacer(pressure::get, maxDefer, () -> nowNs);
    }

    private void advanceMs(final long ms)
    {
        nowNs += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void shouldDeferWhilePressureIsReportedAndResumeAfterASecondOfCalm()
    {
        final BillingPacer pacer = pacer(Duration.ofMinutes(5));
        assertThat(pacer.defers()).isFalse();

        pressure.set(true);
        assertThat(pacer.defers()).isTrue();
        advanceMs(3_000);
        assertThat(pacer.defers()).isTrue();
        pressure.set(false);
        advanceMs(BillingPacer.CALM_MS - 1);
        assertThat(pacer.defers()).as("calm for less than a second").isTrue();
        assertThat(pacer.deferring()).isTrue();
        advanceMs(1);
        assertThat(pacer.defers()).isFalse();
        assertThat(pacer.deferring()).isFalse();
        assertThat(pacer.deferredSeconds()).isEqualTo(4.0);
    }

    @Test
    void shouldBillAtTheCapUnderEndlessPressureUntilCaughtUpThenDeferAgain()
    {
        final BillingPacer pacer = pacer(Duration.ofSeconds(60));
        pressure.set(true);
        assertThat(pacer.defers()).isTrue();
        advanceMs(59_999);
        assertThat(pacer.defers()).isTrue();
        advanceMs(1);
        assertThat(pacer.defers()).as("at the cap").isFalse();
        advanceMs(30_000);
        assertThat(pacer.defers()).as("after the cap, until caught up").isFalse();

        pacer.caughtUp();
        assertThat(pacer.defers()).as("caught up: a new deferral").isTrue();
        advanceMs(60_000);
        assertThat(pacer.defers()).isFalse();
        assertThat(pacer.deferredSeconds()).isEqualTo(120.0);
    }

    @Test
    void shouldCountTheCapFromTheFirstDeferralSinceBillingLastCaughtUp()
    {
        final BillingPacer pacer = pacer(Duration.ofSeconds(60));
        pressure.set(true);
        assertThat(pacer.defers()).isTrue();
        advanceMs(40_000);
        pressure.set(false);
        advanceMs(BillingPacer.CALM_MS);
        assertThat(pacer.defers()).isFalse();
        // Billing read full batches since (behind): a new spell of pressure gets what is left of the cap.
        pressure.set(true);
        advanceMs(10_000);
        assertThat(pacer.defers()).isTrue();
        advanceMs(8_999);
        assertThat(pacer.defers()).as("59.999 s since the first deferral").isTrue();
        advanceMs(1);
        assertThat(pacer.defers()).isFalse();
    }

    @Test
    void shouldCatchUpInSmallBatchesForTenSecondsAfterThePressure()
    {
        final BillingPacer pacer = pacer(Duration.ofMinutes(5));
        assertThat(pacer.batchSize(10_000)).as("never pressed").isEqualTo(10_000);
        pressure.set(true);
        pacer.defers();
        pressure.set(false);
        advanceMs(BillingPacer.CALM_MS);
        assertThat(pacer.defers()).isFalse();
        assertThat(pacer.batchSize(10_000)).isEqualTo(1_000);
        assertThat(pacer.batchSize(2_000)).isEqualTo(500);
        assertThat(pacer.batchSize(20)).isEqualTo(20);
        advanceMs(BillingPacer.GENTLE_MS - BillingPacer.CALM_MS);
        assertThat(pacer.batchSize(10_000)).isEqualTo(10_000);
    }

    @Test
    void shouldNeverDeferWithACapOfZero()
    {
        final BillingPacer pacer = pacer(Duration.ZERO);
        pressure.set(true);
        assertThat(pacer.defers()).isFalse();
        advanceMs(10_000);
        assertThat(pacer.defers()).isFalse();
        assertThat(pacer.deferring()).isFalse();
        assertThat(pacer.batchSize(10_000)).isEqualTo(10_000);
    }

    @Test
    void shouldPublishTheDeferralAsMetrics()
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final BillingPacer pacer = pacer(Duration.ofSeconds(10)).register(registry);
        pressure.set(true);
        pacer.defers();
        advanceMs(2_500);
        pacer.defers();
        assertThat(registry.get("softswitch.billing.deferred").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("softswitch.billing.deferred.seconds").functionCounter().count()).isEqualTo(2.5);
        assertThat(registry.get("softswitch.billing.deferrals").functionCounter().count()).isEqualTo(1.0);
        advanceMs(7_500);
        pacer.defers();
        assertThat(registry.get("softswitch.billing.deferred").gauge().value()).isEqualTo(0.0);
        assertThat(registry.get("softswitch.billing.deferral.caps").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("softswitch.billing.deferred.seconds").functionCounter().count()).isEqualTo(10.0);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getDescription()).isNotBlank());
    }

    @Test
    void shouldRefuseANegativeCap()
    {
        assertThatThrownBy(() -> pacer(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
