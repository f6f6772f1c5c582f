package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrunkIdsTest
{
    @Test
    void shouldNumberTrunksInTheOrderGivenPerSide()
    {
        final TrunkIds ids = TrunkIds.of(List.of("v2", "v1"), List.of("c1"));

        assertThat(ids.vendorId("v2")).isZero();
        assertThat(ids.vendorId("v1")).isEqualTo(1);
        assertThat(ids.customerId("c1")).isZero();
        assertThat(ids.vendorId("c1")).isEqualTo(-1);
        assertThat(ids.customerId("v1")).isEqualTo(-1);
        assertThat(ids.vendorName(1)).isEqualTo("v1");
    }

    @Test
    void shouldRefuseNamesThatDifferOnlyInCase()
    {
        assertThatThrownBy(() -> TrunkIds.of(List.of("Vendor-A", "vendor-a"), List.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("vendor trunk names differ only in case: names=Vendor-A,vendor-a");
        assertThatThrownBy(() -> TrunkIds.of(List.of(), List.of("c", "C")))
            .hasMessageContaining("customer trunk names differ only in case");
        assertThatThrownBy(() -> TrunkIds.of(List.of("v", "v"), List.of()))
            .hasMessage("duplicate vendor trunk: name=v");
    }

    @Test
    void shouldKeepEveryIdWhenExtendedAndAppendNewNames()
    {
        final TrunkIds ids = TrunkIds.of(List.of("a", "b"), List.of("c"));

        final TrunkIds extended = ids.extend(List.of("z", "b"), List.of("c", "d"));

        assertThat(extended.vendors()).containsExactly("a", "b", "z");
        assertThat(extended.customers()).containsExactly("c", "d");
        assertThat(extended.extendsIds(ids)).isTrue();
        assertThat(ids.extendsIds(extended)).isFalse();
        assertThat(ids.extend(List.of("a"), List.of())).isSameAs(ids);
        assertThatThrownBy(() -> ids.extend(List.of("A"), List.of())).hasMessageContaining("differ only in case");
    }

    @Test
    void shouldRefuseADeckSetWhoseTrunkNamesDifferOnlyInCase()
    {
        assertThatThrownBy(() -> new Decks()
            .vendor("carrier", Decks.rate("44", 1))
            .vendor("Carrier", Decks.rate("44", 2))
            .snapshot()).hasMessageContaining("differ only in case");
    }

    @Test
    void shouldLeaveOutAndListDecksOfTrunksTheConfigurationDoesNotKnow()
    {
        final RouteSnapshot snapshot = new Decks()
            .customer("cust", Decks.rate("44", 10))
            .vendor("known", Decks.rate("44", 1))
            .vendor("cust", Decks.rate("44", 0))
            .vendor("gone", Decks.rate("44", 0))
            .snapshot(RoutingSettings.DEFAULT, TrunkIds.of(List.of("known"), List.of("cust")));

        assertThat(snapshot.vendors()).containsExactly("known");
        assertThat(snapshot.unknownTrunkDecks()).containsExactlyInAnyOrder("vendor/cust", "vendor/gone");
    }
}
