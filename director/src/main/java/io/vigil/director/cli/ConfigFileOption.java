package io.vigil.director.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * The keepalived.conf to read, in keepalived's forms ({@code -f FILE}, {@code -fFILE}, {@code --use-file=FILE},
 * {@code --use-file FILE}), and the config id for {@code @id} lines. Without {@code -f} the first existing of
 * {@link #DEFAULTS}. A picocli mixin of check-config and run. Thread safety: caller's thread only.
 */
public final class ConfigFileOption {

    /** Where the configuration is looked for when {@code -f} is absent, in this order. */
    public static final List<Path> DEFAULTS = List.of(Path.of("/etc/vigil/keepalived.conf"),
            Path.of("/etc/keepalived/keepalived.conf"));

    @Option(names = {"-f", "--use-file", "--config-file"}, paramLabel = "FILE",
            description = "The keepalived.conf to read (default: /etc/vigil/keepalived.conf, then "
                    + "/etc/keepalived/keepalived.conf).")
    Path file;

    @Option(names = {"-i", "--config-id"}, paramLabel = "ID",
            description = "The id for @id / @^id lines and $${_INSTANCE} (default: the host name up to its first dot).")
    String configId;

    /** The file to read: {@code -f}'s, else the first default that exists, else the first default. */
    Path file() {
        return resolve(Files::exists);
    }

    Path resolve(Predicate<Path> exists) {
        if (file != null) {
            return file;
        }
        return DEFAULTS.stream().filter(exists).findFirst().orElse(DEFAULTS.getFirst());
    }
}
