package io.softswitch.rtp.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaNodeMainTest
{
    @Test
    void shouldTurnTheCommandLineIntoARelaySetupOnUdp()
    {
        final MediaNodeMain.Options options = MediaNodeMain.parse(new String[] {"--control", "127.0.0.1:9990",
            "--bind", "127.0.0.1", "--advertise", "192.0.2.10", "--ports", "40000-40099", "--media-timeout-s", "20",
            "--one-way-timeout-s", "8", "--threads", "2", "--realtime-priority", "10", "--coalesce-us", "250"});
        assertThat(options.commandChannel()).isEqualTo("aeron:udp?endpoint=127.0.0.1:9990");
        assertThat(options.config().advertisedAddress().getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(options.config().minPort()).isEqualTo(40000);
        assertThat(options.config().maxPort()).isEqualTo(40099);
        assertThat(options.config().mediaTimeoutMs()).isEqualTo(20_000);
        assertThat(options.config().oneWayTimeoutMs()).isEqualTo(8_000);
        assertThat(options.config().workers()).isEqualTo(2);
        assertThat(options.config().realtimePriority()).isEqualTo(10);
        assertThat(options.config().coalesceUs()).isEqualTo(250);
    }

    @Test
    void shouldRefuseACommandLineWithoutControlEndpointOrWithABadRange()
    {
        assertThatThrownBy(() -> MediaNodeMain.parse(new String[] {"--ports", "40000-40099"}))
            .hasMessageContaining("--control");
        assertThatThrownBy(() -> MediaNodeMain.parse(new String[] {"--control", "127.0.0.1:1", "--ports", "40000"}))
            .hasMessageContaining("MIN-MAX");
        assertThatThrownBy(() -> MediaNodeMain.parse(new String[] {"--control"})).hasMessageContaining("missing value");
    }
}
