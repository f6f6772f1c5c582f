package io.softswitch.signaling.trunk;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerDirectoryTest
{
    private static final CustomerTrunk ALPHA = trunk("alpha", "", "192.0.2.0/24");
    private static final CustomerTrunk ALPHA_PREMIUM = trunk("alpha-premium", "7001", "192.0.2.0/24");
    private static final CustomerTrunk ALPHA_GOLD = trunk("alpha-gold", "70012", "192.0.2.0/24");
    private static final CustomerTrunk BETA = trunk("beta", "", "198.51.100.7", "2001:db8:beef::/48");
    private static final CustomerTrunk GAMMA_ONLY_PREFIXED = trunk("gamma", "99#", "203.0.113.0/28");

    private final CustomerDirectory directory =
        new CustomerDirectory(List.of(ALPHA, ALPHA_PREMIUM, ALPHA_GOLD, BETA, GAMMA_ONLY_PREFIXED));

    @Test
    void shouldMatchTrunkBySourceAddressInItsBlock()
    {
        assertThat(directory.match(ip("192.0.2.200"), "442071234567")).isSameAs(ALPHA);
        assertThat(directory.match(ip("198.51.100.7"), "442071234567")).isSameAs(BETA);
    }

    @Test
    void shouldMatchIpv6SourceInIpv6Block()
    {
        assertThat(directory.match(ip("2001:db8:beef:1::5"), "1555")).isSameAs(BETA);
        assertThat(directory.match(ip("2001:db8:bee0::5"), "1555")).isNull();
    }

    @Test
    void shouldAnswerNullForUnknownSource()
    {
        assertThat(directory.match(ip("192.0.3.1"), "442071234567")).isNull();
        assertThat(directory.match(ip("198.51.100.8"), "442071234567")).isNull();
        assertThat(directory.match(ip("::1"), "442071234567")).isNull();
    }

    @Test
    void shouldPreferLongestMatchingTechPrefixOverEmptyOne()
    {
        assertThat(directory.match(ip("192.0.2.1"), "7001442071234567")).isSameAs(ALPHA_PREMIUM);
        assertThat(directory.match(ip("192.0.2.1"), "70012442071234567")).isSameAs(ALPHA_GOLD);
        assertThat(directory.match(ip("192.0.2.1"), "7002442071234567")).isSameAs(ALPHA);
    }

    @Test
    void shouldAnswerNullWhenOnlyTrunkAtSourceNeedsTechPrefixThatIsMissing()
    {
        assertThat(directory.match(ip("203.0.113.5"), "99#4420")).isSameAs(GAMMA_ONLY_PREFIXED);
        assertThat(directory.match(ip("203.0.113.5"), "4420")).isNull();
        assertThat(directory.match(ip("203.0.113.5"), "99")).isNull();
    }

    @Test
    void shouldPreferMoreSpecificSourceBlockWhenTechPrefixesTie()
    {
        final CustomerTrunk wide = trunk("wide", "", "10.0.0.0/8");
        final CustomerTrunk narrow = trunk("narrow", "", "10.1.2.0/24");
        final CustomerDirectory tie = new CustomerDirectory(List.of(wide, narrow));

        assertThat(tie.match(ip("10.1.2.3"), "1")).isSameAs(narrow);
        assertThat(tie.match(ip("10.1.3.3"), "1")).isSameAs(wide);
    }

    @Test
    void shouldMatchFromRawAddressBytes()
    {
        assertThat(directory.match(new byte[] {(byte)192, 0, 2, 9}, new StringBuilder("7001123")))
            .isSameAs(ALPHA_PREMIUM);
    }

    @Test
    void shouldRejectTwoTrunksThatNoRequestCouldTellApart()
    {
        assertThatThrownBy(() -> new CustomerDirectory(List.of(
            trunk("one", "5", "192.0.2.0/24"),
            trunk("two", "5", "192.0.2.0/24"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("customer trunks share source and tech prefix: a=one b=two source=192.0.2.0/24 techPrefix=5");
    }

    @Test
    void shouldKeepTrunksInGivenOrder()
    {
        assertThat(directory.trunks()).containsExactly(ALPHA, ALPHA_PREMIUM, ALPHA_GOLD, BETA, GAMMA_ONLY_PREFIXED);
    }

    private static CustomerTrunk trunk(final String name, final String techPrefix, final String... sources)
    {
        return new CustomerTrunk(
            name,
            List.of(sources).stream().map(AddressRange::parse).toList(),
            techPrefix,
            NumberRules.NONE,
            10,
            10,
            FailoverPolicy.defaults());
    }

    private static InetAddress ip(final String literal)
    {
        return InetAddress.ofLiteral(literal);
    }
}
