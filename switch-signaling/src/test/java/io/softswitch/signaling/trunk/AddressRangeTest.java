package io.softswitch.signaling.trunk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressRangeTest
{
    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "192.0.2.0/24,    192.0.2.0,       true",
        "192.0.2.0/24,    192.0.2.255,     true",
        "192.0.2.0/24,    192.0.3.0,       false",
        "192.0.2.0/23,    192.0.3.255,     true",
        "192.0.2.0/23,    192.0.4.0,       false",
        "10.0.0.0/9,      10.127.255.255,  true",
        "10.0.0.0/9,      10.128.0.0,      false",
        "172.16.0.0/12,   172.31.1.1,      true",
        "172.16.0.0/12,   172.32.0.0,      false",
        "203.0.113.64/27, 203.0.113.95,    true",
        "203.0.113.64/27, 203.0.113.96,    false",
        "203.0.113.64/27, 203.0.113.63,    false",
        "198.51.100.7/31, 198.51.100.6,    true",
        "198.51.100.7/31, 198.51.100.8,    false",
        "198.51.100.7,    198.51.100.7,    true",
        "198.51.100.7,    198.51.100.6,    false",
        "0.0.0.0/0,       255.255.255.255, true",
        "128.0.0.0/1,     127.255.255.255, false",
        "128.0.0.0/1,     128.0.0.0,       true",
    })
    void shouldContainExactlyTheIpv4AddressesOfItsPrefix(final String range, final String address, final boolean inside)
    {
        assertThat(AddressRange.parse(range).contains(InetAddress.ofLiteral(address))).isEqualTo(inside);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "2001:db8::/32,          2001:db8:ffff::1,        true",
        "2001:db8::/32,          2001:db9::1,             false",
        "2001:db8:8000::/33,     2001:db8:ffff::1,        true",
        "2001:db8:8000::/33,     2001:db8:7fff::1,        false",
        "2001:db8::/127,         2001:db8::1,             true",
        "2001:db8::/127,         2001:db8::2,             false",
        "2001:db8::abc/125,      2001:db8::abf,           true",
        "2001:db8::abc/125,      2001:db8::ab8,           true",
        "2001:db8::abc/125,      2001:db8::ab7,           false",
        "2001:db8::abc/125,      2001:db8::ac0,           false",
        "::1,                    ::1,                     true",
        "::/0,                   fe80::1,                 true",
    })
    void shouldContainExactlyTheIpv6AddressesOfItsPrefix(final String range, final String address, final boolean inside)
    {
        assertThat(AddressRange.parse(range).contains(InetAddress.ofLiteral(address))).isEqualTo(inside);
    }

    @Test
    void shouldNeverMatchAcrossAddressFamilies()
    {
        assertThat(AddressRange.parse("0.0.0.0/0").contains(InetAddress.ofLiteral("::1"))).isFalse();
        assertThat(AddressRange.parse("::/0").contains(InetAddress.ofLiteral("127.0.0.1"))).isFalse();
    }

    @Test
    void shouldClearHostBitsOfNetwork()
    {
        final AddressRange range = AddressRange.parse("192.0.2.77/26");

        assertThat(range.toString()).isEqualTo("192.0.2.64/26");
        assertThat(range).isEqualTo(AddressRange.parse("192.0.2.64/26"));
        assertThat(range.hashCode()).isEqualTo(AddressRange.parse("192.0.2.127/26").hashCode());
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
        "::1,                      ::1/128",
        "::/0,                     ::/0",
        "2001:DB8:0:0:0:0:0:1/128, 2001:db8::1/128",
        "2001:db8:0:0:1:0:0:1,     2001:db8::1:0:0:1/128",
        "2001:0:0:1:0:0:0:1,       2001:0:0:1::1/128",
        "2001:db8:0:1:1:1:1:1,     2001:db8:0:1:1:1:1:1/128",
        "fe80::1:0,                fe80::1:0/128",
        "1:0:0:0:0:0:0:0,          1::/128",
        "2001:db8::/32,            2001:db8::/32",
        "198.51.100.7,             198.51.100.7/32",
        "0.0.0.0/0,                0.0.0.0/0",
    })
    void shouldPrintCanonicalTextForm(final String range, final String text)
    {
        assertThat(AddressRange.parse(range).toString()).isEqualTo(text);
        assertThat(AddressRange.parse(text)).isEqualTo(AddressRange.parse(range));
    }

    @Test
    void shouldTreatBareAddressAsBlockOfOne()
    {
        assertThat(AddressRange.parse("2001:db8::1").prefixLength()).isEqualTo(128);
        assertThat(AddressRange.parse("192.0.2.1").prefixLength()).isEqualTo(32);
    }

    @Test
    void shouldNotLetCallerChangeNetworkThroughAccessor()
    {
        final AddressRange range = AddressRange.parse("192.0.2.0/24");

        range.network()[2] = 99;

        assertThat(range.contains(InetAddress.ofLiteral("192.0.2.1"))).isTrue();
        assertThat(range.contains(InetAddress.ofLiteral("192.0.99.1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/33", "2001:db8::/129", "192.0.2.0/-1", "192.0.2.0/", "192.0.2.0/x",
        "example.com", "192.0.2", "10.1", "3221225985", "192.0.2.0/24/1", "", "192.0.2.0/+8"})
    void shouldRefuseMalformedBlocks(final String text)
    {
        assertThatThrownBy(() -> AddressRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
