package io.softswitch.cdr.rating;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.Rate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rating arithmetic against cases computed by hand (the working is in each comment).
 */
class RatingTest
{
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static Rate rate(final long perMinuteMicros, final long connectMicros, final int first, final int next,
        final int minimum)
    {
        return new Rate("44", "UK", perMinuteMicros, connectMicros, first, next, minimum, T0, null);
    }

    private static Rate rate(final long perMinuteMicros, final long connectMicros, final int first, final int next)
    {
        return rate(perMinuteMicros, connectMicros, first, next, 0);
    }

    @Test
    void shouldBill60Over60InWholeMinutes()
    {
        // 61.2 s -> 62 s -> 60 + ceil(2/60)*60 = 120 s; 120 * 0.010000/60 = 0.020000
        assertThat(Rating.charge(61_200, rate(10_000, 0, 60, 60))).isEqualTo(new Charge(120, 20_000));
        // 59.001 s -> 60 s -> first increment 60; 0.010000
        assertThat(Rating.charge(59_001, rate(10_000, 0, 60, 60))).isEqualTo(new Charge(60, 10_000));
        // exactly 60.000 s -> 60 s
        assertThat(Rating.charge(60_000, rate(10_000, 0, 60, 60))).isEqualTo(new Charge(60, 10_000));
    }

    @Test
    void shouldBill30Over6()
    {
        // 5 s -> first 30 s; 30 * 12345 / 60 = 6172.5 -> 6173 (half up)
        assertThat(Rating.charge(5_000, rate(12_345, 0, 30, 6))).isEqualTo(new Charge(30, 6_173));
        // 31 s -> 30 + ceil(1/6)*6 = 36 s; 36 * 12345 / 60 = 7407
        assertThat(Rating.charge(31_000, rate(12_345, 0, 30, 6))).isEqualTo(new Charge(36, 7_407));
        // 42.5 s -> 43 s -> 30 + ceil(13/6)*6 = 48 s; 48 * 12345 / 60 = 9876
        assertThat(Rating.charge(42_500, rate(12_345, 0, 30, 6))).isEqualTo(new Charge(48, 9_876));
    }

    @Test
    void shouldBill1Over1PerStartedSecond()
    {
        // 10.001 s -> 11 s; 11 * 60000 / 60 = 11000
        assertThat(Rating.charge(10_001, rate(60_000, 0, 1, 1))).isEqualTo(new Charge(11, 11_000));
        // 1 ms -> 1 s; 1 * 7 / 60 = 0.1166 -> 0
        assertThat(Rating.charge(1, rate(7, 0, 1, 1))).isEqualTo(new Charge(1, 0));
    }

    @Test
    void shouldBill6Over6()
    {
        // 13 s -> 6 + ceil(7/6)*6 = 18 s; 18 * 20000 / 60 = 6000
        assertThat(Rating.charge(13_000, rate(20_000, 0, 6, 6))).isEqualTo(new Charge(18, 6_000));
        // 6 s -> 6 s
        assertThat(Rating.charge(6_000, rate(20_000, 0, 6, 6))).isEqualTo(new Charge(6, 2_000));
    }

    @Test
    void shouldAddTheConnectFeeOnceToAnAnsweredCall()
    {
        // 0.050000 connect + 60 s at 0.010000 = 0.060000
        assertThat(Rating.charge(45_000, rate(10_000, 50_000, 60, 60))).isEqualTo(new Charge(60, 60_000));
    }

    @Test
    void shouldBillTheMinimumDurationForAShortCall()
    {
        // 3 s, minimum 30 s, 1/1 -> 30 s; 30 * 10000 / 60 = 5000
        assertThat(Rating.charge(3_000, rate(10_000, 0, 1, 1, 30))).isEqualTo(new Charge(30, 5_000));
        // 31 s beyond the minimum: 31 s
        assertThat(Rating.charge(31_000, rate(10_000, 0, 1, 1, 30))).isEqualTo(new Charge(31, 5_167));
    }

    @Test
    void shouldBillAZeroSecondAnsweredCallItsConnectFeeOnly()
    {
        assertThat(Rating.charge(0, rate(10_000, 25_000, 60, 60))).isEqualTo(new Charge(0, 25_000));
        // with a minimum duration, the minimum applies even to 0 s: 60 s at 0.010000
        assertThat(Rating.charge(0, rate(10_000, 0, 60, 60, 60))).isEqualTo(new Charge(60, 10_000));
    }

    @Test
    void shouldRoundSubMicroUnitRatesOnceOnTheTotal()
    {
        // 0.000001/min: 29 s -> 29/60 = 0.483 micro -> 0; 30 s -> 0.5 -> 1 (half up); 90 s -> 1.5 -> 2
        assertThat(Rating.amountMicros(29, 1, 0)).isZero();
        assertThat(Rating.amountMicros(30, 1, 0)).isEqualTo(1);
        assertThat(Rating.amountMicros(90, 1, 0)).isEqualTo(2);
        // 0.000007/min over 1/1 for 3,601 s: 3601 * 7 / 60 = 420.116 -> 420; per-second rounding would give 0
        assertThat(Rating.charge(3_601_000, rate(7, 0, 1, 1))).isEqualTo(new Charge(3_601, 420));
    }

    @Test
    void shouldRateWithTheRateInForceAtTheCallsStartNotAtItsEnd()
    {
        final Instant change = Instant.parse("2026-12-01T00:00:00Z");
        final Rate old = new Rate("44", "UK", 10_000, 0, 60, 60, 0, T0, change);
        final Rate raised = new Rate("44", "UK", 15_000, 0, 60, 60, 0, change, null);
        final RateBook book = RateBook.of(Map.of(new RateBook.DeckKey("vendor-a", DeckDirection.VENDOR),
            List.of(raised, old)));
        // Started 1 ms before the new rate, lasting 10 minutes across the change: old rate for all of it.
        final Instant start = change.minusMillis(1);
        final Rate applied = book.find("vendor-a", DeckDirection.VENDOR, "447700900123", start);
        assertThat(applied).isEqualTo(old);
        assertThat(Rating.charge(600_000, applied)).isEqualTo(new Charge(600, 100_000));
        assertThat(book.find("vendor-a", DeckDirection.VENDOR, "447700900123", change)).isEqualTo(raised);
    }

    @Test
    void shouldFindTheLongestPrefixInForceAndFallBackWhenItsPeriodIsOver()
    {
        final Instant end = Instant.parse("2026-11-15T00:00:00Z");
        final Rate uk = new Rate("44", "UK", 10_000, 0, 60, 60, 0, T0, null);
        final Rate mobile = new Rate("447", "UK Mobile", 30_000, 0, 60, 60, 0, T0, end);
        final RateBook book = RateBook.of(Map.of(new RateBook.DeckKey("acme", DeckDirection.CUSTOMER),
            List.of(uk, mobile)));
        assertThat(book.find("acme", DeckDirection.CUSTOMER, "447700900123", T0)).isEqualTo(mobile);
        assertThat(book.find("acme", DeckDirection.CUSTOMER, "447700900123", end)).isEqualTo(uk);
        assertThat(book.find("acme", DeckDirection.CUSTOMER, "337700900123", end)).isNull();
        assertThat(book.find("acme", DeckDirection.VENDOR, "447700900123", end)).isNull();
    }

    @Test
    void shouldRefuseAnAmountThatOverflowsRatherThanWrap()
    {
        assertThatThrownBy(() -> Rating.amountMicros(Long.MAX_VALUE / 2, 1_000, 0))
            .isInstanceOf(ArithmeticException.class);
    }
}
