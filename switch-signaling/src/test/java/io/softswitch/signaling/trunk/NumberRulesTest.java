package io.softswitch.signaling.trunk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumberRulesTest
{
    private static final NumberRules UK = new NumberRules("", "00", "0", "44", "");

    @Test
    void shouldLeaveDigitsAsTheyAreWithNoRules()
    {
        assertThat(NumberRules.NONE.normalize("442071234567")).isEqualTo("442071234567");
    }

    @Test
    void shouldDropLeadingPlus()
    {
        assertThat(NumberRules.NONE.normalize("+442071234567")).isEqualTo("442071234567");
    }

    @Test
    void shouldReplaceNationalPrefixWithCountryCode()
    {
        assertThat(UK.normalize("02071234567")).isEqualTo("442071234567");
    }

    @Test
    void shouldRemoveInternationalPrefix()
    {
        assertThat(UK.normalize("0012125550100")).isEqualTo("12125550100");
    }

    @Test
    void shouldPreferInternationalPrefixWhenItStartsWithNationalPrefix()
    {
        assertThat(UK.normalize("0033123456789")).isEqualTo("33123456789");
    }

    @Test
    void shouldStripCarrierPrefixBeforeOtherRules()
    {
        final NumberRules rules = new NumberRules("1010", "00", "0", "44", "");

        assertThat(rules.normalize("101002071234567")).isEqualTo("442071234567");
        assertThat(rules.normalize("02071234567")).isEqualTo("442071234567");
    }

    @Test
    void shouldAddPrefixLast()
    {
        final NumberRules rules = new NumberRules("", "", "", "", "1");

        assertThat(rules.normalize("2125550100")).isEqualTo("12125550100");
    }

    @Test
    void shouldNotRewriteNumberAlreadyInPlusE164Form()
    {
        final NumberRules rules = new NumberRules("9", "00", "0", "44", "1");

        assertThat(rules.normalize("+12125550100")).isEqualTo("12125550100");
        assertThat(rules.normalize("+0012")).isEqualTo("0012");
    }

    @Test
    void shouldRefuseNumbersWithNonDigits()
    {
        assertThat(UK.normalize("020712abc")).isNull();
        assertThat(UK.normalize("+")).isNull();
        assertThat(UK.normalize("")).isNull();
        assertThat(UK.normalize("++44")).isNull();
        assertThat(UK.normalize("44 20")).isNull();
    }

    @Test
    void shouldRefuseNumberThatRulesReduceToNothing()
    {
        assertThat(UK.normalize("00")).isNull();
        assertThat(new NumberRules("1010", "", "", "", "").normalize("1010")).isNull();
    }

    @Test
    void shouldAcceptCharSequenceInput()
    {
        assertThat(UK.normalize(new StringBuilder("02071234567"))).isEqualTo("442071234567");
    }

    @Test
    void shouldRejectNonDigitRules()
    {
        assertThatThrownBy(() -> new NumberRules("", "+", "", "", ""))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("international-prefix must be digits: +");
        assertThatThrownBy(() -> new NumberRules("", "", "0", "", ""))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("national-prefix needs country-code");
    }
}
