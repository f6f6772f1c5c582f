package io.softswitch.app.admin;

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

/**
 * The process's meter registry, in Prometheus form, with the JVM and process meters bound:
 * memory pools, GC pauses, threads, class loading, CPU, open file descriptors and uptime.
 *
 * <p>The switch registers its own meters (calls, responses, trunk limits) in the same registry,
 * so one scrape of {@code /metrics} shows the whole process.
 */
public final class AdminMetrics implements AutoCloseable
{
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * Creates the registry and binds the JVM and process meters to it.
     */
    public AdminMetrics()
    {
        new JvmInfoMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * The registry to give the switch and to scrape.
     *
     * @return the registry.
     */
    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /**
     * Stops listening to GC notifications and closes the registry.
     */
    @Override
    public void close()
    {
        gcMetrics.close();
        registry.close();
    }
}
