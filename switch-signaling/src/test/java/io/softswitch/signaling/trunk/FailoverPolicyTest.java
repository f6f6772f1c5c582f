package io.softswitch.signaling.trunk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailoverPolicyTest
{
    private final FailoverPolicy defaults = FailoverPolicy.defaults();

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504, 599})
    void shouldRerouteByDefaultOnTimeoutAndServerErrors(final int code)
    {
        assertThat(defaults.shouldReroute(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {486, 487, 600, 603, 699, 404, 480, 302})
    void shouldStopHuntByDefaultOnOtherFinalCodes(final int code)
    {
        assertThat(defaults.shouldReroute(code)).isFalse();
    }

    @Test
    void shouldHaveDocumentedDefaultLimits()
    {
        assertThat(defaults.provisionalTimeoutMs()).isEqualTo(3_000);
        assertThat(defaults.maxAttempts()).isEqualTo(5);
    }

    @Test
    void shouldLetStopOnWinOverRerouteOn()
    {
        final BitSet reroute = new BitSet();
        reroute.set(500, 600);
        final BitSet stop = new BitSet();
        stop.set(503);

        final FailoverPolicy policy = new FailoverPolicy(reroute, stop, 1_000, 3);

        assertThat(policy.shouldReroute(503)).isFalse();
        assertThat(policy.shouldReroute(502)).isTrue();
    }

    @Test
    void shouldNotRerouteOnCodesOutsideFinalFailureRange()
    {
        assertThat(defaults.shouldReroute(-1)).isFalse();
        assertThat(defaults.shouldReroute(200)).isFalse();
        assertThat(defaults.shouldReroute(700)).isFalse();
    }

    @Test
    void shouldNotShareCodeSetsWithCaller()
    {
        final BitSet reroute = new BitSet();
        reroute.set(503);
        final FailoverPolicy policy = new FailoverPolicy(reroute, new BitSet(), 1_000, 3);

        reroute.set(480);
        policy.rerouteOn().set(404);

        assertThat(policy.shouldReroute(480)).isFalse();
        assertThat(policy.shouldReroute(404)).isFalse();
        assertThat(policy.shouldReroute(503)).isTrue();
    }

    @Test
    void shouldRejectCodesThatAreNotFinalFailures()
    {
        final BitSet reroute = new BitSet();
        reroute.set(200);

        assertThatThrownBy(() -> new FailoverPolicy(reroute, new BitSet(), 1_000, 3))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("failover codes must be 300..699: code=200");
    }

    @Test
    void shouldRejectNonPositiveTimeoutAndAttempts()
    {
        assertThatThrownBy(() -> new FailoverPolicy(new BitSet(), new BitSet(), 0, 3))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FailoverPolicy(new BitSet(), new BitSet(), 1_000, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
