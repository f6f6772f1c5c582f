package io.softswitch.signaling.trunk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VendorTrunkTest
{
    @Test
    void shouldAcceptIpv4AndIpv6Hosts()
    {
        assertThat(vendor("192.0.2.10").host()).isEqualTo("192.0.2.10");
        assertThat(vendor("2001:db8::10").host()).isEqualTo("2001:db8::10");
    }

    @Test
    void shouldRejectAddressBlockAsHost()
    {
        assertThatThrownBy(() -> vendor("192.0.2.0/24"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("vendor host must be an IP address, not a block: host=192.0.2.0/24");
    }

    @Test
    void shouldRejectHostName()
    {
        assertThatThrownBy(() -> vendor("sip.example.com"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("not an IP address literal: sip.example.com");
    }

    @Test
    void shouldRejectPortOutOfRange()
    {
        assertThatThrownBy(() -> new VendorTrunk("v", "192.0.2.1", 0, Transport.UDP, 1, 1, ProbePolicy.DISABLED))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("port out of range: port=0");
    }

    private static VendorTrunk vendor(final String host)
    {
        return new VendorTrunk("v", host, 5060, Transport.UDP, 10, 10, ProbePolicy.DISABLED);
    }
}
