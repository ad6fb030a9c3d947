package io.vigil.director.settings;

import java.util.List;

/**
 * The outcome of reading the engine settings.
 *
 * @param settings the settings, or null when there are problems
 * @param problems one line per problem, each naming the key's path and where it was set
 */
public record SettingsLoad(EngineSettings settings, List<String> problems) {

    /** Whether the settings were read without problems. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
