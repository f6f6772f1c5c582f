package io.softswitch.app.config;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CdrConfigReaderTest
{
    private final ConfigFileReader reader = new ConfigFileReader(Map.of());

    private SoftswitchConfig read(final String yaml)
    {
        return reader.read("test.yaml", new StringReader(yaml));
    }

    @Test
    void shouldJournalBesideTheDatabaseByDefault()
    {
        final CdrSettings cdr = read("customers: []\ndatabase:\n  data-directory: /srv/ss/postgres\n").cdr();
        assertThat(cdr.enabled()).isTrue();
        assertThat(cdr.journalDirectory()).isEqualTo(Path.of("/srv/ss/cdr"));
        assertThat(cdr.nodeId()).isEqualTo("node-1");
        assertThat(cdr.rollCycle()).isEqualTo("FAST_HOURLY");
        assertThat(cdr.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(cdr.freeSpaceFloorBytes()).isEqualTo(512L << 20);
        assertThat(cdr.billing()).isTrue();
        assertThat(cdr.billingMaxDefer()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldReadEveryCdrKey()
    {
        final CdrSettings cdr = read("""
            customers: []
            cdr:
              enabled: true
              journal-directory: /var/lib/ss/journal
              node-id: sw-par-2
              roll-cycle: FAST_DAILY
              retention-hours: 48
              free-space-floor-mb: 2048
              billing: false
              batch-size: 500
              billing-max-defer-seconds: 90
            """).cdr();
        assertThat(cdr).isEqualTo(new CdrSettings(true, Path.of("/var/lib/ss/journal"), "sw-par-2", "FAST_DAILY",
            Duration.ofHours(48), 2048L << 20, false, 500, Duration.ofSeconds(90)));
    }

    @Test
    void shouldRefuseAnUnknownRollCycleWithItsPosition()
    {
        assertThatThrownBy(() -> read("customers: []\ncdr:\n  roll-cycle: FORTNIGHTLY\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("test.yaml:3:")
            .hasMessageContaining("unknown roll cycle");
    }

    @Test
    void shouldRefuseTheWeeklyRollCycleSayingWhyAndWhatToUse()
    {
        assertThatThrownBy(() -> read("customers: []\ncdr:\n  roll-cycle: WEEKLY\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("test.yaml:3:")
            .hasMessageContaining("roll cycle not supported")
            .hasMessageContaining("FAST_DAILY");
    }

    @Test
    void shouldRefuseANodeIdWithSpaces()
    {
        assertThatThrownBy(() -> read("customers: []\ncdr:\n  node-id: node one\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("bad node id");
    }
}
