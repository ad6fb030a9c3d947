package io.vigil.director.health;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.KeepalivedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** keepalived.conf text parsed as the daemon parses it (every interface exists), for the health tests. */
final class ConfigText {

    private ConfigText() {
    }

    /** Writes {@code text} to {@code dir/keepalived.conf} and loads it; fails the test on errors. */
    static KeepalivedConfig load(Path dir, String text) throws IOException {
        Path f = dir.resolve("keepalived.conf");
        Files.writeString(f, text);
        ConfigLoad load = new ConfigLoader("id", false, n -> true).load(f);
        assertTrue(load.exitCode() != 3, load.diagnostics().toString());
        return load.config();
    }
}
