package io.softswitch.lcr.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class QualityWindowTest
{
    private static final long BUCKET_MS = 1_000;

    @Test
    void shouldComputeAsrNerPddAndAcdFromSamples()
    {
        final QualityWindow window = new QualityWindow(BUCKET_MS, 10, 0);
        window.recordAttempt(0, 200, 1_000);
        window.recordAttempt(100, 486, 3_000);
        window.recordAttempt(200, 503, -1);
        window.recordAttempt(300, 408, -1);
        window.recordCallEnded(400, 60_000);
        window.recordCallEnded(500, 30_001);

        assertThat(window.attempts()).isEqualTo(4);
        assertThat(window.asrPermille()).isEqualTo(250);
        assertThat(window.nerPermille()).isEqualTo(500);
        assertThat(window.pddMs()).isEqualTo(2_000);
        assertThat(window.acdMs()).isEqualTo(45_000);
    }

    @Test
    void shouldReportUnknownFiguresWithoutSamples()
    {
        final QualityWindow window = new QualityWindow(BUCKET_MS, 10, 0);

        assertThat(window.asrPermille()).isEqualTo(-1);
        assertThat(window.nerPermille()).isEqualTo(-1);
        assertThat(window.acdMs()).isEqualTo(-1);
        assertThat(window.pddMs()).isEqualTo(-1);
    }

    @Test
    void shouldDropSamplesBucketByBucketAsTheWindowSlides()
    {
        final QualityWindow window = new QualityWindow(BUCKET_MS, 3, 0);
        window.recordAttempt(0, 503, -1);
        window.recordAttempt(1_000, 200, -1);
        window.recordAttempt(2_999, 200, -1);
        assertThat(window.attempts()).isEqualTo(3);

        window.advance(3_000);
        assertThat(window.attempts()).isEqualTo(2);
        assertThat(window.asrPermille()).isEqualTo(1000);

        window.advance(4_000);
        assertThat(window.attempts()).isEqualTo(1);

        window.advance(1_000_000);
        assertThat(window.attempts()).isZero();
        assertThat(window.asrPermille()).isEqualTo(-1);
    }

    @Test
    void shouldCountLateSampleInNewestBucket()
    {
        final QualityWindow window = new QualityWindow(BUCKET_MS, 2, 5_000);
        window.recordAttempt(1_000, 200, -1);
        assertThat(window.attempts()).isEqualTo(1);

        window.advance(6_000);
        assertThat(window.attempts()).isEqualTo(1);
        window.advance(7_000);
        assertThat(window.attempts()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 202, 486, 600, 480, 487, 603})
    void shouldCountAnswerBusyNoAnswerAndUserRejectionAsNetworkSuccess(final int code)
    {
        assertThat(QualityWindow.isNetworkSuccess(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 404, 500, 502, 503, 504, 403, 488})
    void shouldCountNetworkFailuresAgainstNer(final int code)
    {
        assertThat(QualityWindow.isNetworkSuccess(code)).isFalse();
    }
}
