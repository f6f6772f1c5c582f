package io.softswitch.app.config;

import io.softswitch.rtp.MediaIo;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaConfigReaderTest
{
    private static final String TRUNKS = """
        customers:
          - name: acme
            sources: [192.0.2.0/24]
          - name: globex
            sources: [198.51.100.0/24]
        vendors:
          - name: carrier-b
            host: 198.51.100.10
        """;

    private final ConfigFileReader reader = new ConfigFileReader(Map.of());

    private SoftswitchConfig read(final String yaml)
    {
        return reader.read("test.yaml", new StringReader(yaml));
    }

    @Test
    void shouldAnchorNothingWithoutAMediaSection()
    {
        final MediaSettings media = read(TRUNKS).media();
        assertThat(media.enabled()).isFalse();
    }

    @Test
    void shouldReadTheRelayAndEachTrunksAnchorAndCodecs()
    {
        final MediaSettings media = read(TRUNKS + """
            media:
              bind: 127.0.0.1
              advertise: 192.0.2.50
              ports: 40000-40999
              quarantine-ms: 2000
              media-timeout-s: 30
              hold-timeout-s: 3600
              one-way-timeout-s: 15
              threads: 2
              realtime-priority: 10
              coalesce-us: 250
              io: epoll
              codecs: [PCMA, PCMU]
              trunks:
                acme: {codecs: [g729, pcma]}
                globex: {anchor: false}
                carrier-b: {anchor: false, codecs: [PCMA]}
            """).media();
        assertThat(media.enabled()).isTrue();
        assertThat(media.relayChannel()).isNull();
        assertThat(media.relay().advertisedAddress().getHostAddress()).isEqualTo("192.0.2.50");
        assertThat(media.relay().minPort()).isEqualTo(40000);
        assertThat(media.relay().maxPort()).isEqualTo(40999);
        assertThat(media.relay().quarantineMs()).isEqualTo(2000);
        assertThat(media.relay().mediaTimeoutMs()).isEqualTo(30_000);
        assertThat(media.relay().holdTimeoutMs()).isEqualTo(3_600_000);
        assertThat(media.relay().oneWayTimeoutMs()).isEqualTo(15_000);
        assertThat(media.relay().workers()).isEqualTo(2);
        assertThat(media.relay().realtimePriority()).isEqualTo(10);
        assertThat(media.relay().coalesceUs()).isEqualTo(250);
        assertThat(media.relay().io()).isEqualTo(MediaIo.EPOLL);
        assertThat(media.defaults().anchor()).isTrue();
        assertThat(media.defaults().codecs().codecs()).containsExactly("PCMA", "PCMU");
        assertThat(media.trunks().get("acme").codecs().codecs()).containsExactly("G729", "PCMA");
        assertThat(media.trunks().get("acme").anchor()).isTrue();
        assertThat(media.trunks().get("globex").anchor()).isFalse();
        assertThat(media.trunks().get("globex").codecs().codecs()).containsExactly("PCMA", "PCMU");
        assertThat(media.trunks().get("carrier-b").anchor()).as("a vendor trunk").isFalse();
        assertThat(media.trunks().get("carrier-b").codecs().codecs()).containsExactly("PCMA");
    }

    @Test
    void shouldCoalesceRelayTurnsByDefaultAndNotWhenTurnedOff()
    {
        assertThat(read(TRUNKS + "media:\n  bind: 127.0.0.1\n").media().relay().coalesceUs()).isEqualTo(500);
        assertThat(read(TRUNKS + "media:\n  coalesce-us: 0\n").media().relay().coalesceUs()).isZero();
    }

    @Test
    void shouldBlockForOneWayAudioOnlyWhenAsked()
    {
        assertThat(read(TRUNKS + "media:\n  bind: 127.0.0.1\n").media().oneWayBlock()).as("off by default").isNull();
        final OneWayBlockSettings block = read(TRUNKS + """
            media:
              one-way-block: {share-percent: 25, window-s: 900, min-calls: 40}
            """).media().oneWayBlock();
        assertThat(block).isEqualTo(new OneWayBlockSettings(25, 900_000, 40));
        assertThat(read(TRUNKS + "media:\n  one-way-block: {}\n").media().oneWayBlock())
            .isEqualTo(new OneWayBlockSettings(50, 600_000, 20));
    }

    @Test
    void shouldTakeARemoteRelayWithTheChannelItAnswersOn()
    {
        final MediaSettings media = read(TRUNKS + """
            media:
              relay: aeron:udp?endpoint=10.0.0.5:9990
              reply-channel: aeron:udp?endpoint=10.0.0.2:9991
              controller-id: 40
            """).media();
        assertThat(media.relayChannel()).isEqualTo("aeron:udp?endpoint=10.0.0.5:9990");
        assertThat(media.replyChannel()).isEqualTo("aeron:udp?endpoint=10.0.0.2:9991");
        assertThat(media.controllerId()).isEqualTo(40);
    }

    @Test
    void shouldRefuseAMediaSectionThatCannotWork()
    {
        for (final String bad : List.of(
            "media:\n  ports: 40000\n",
            "media:\n  relay: tcp://10.0.0.5:9990\n",
            "media:\n  relay: aeron:udp?endpoint=10.0.0.5:9990\n",
            "media:\n  trunks:\n    nobody: {anchor: false}\n",
            "media:\n  codecs: [\"PCMA/8000\"]\n",
            "media:\n  ports: 40001-40001\n",
            "media:\n  colour: blue\n",
            "media:\n  one-way-block: {share-percent: 0}\n",
            "media:\n  one-way-block: {share: 30}\n"))
        {
            assertThatThrownBy(() -> read(TRUNKS + bad)).as(bad).isInstanceOf(ConfigException.class);
        }
    }
}
