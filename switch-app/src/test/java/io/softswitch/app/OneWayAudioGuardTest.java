package io.softswitch.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.BlockRequest;
import io.softswitch.app.config.ConfigFileReader;
import io.softswitch.app.config.OneWayBlockSettings;
import io.softswitch.lcr.RoutingSettings;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import io.softswitch.ratedeck.TrunkRates;
import io.softswitch.signaling.call.EndReason;
import io.softswitch.signaling.call.EndedCall;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The automatic one-way-audio block on a manual clock: calls are fed as the event loops would,
 * {@link OneWayAudioGuard#evaluate} is driven with chosen instants.
 */
class OneWayAudioGuardTest
{
    private static final long WINDOW_MS = 60_000;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<BlockRequest> blocks = new ArrayList<>();
    private final OneWayAudioGuard guard =
        new OneWayAudioGuard(new OneWayBlockSettings(30, WINDOW_MS, 10), blocks::add, registry);

    private void calls(final String vendor, final int good, final int oneWay)
    {
        for (int i = 0; i < good; i++)
        {
            guard.onCallEnded(ended(vendor, EndReason.CUSTOMER_BYE, 500, true));
        }
        for (int i = 0; i < oneWay; i++)
        {
            guard.onCallEnded(ended(vendor, EndReason.ONE_WAY_AUDIO, 300, true));
        }
    }

    @Test
    void shouldBlockAVendorWhoseOneWayShareInTheWindowReachesTheThreshold()
    {
        calls("vendor-a", 7, 3);
        calls("vendor-b", 8, 2);

        assertThat(guard.evaluate(1_000)).isEqualTo(1);

        assertThat(blocks).singleElement().satisfies(block ->
        {
            assertThat(block.vendor()).isEqualTo("vendor-a");
            assertThat(block.prefix()).as("every number").isNull();
            assertThat(block.reason()).isEqualTo("auto: one-way audio on 3 of 10 calls in 60 s (threshold 30 %)");
        });
        assertThat(registry.get("softswitch.media.auto.blocks").tag("trunk", "vendor-a").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldNotBlockOnFewerCallsThanTheMinimum()
    {
        calls("vendor-a", 0, 9);

        assertThat(guard.evaluate(1_000)).isZero();
        assertThat(blocks).isEmpty();
    }

    @Test
    void shouldForgetCallsOlderThanTheWindow()
    {
        calls("vendor-a", 0, 3);
        assertThat(guard.evaluate(1_000)).isZero();
        assertThat(guard.evaluate(30_000)).isZero();
        calls("vendor-a", 7, 0);

        assertThat(guard.evaluate(1_000 + WINDOW_MS + 30_000)).as("the one-way calls left the window").isZero();
        assertThat(blocks).isEmpty();
    }

    @Test
    void shouldNeedNewEvidenceAfterABlock()
    {
        calls("vendor-a", 5, 5);
        assertThat(guard.evaluate(1_000)).isEqualTo(1);

        assertThat(guard.evaluate(2_000)).as("the same calls do not block twice").isZero();
        calls("vendor-a", 6, 4);
        assertThat(guard.evaluate(3_000)).isEqualTo(1);
        assertThat(blocks).hasSize(2);
    }

    @Test
    void shouldCountOnlyAnsweredCallsWhoseMediaWasMeasured()
    {
        for (int i = 0; i < 20; i++)
        {
            guard.onCallEnded(ended("vendor-a", EndReason.CUSTOMER_BYE, 0, true));
            guard.onCallEnded(ended("vendor-a", EndReason.ATTEMPTS_FAILED, 0, false));
        }
        calls("vendor-a", 2, 1);

        assertThat(guard.evaluate(1_000)).as("3 measured calls, under the minimum of 10").isZero();
    }

    @Test
    void shouldSetABlockTheNocSeesAndLiftsLikeAnyOther()
    {
        final LiveRouting routing = LiveRouting.start(() -> List.of(
                new TrunkRates("vendor-a", DeckDirection.VENDOR, List.of(
                    new Rate("44", "United Kingdom", 12_000, 0, 60, 60, 0, Instant.parse("2020-01-01T00:00:00Z"), null)))),
            RoutingSettings.DEFAULT,
            TrunkDirectory.of(new ConfigFileReader(Map.of()).read(Path.of("../config/demo.yaml")).signaling()), null);
        try
        {
            final OneWayAudioGuard wired = new OneWayAudioGuard(new OneWayBlockSettings(30, WINDOW_MS, 10),
                request -> routing.block(request, true), registry);
            for (int i = 0; i < 10; i++)
            {
                wired.onCallEnded(ended("vendor-a", i < 4 ? EndReason.ONE_WAY_AUDIO : EndReason.CUSTOMER_BYE, 100, true));
            }
            assertThat(wired.evaluate(1_000)).isEqualTo(1);

            final ApiReply listed = routing.blocks();
            assertThat(listed.body().toString()).contains("vendor-a").contains("auto: one-way audio on 4 of 10 calls");
            assertThat(routing.block(new BlockRequest("vendor-a", null, null), false).status()).isEqualTo(200);
            assertThat(routing.blocks().body().toString()).doesNotContain("vendor-a");
        }
        finally
        {
            routing.close();
        }
    }

    /**
     * An ended call as the loops present it, one attempt to one vendor. It answers only what the
     * guard reads (end reason, the answered attempt's vendor, packets per leg), so that a guard
     * reading anything else fails here rather than reading a made-up value.
     */
    private static EndedCall ended(final String vendor, final EndReason reason, final long packets,
        final boolean answered)
    {
        final InvocationHandler answers = (proxy, method, args) -> switch (method.getName())
        {
            case "endReason" -> reason;
            case "attemptCount" -> 1;
            case "vendorTrunk" -> new StringBuilder(vendor);
            case "attemptAnswerEpochMs" -> answered ? 2L : 0L;
            // A one-way call: the vendor's leg (1) sent nothing.
            case "mediaPackets" -> reason == EndReason.ONE_WAY_AUDIO && (int)args[0] == 1 ? 0L : packets;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> vendor + " " + reason;
            default -> throw new UnsupportedOperationException("the guard read " + method.getName());
        };
        return (EndedCall)Proxy.newProxyInstance(EndedCall.class.getClassLoader(), new Class<?>[] {EndedCall.class},
            answers);
    }
}
