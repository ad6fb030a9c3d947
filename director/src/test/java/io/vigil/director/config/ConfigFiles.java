package io.vigil.director.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Test fixture: loads configuration text written to a file, on a host whose only interface is eth0. Stateless. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Writes {@code text} to {@code dir/name} and loads it in the default (non-strict) mode. */
    static ConfigLoad load(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return new ConfigLoader("id", false, Set.of("eth0")::contains).load(f);
    }
}
