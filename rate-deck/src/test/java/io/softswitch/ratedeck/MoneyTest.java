package io.softswitch.ratedeck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.012345|12345",
        "0.123456|123456",
        "1|1000000",
        "1.5|1500000",
        "+2.000001|2000001",
        "-0.000001|-1",
        "0,0123|12300",
        ".5|500000",
        "7.|7000000",
        "0.1234560|123456",
        "999999999999.999999|999999999999999999",
        "000000000000001.25|1250000"})
    void shouldParseUpToSixDecimalPlacesExactly(final String text, final long micros)
    {
        assertThat(Money.parseMicros(text)).isEqualTo(micros);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.1234567", "0.0000001", "1.00000001", "-0.1234561"})
    void shouldRefuseSeventhDecimalPlaceRatherThanRound(final String text)
    {
        assertThatThrownBy(() -> Money.parseMicros(text))
            .isInstanceOfSatisfying(Money.MoneyFormatException.class,
                ex -> assertThat(ex.fault()).isEqualTo(Money.Fault.TOO_MANY_DECIMALS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "+.", "1e-3", "1.2.3", "1,000.5", "abc", "0.01 ", " 1", "$1", "--1"})
    void shouldRefuseTextThatIsNotAPlainDecimal(final String text)
    {
        assertThatThrownBy(() -> Money.parseMicros(text))
            .isInstanceOfSatisfying(Money.MoneyFormatException.class,
                ex -> assertThat(ex.fault()).isEqualTo(Money.Fault.NOT_A_NUMBER));
    }

    @Test
    void shouldRefuseMoreThanTwelveIntegerDigits()
    {
        assertThatThrownBy(() -> Money.parseMicros("1000000000000"))
            .isInstanceOfSatisfying(Money.MoneyFormatException.class,
                ex -> assertThat(ex.fault()).isEqualTo(Money.Fault.OUT_OF_RANGE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0.000000",
        "1|0.000001",
        "12300|0.012300",
        "1000000|1.000000",
        "-1|-0.000001",
        "-1500000|-1.500000",
        "999999999999999999|999999999999.999999"})
    void shouldFormatWithExactlySixPlaces(final long micros, final String text)
    {
        assertThat(Money.format(micros)).isEqualTo(text);
    }

    @Test
    void shouldReadBackWhatItFormats()
    {
        final long[] edges = {0, 1, -1, 999_999, 1_000_000, Money.MAX_MICROS, -Money.MAX_MICROS};
        for (final long micros : edges)
        {
            assertThat(Money.parseMicros(Money.format(micros))).as("micros=%d", micros).isEqualTo(micros);
        }
        final SplittableRandom random = new SplittableRandom(20261121L);
        for (int i = 0; i < 100_000; i++)
        {
            final long micros = random.nextLong(-Money.MAX_MICROS, Money.MAX_MICROS + 1);
            assertThat(Money.parseMicros(Money.format(micros))).as("micros=%d", micros).isEqualTo(micros);
        }
    }
}
