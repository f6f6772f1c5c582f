package io.softswitch.rtp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Worked examples of docs/media.md, computed by hand from G.107's formulas.
 */
class MosEstimateTest
{
    @Test
    void shouldGiveAboutFourPointThreeNineForAPerfectG711Call()
    {
        // d = 40 ms: Id = 0.024 * 40 = 0.96, R = 93.2 - 0.96 = 92.24, MOS = 4.3899.
        assertThat(MosEstimate.rFactor(0, 0, 0)).isCloseTo(92.24, within(1e-9));
        assertThat(MosEstimate.mos(92.24)).isCloseTo(4.3899, within(1e-4));
        assertThat(MosEstimate.mosX100(0, 0, 8)).isEqualTo(439);
    }

    @Test
    void shouldLowerMosWithRandomLossThroughTheEffectiveEquipmentImpairment()
    {
        // 1 %: Ie,eff = 95 * 1 / 26.1 = 3.6398, R = 88.600, MOS = 4.303.
        assertThat(MosEstimate.rFactor(1, 0, 0)).isCloseTo(88.6002, within(1e-3));
        assertThat(MosEstimate.mosX100(1, 0, 0)).isEqualTo(430);
        // 5 %: Ie,eff = 95 * 5 / 30.1 = 15.781, R = 76.459, MOS = 3.884.
        assertThat(MosEstimate.rFactor(5, 0, 0)).isCloseTo(76.4591, within(1e-3));
        assertThat(MosEstimate.mosX100(5, 0, 0)).isEqualTo(388);
    }

    @Test
    void shouldChargeDelayPastTheKneeWhenJitterIsLarge()
    {
        // 100 ms jitter: d = 40 + 200 = 240, Id = 5.76 + 0.11 * 62.7 = 12.657, R = 80.543, MOS = 4.044.
        assertThat(MosEstimate.rFactor(0, 100, 0)).isCloseTo(80.543, within(1e-3));
        assertThat(MosEstimate.mosX100(0, 100, 0)).isEqualTo(404);
    }

    @Test
    void shouldUseG729ImpairmentForPayloadType18()
    {
        // Ie = 11: R = 92.24 - 11 = 81.24, MOS = 4.070.
        assertThat(MosEstimate.rFactor(0, 0, 18)).isCloseTo(81.24, within(1e-9));
        assertThat(MosEstimate.mosX100(0, 0, 18)).isEqualTo(407);
    }

    @Test
    void shouldBottomOutAtOneWhenEverythingIsLost()
    {
        assertThat(MosEstimate.rFactor(100, 0, 0)).isCloseTo(92.24 - 95 * 100 / 125.1, within(1e-9));
        assertThat(MosEstimate.mos(-5)).isEqualTo(1.0);
        assertThat(MosEstimate.mos(120)).isEqualTo(4.5);
    }
}
