package io.softswitch.lcr;

import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.TrunkRates;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.softswitch.lcr.Decks.T0_MS;
import static io.softswitch.lcr.Decks.rate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteSnapshotTest
{
    @Test
    void shouldShareOneTrieNodePerDistinctPrefixAcrossDecks()
    {
        final RouteSnapshot snapshot = new Decks()
            .vendor("a", rate("1", 1), rate("1201", 1))
            .vendor("b", rate("12", 1), rate("120", 1))
            .customer("c", rate("1", 1))
            .snapshot();

        // root, 1, 12, 120, 1201
        assertThat(snapshot.nodeCount()).isEqualTo(5);
        assertThat(snapshot.rateCount()).isEqualTo(5);
        assertThat(snapshot.vendors()).containsExactly("a", "b");
        assertThat(snapshot.customers()).containsExactly("c");
    }

    @Test
    void shouldFindTheCustomersLongestSellPrefix()
    {
        final RouteSnapshot snapshot = new Decks()
            .customer("c", rate("1", 100), rate("120", 300))
            .customer("d", rate("12", 200))
            .snapshot();
        final int[] path = new int[8];
        final char[] number = "12015550100".toCharArray();

        final int length = snapshot.walk(number, number.length, path);
        final int c = snapshot.customerIndex.getValue("c");
        final int d = snapshot.customerIndex.getValue("d");

        assertThat(snapshot.sell.rate(snapshot.sellEntry(c, path, length, T0_MS))).isEqualTo(300);
        assertThat(snapshot.sell.rate(snapshot.sellEntry(d, path, length, T0_MS))).isEqualTo(200);
        assertThat(snapshot.sellEntry(c, path, length, T0_MS - 1)).isEqualTo(-1);
    }

    @Test
    void shouldRefuseTwoDecksForOneTrunkAndDirection()
    {
        final List<TrunkRates> decks = List.of(
            new TrunkRates("a", DeckDirection.VENDOR, List.of(rate("1", 1))),
            new TrunkRates("a", DeckDirection.VENDOR, List.of(rate("2", 1))));

        assertThatThrownBy(() -> RouteSnapshot.build(decks, RoutingSettings.DEFAULT))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("two decks for one trunk: trunk=a direction=VENDOR");
    }

    @Test
    void shouldAllowOneTrunkToHaveABuyAndASellDeck()
    {
        final RouteSnapshot snapshot = new Decks()
            .vendor("both", rate("1", 1))
            .customer("both", rate("1", 2))
            .snapshot();

        assertThat(snapshot.vendors()).containsExactly("both");
        assertThat(snapshot.customers()).containsExactly("both");
    }

    @Test
    void shouldRefuseNumbersWithNonDigits()
    {
        final RouteSnapshot snapshot = new Decks().vendor("a", rate("1", 1)).snapshot();
        final int[] path = new int[4];

        assertThat(snapshot.walk("1a".toCharArray(), 2, path)).isEqualTo(-1);
        assertThat(snapshot.walk("9".toCharArray(), 1, path)).isEqualTo(1);
        assertThat(snapshot.walk("12".toCharArray(), 2, path)).isEqualTo(2);
    }
}
