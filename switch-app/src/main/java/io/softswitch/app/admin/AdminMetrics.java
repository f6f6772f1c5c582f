package io.softswitch.app.admin;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The process's meters in Prometheus form: the switch's own (calls, responses, trunk limits) in
 * {@link #registry()}, and the JVM and process meters (memory pools, GC, threads, class loading,
 * CPU, open file descriptors, uptime) in a registry of their own. One scrape of {@code /metrics}
 * shows both.
 *
 * <p>Why two: a Prometheus registry evaluates every gauge of every family at each scrape, even
 * when only some families are asked for, and the JVM and process gauges read {@code /proc} and the
 * management beans (about half a millisecond of CPU per scrape, 2026-12-02). A scrape filtered to
 * the switch's families ({@code /metrics?name=...}, what a NOC wall or the benchmark ramp polls
 * every 100 ms) skips them; they are collected when asked for by name, or in a whole scrape.
 */
public final class AdminMetrics implements AutoCloseable
{
    /** Name prefixes of the JVM and process families (Micrometer's binders name them so). */
    private static final List<String> PROCESS_PREFIXES = List.of("jvm_", "process_", "system_");
    /** The OpenMetrics text ends with this line, once. */
    private static final String OPENMETRICS_EOF = "# EOF\n";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PrometheusMeterRegistry process = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * Creates the registries and binds the JVM and process meters.
     */
    public AdminMetrics()
    {
        this(List.of());
    }

    /**
     * Creates the registries and binds the JVM and process meters, and the given binders beside
     * them (tests: a gauge that counts its readings).
     *
     * @param moreProcessBinders binders whose families are named {@code jvm_}, {@code process_} or
     *                           {@code system_}.
     */
    AdminMetrics(final List<MeterBinder> moreProcessBinders)
    {
        new JvmInfoMetrics().bindTo(process);
        new JvmMemoryMetrics().bindTo(process);
        gcMetrics.bindTo(process);
        new JvmThreadMetrics().bindTo(process);
        new ClassLoaderMetrics().bindTo(process);
        new ProcessorMetrics().bindTo(process);
        new FileDescriptorMetrics().bindTo(process);
        new UptimeMetrics().bindTo(process);
        moreProcessBinders.forEach(binder -> binder.bindTo(process));
    }

    /**
     * The registry to give the switch for its own meters.
     *
     * @return the registry.
     */
    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /**
     * Every meter, or only the named families, in the given exposition format.
     *
     * @param contentType the format ({@code text/plain} 0.0.4 or OpenMetrics), as
     *                    {@link PrometheusMeterRegistry#scrape(String)} takes it.
     * @param families    metric and family names to include, or null for all.
     * @return the text, UTF-8.
     */
    public byte[] scrape(final String contentType, final Set<String> families)
    {
        final String own = scrape(registry, contentType, families);
        if (families != null && families.stream().noneMatch(AdminMetrics::isProcessFamily))
        {
            return own.getBytes(StandardCharsets.UTF_8);
        }
        final String jvm = scrape(process, contentType, families);
        final String head = own.endsWith(OPENMETRICS_EOF) ? own.substring(0, own.length() - OPENMETRICS_EOF.length()) : own;
        return (head + jvm).getBytes(StandardCharsets.UTF_8);
    }

    private static String scrape(final PrometheusMeterRegistry from, final String contentType, final Set<String> families)
    {
        return families == null ? from.scrape(contentType) : from.scrape(contentType, families);
    }

    private static boolean isProcessFamily(final String name)
    {
        for (final String prefix : PROCESS_PREFIXES)
        {
            if (name.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops listening to GC notifications and closes the registries.
     */
    @Override
    public void close()
    {
        gcMetrics.close();
        process.close();
        registry.close();
    }
}
