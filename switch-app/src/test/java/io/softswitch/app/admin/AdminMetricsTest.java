package io.softswitch.app.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AdminMetricsTest
{
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final AtomicInteger readings = new AtomicInteger();
    private final MeterBinder probe = registry -> Gauge.builder("process.probe", readings, AtomicInteger::incrementAndGet)
        .description("how often the process gauges were read").register(registry);

    @Test
    void shouldNotReadTheProcessGaugesForAScrapeOfTheSwitchsOwnFamilies()
    {
        try (AdminMetrics metrics = new AdminMetrics(List.of(probe)))
        {
            Counter.builder("softswitch.calls").description("calls").register(metrics.registry()).increment(2);

            final String body = text(metrics.scrape(TEXT, Set.of("softswitch_calls_total", "softswitch_calls")));

            assertThat(body).contains("softswitch_calls_total 2.0").doesNotContain("jvm_").doesNotContain("process_");
            assertThat(readings).as("process gauges read").hasValue(0);
        }
    }

    @Test
    void shouldReadTheProcessGaugesWhenOneIsNamedOrAllAreAsked()
    {
        try (AdminMetrics metrics = new AdminMetrics(List.of(probe)))
        {
            Counter.builder("softswitch.calls").description("calls").register(metrics.registry()).increment();

            final String named = text(metrics.scrape(TEXT, Set.of("process_probe")));
            assertThat(named).contains("process_probe 1.0").doesNotContain("softswitch_calls").doesNotContain("jvm_memory");

            final String all = text(metrics.scrape(TEXT, null));
            assertThat(all).contains("softswitch_calls_total 1.0").contains("jvm_memory_used_bytes{")
                .contains("process_probe 2.0");
        }
    }

    @Test
    void shouldEndAWholeOpenMetricsScrapeWithOneEof()
    {
        try (AdminMetrics metrics = new AdminMetrics())
        {
            Counter.builder("softswitch.calls").description("calls").register(metrics.registry()).increment();

            final String all = text(metrics.scrape(OPENMETRICS, null));

            assertThat(all).contains("softswitch_calls_total 1.0").contains("jvm_threads_live_threads")
                .endsWith("# EOF\n");
            assertThat(all.indexOf("# EOF")).isEqualTo(all.length() - "# EOF\n".length());
        }
    }

    private static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
