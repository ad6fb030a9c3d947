package io.vigil.director.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code vigil run} was asked to do.
 *
 * @param configFile   the keepalived.conf ({@code -f})
 * @param configId     the id for {@code @id} lines ({@code --config-id}); null for the short host name
 * @param stateDir     pid file and control socket ({@code --state-dir}); null for the engine setting
 * @param settingsFile the HOCON engine settings ({@code --settings}); {@code /etc/vigil/vigil.conf} by default
 */
public record DaemonOptions(Path configFile, String configId, Path stateDir, Path settingsFile) {

    public DaemonOptions {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(settingsFile, "settingsFile");
    }
}
