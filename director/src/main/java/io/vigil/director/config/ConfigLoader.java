package io.vigil.director.config;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a keepalived.conf: preprocess, parse, build the model, validate. Never throws on bad input.
 *
 * @param configId        the config-id for {@code @id} lines (keepalived's {@code -i}); default the short host name
 * @param strict          whether unknown keywords are errors
 * @param interfaceExists whether a network interface exists on this host, or null to skip that check
 */
public record ConfigLoader(String configId, boolean strict, Predicate<String> interfaceExists) {

    /** Reads {@code file} and everything it includes. */
    public ConfigLoad load(Path file) {
        Diagnostics diagnostics = new Diagnostics(strict);
        List<LogicalLine> lines = new Preprocessor(diagnostics, configId).read(file);
        List<Statement> top = new Parser(diagnostics).parse(lines);
        KeepalivedConfig config = new ConfigBuilder(diagnostics, interfaceExists).build(top);
        config = new Validator(diagnostics).validate(config);
        return new ConfigLoad(config, diagnostics.list());
    }
}
