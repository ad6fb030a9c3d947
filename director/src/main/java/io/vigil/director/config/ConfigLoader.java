package io.vigil.director.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a keepalived.conf: preprocess, parse, build the model, validate. Never throws on bad input.
 *
 * @param configId        the config-id for {@code @id} lines (keepalived's {@code -i}); default the short host name
 * @param strict          whether unknown keywords are errors
 * @param interfaceExists whether a network interface exists on this host, or null to skip the checks of this host
 *                        (interfaces, and the scripts' files as keepalived checks them)
 */
public record ConfigLoader(String configId, boolean strict, Predicate<String> interfaceExists) {

    /** Reads {@code file} and everything it includes. */
    public ConfigLoad load(Path file) {
        Diagnostics diagnostics = new Diagnostics(strict);
        List<LogicalLine> lines = new Preprocessor(diagnostics, configId).read(file);
        List<Statement> top = new Parser(diagnostics).parse(lines);
        KeepalivedConfig config = new ConfigBuilder(diagnostics, interfaceExists).build(top);
        config = new Validator(diagnostics).validate(config);
        if (interfaceExists != null && !config.inNetNamespace()) {
            config = ScriptSecurity.onThisHost(diagnostics).check(config);
        }
        return new ConfigLoad(config, diagnostics.list());
    }

    /** keepalived's default config-id: the node name up to its first dot (keepalived.conf(5) "config-id"). */
    public static String defaultConfigId() {
        String name;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
