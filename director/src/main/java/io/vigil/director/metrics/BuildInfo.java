package io.vigil.director.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;

/**
 * {@code vigil_build_info{version,javaversion} 1}: which Vigil and which Java runtime serve the metrics, as
 * Prometheus's version collector does for Go programs ({@code keepalived_exporter_build_info}).
 *
 * <p>Threading: {@link #register} is called once at startup; the value never changes.
 */
public final class BuildInfo {

    private BuildInfo() {
    }

    /** Registers the series with {@code version} (the jar manifest's, or "dev" when run from classes). */
    public static void register(PrometheusMeterRegistry registry) {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        register(registry, v == null ? "dev" : v, Runtime.version().toString());
    }

    static void register(PrometheusMeterRegistry registry, String version, String javaVersion) {
        Info.builder().name("vigil_build_info").help("Vigil version and the Java runtime it runs on")
                .labelNames("version", "javaversion").register(registry.getPrometheusRegistry())
                .addLabelValues(version, javaVersion);
    }
}
