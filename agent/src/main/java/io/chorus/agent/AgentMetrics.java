package io.chorus.agent;

import io.chorus.api.Cluster;
import io.chorus.micrometer.ChorusMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What {@code GET /metrics} serves: the node's meters ({@link ChorusMetrics}) beside the JVM's
 * (memory, GC, threads, classes, CPU, uptime) in one Prometheus registry, scraped in the Prometheus
 * text format. Every meter carries the label {@code node}, the JVM's too, so that one dashboard
 * variable selects a node's every series.
 */
final class AgentMetrics implements AutoCloseable {
    /** The content type of the Prometheus text format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** @param node a started node */
    AgentMetrics(Cluster node) {
        registry.config().commonTags("node", node.localId().name());
        new ChorusMetrics(node).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** @return every meter, in the Prometheus text format */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
