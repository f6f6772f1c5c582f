package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end story of issue 3 played against the engine with a manual clock: the cheapest
 * vendor starts rejecting most calls with 503, traffic shifts to the next vendor within the
 * window, and shifts back once the cheap vendor has recovered and its bad samples have aged out.
 * Each call tries the returned vendors in order, as the switch does, and reports every attempt.
 */
class QualityShiftScenarioTest
{
    private static final long CALL_EVERY_MS = 100;
    private static final long BUCKET_MS = 1_000;
    private static final int BUCKETS = 10;
    private static final String NUMBER = "44201555";
    private static final int CALLS_PER_WINDOW = (int) (BUCKETS * BUCKET_MS / CALL_EVERY_MS);

    private final AtomicLong clockMs = new AtomicLong(T0_MS);
    private final SingleThreadRouter router = new SingleThreadRouter(new Decks()
        .customer("cust", rate("44", 10_000))
        .vendor("cheap", rate("44", 1_000))
        .vendor("next", rate("44", 2_000))
        .snapshot(new RoutingSettings(CustomerRouting.DEFAULT, Map.of(),
            new QualitySettings(4, BUCKET_MS, BUCKETS, 10, 300, 0, 0, Long.MAX_VALUE, QualityAction.DEMOTE, 500))),
        clockMs::get);
    private int call;

    @Test
    void shouldShiftTrafficAwayFromARejectingVendorWithinTheWindowAndBackAfterItRecovers()
    {
        // Healthy: every call goes to the cheap vendor first.
        assertThat(firstChoices(50, 0)).containsExactly(50, 0);

        // The cheap vendor now answers 503 to four INVITEs in five.
        final int[] degraded = firstChoices(CALLS_PER_WINDOW + 20, 4);
        // Its ASR sinks below 30 % as the good samples leave the window: it loses the first place
        // within one window of the failures starting, and the rest of the calls go to next.
        assertThat(degraded[0]).isLessThanOrEqualTo(CALLS_PER_WINDOW);
        assertThat(degraded[1]).isPositive();
        // Demoted, it gets a first attempt again only as a probe, once its failures have aged out
        // below minSamples; the probe fails and it is demoted again at once.
        final int[] stillDegraded = firstChoices(50, 4);
        assertThat(stillDegraded[0]).isLessThanOrEqualTo(3);
        assertThat(stillDegraded[1]).isGreaterThanOrEqualTo(47);

        // It recovers. Its bad samples leave the window within BUCKETS seconds; once fewer than
        // minSamples remain it is no longer demoted, takes first attempts again, and keeps them.
        final int[] recovering = firstChoices(CALLS_PER_WINDOW + 10, 0);
        assertThat(recovering[0]).isPositive();
        assertThat(firstChoices(50, 0)).containsExactly(50, 0);
    }

    /**
     * Places calls one every 100 ms; each tries the vendors in order until one answers.
     *
     * @param calls      how many calls.
     * @param failOfFive how many of every five INVITEs the cheap vendor rejects with 503.
     * @return how many calls had cheap, and how many had next, as first choice.
     */
    private int[] firstChoices(final int calls, final int failOfFive)
    {
        final int[] firsts = new int[2];
        for (int i = 0; i < calls; i++)
        {
            clockMs.addAndGet(CALL_EVERY_MS);
            final RouteResult result = router.route("cust", NUMBER, clockMs.get());
            assertThat(result.outcome()).isEqualTo(RouteResult.Outcome.ROUTED);
            firsts[result.vendor(0).equals("cheap") ? 0 : 1]++;
            for (int attempt = 0; attempt < result.vendorCount(); attempt++)
            {
                final String vendor = result.vendor(attempt);
                final boolean rejects = vendor.equals("cheap") && call++ % 5 < failOfFive;
                router.onAttempt(vendor, NUMBER, rejects ? 503 : 200, 800);
                if (!rejects)
                {
                    break;
                }
            }
            result.release();
        }
        return firsts;
    }
}
