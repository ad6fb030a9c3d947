package io.vigil.director.settings;

import java.nio.file.Path;

/**
 * The director's engine settings (not keepalived.conf): where metrics are served, where runtime state lives,
 * how much is logged. Immutable; read by {@link EngineSettingsLoader}.
 *
 * @param metricsHost the address the metrics endpoint listens on ({@code vigil.metrics.listen} host part)
 * @param metricsPort its port ({@code vigil.metrics.listen} port part)
 * @param metricsPath the HTTP path of the Prometheus endpoint ({@code vigil.metrics.path})
 * @param stateDir    runtime state directory ({@code vigil.state-dir})
 * @param logLevel    root log level ({@code vigil.log.level}): trace, debug, info, warn or error
 * @param dataplane   {@code vigil.dataplane.*}
 * @param announce    {@code vigil.announce.*}
 */
public record EngineSettings(String metricsHost, int metricsPort, String metricsPath, Path stateDir, String logLevel,
                             io.vigil.dataplane.api.DataplaneSettings dataplane, AnnounceSettings announce) {
}
