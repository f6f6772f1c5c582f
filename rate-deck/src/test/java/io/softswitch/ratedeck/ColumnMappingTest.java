package io.softswitch.ratedeck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnMappingTest
{
    @Test
    void shouldMapGenericHeaderNamesWhateverTheirCaseAndPunctuation()
    {
        final ColumnMapping.Resolution columns = ColumnMapping.parse("generic")
            .resolve(List.of("Dial Code", "Destination", "Rate/Min", "Connection Fee", "Billing Increment", "Min Duration",
                "Effective Date", "End Date"));

        assertThat(columns.firstIsHeader()).isTrue();
        assertThat(columns.unknownColumns()).isEmpty();
        assertThat(columns.column(DeckField.PREFIX)).isZero();
        assertThat(columns.column(DeckField.RATE)).isEqualTo(2);
        assertThat(columns.column(DeckField.CONNECT_FEE)).isEqualTo(3);
        assertThat(columns.column(DeckField.INCREMENTS)).isEqualTo(4);
        assertThat(columns.column(DeckField.MINIMUM_DURATION)).isEqualTo(5);
        assertThat(columns.column(DeckField.EFFECTIVE_FROM)).isEqualTo(6);
        assertThat(columns.column(DeckField.EFFECTIVE_UNTIL)).isEqualTo(7);
    }

    @Test
    void shouldReportAColumnNamedTwiceInAGenericHeader()
    {
        final ColumnMapping.Resolution columns = ColumnMapping.parse("generic").resolve(List.of("prefix", "rate", "price"));

        assertThat(columns.unknownColumns()).containsExactly("price");
    }

    @Test
    void shouldTellPositionalHeaderFromData()
    {
        final ColumnMapping mapping = ColumnMapping.parse("code-first");

        assertThat(mapping.resolve(List.of("Code", "Name", "Rate")).firstIsHeader()).isTrue();
        assertThat(mapping.resolve(List.of("44", "UK", "0.01")).firstIsHeader()).isFalse();
    }

    @Test
    void shouldKeepTheSpecificationForTheVersionRecord()
    {
        assertThat(ColumnMapping.parse(" prefix=1, rate=Price ").spec()).isEqualTo("prefix=1, rate=Price");
        assertThat(ColumnMapping.parse("DESTINATION-FIRST").spec()).isEqualTo("destination-first");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fancy", "prefix=1,pricee=2", "prefix=1,prefix=2", "prefix=0,rate=2", "prefix=,rate=2",
        "prefix=1,rate=2,increments=3,first_increment=4", "prefix=1,rate"})
    void shouldRefuseMalformedMappings(final String spec)
    {
        assertThatThrownBy(() -> ColumnMapping.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }
}
