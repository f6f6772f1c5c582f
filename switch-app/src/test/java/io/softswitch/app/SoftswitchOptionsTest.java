package io.softswitch.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoftswitchOptionsTest
{
    @Test
    void shouldParseConfigAlone()
    {
        assertThat(SoftswitchOptions.parse("--config", "config/demo.yaml"))
            .isEqualTo(new SoftswitchOptions(Path.of("config/demo.yaml"), false, null, null));
    }

    @Test
    void shouldParseEveryOptionInBothForms()
    {
        assertThat(SoftswitchOptions.parse("--check", "--config=a.yaml", "--sip-port", "0", "--admin-port=-1"))
            .isEqualTo(new SoftswitchOptions(Path.of("a.yaml"), true, 0, -1));
    }

    @Test
    void shouldAnswerNullForHelp()
    {
        assertThat(SoftswitchOptions.parse("--config", "a.yaml", "--help")).isNull();
    }

    @Test
    void shouldRefuseMissingConfig()
    {
        assertThatThrownBy(() -> SoftswitchOptions.parse("--check"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("missing option: --config FILE");
    }

    @Test
    void shouldRefuseUnknownOption()
    {
        assertThatThrownBy(() -> SoftswitchOptions.parse("--config", "a.yaml", "--verbose"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown option: --verbose");
    }

    @Test
    void shouldRefuseOptionWithoutValue()
    {
        assertThatThrownBy(() -> SoftswitchOptions.parse("--config"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("missing value: option=--config");
    }

    @Test
    void shouldRefuseBadPorts()
    {
        assertThatThrownBy(() -> SoftswitchOptions.parse("--config", "a.yaml", "--sip-port", "five"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("not a port: option=--sip-port value=five");
        assertThatThrownBy(() -> SoftswitchOptions.parse("--config", "a.yaml", "--sip-port", "-1"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("port out of range: option=--sip-port value=-1");
        assertThatThrownBy(() -> SoftswitchOptions.parse("--config", "a.yaml", "--admin-port", "65536"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("port out of range: option=--admin-port value=65536");
    }
}
