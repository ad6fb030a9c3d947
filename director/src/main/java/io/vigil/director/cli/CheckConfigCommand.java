package io.vigil.director.cli;

import io.vigil.director.config.ConfigJson;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.Diagnostic;
import java.io.PrintWriter;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil check-config}: reads a keepalived.conf as {@code keepalived -t} does, prints one diagnostic per line
 * on stderr, optionally the effective configuration as JSON on stdout, and exits 0 (valid), 3 (cannot run) or 4
 * (errors but would run).
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Check a keepalived.conf as keepalived -t does: one diagnostic per line on stderr, "
                + "FILE:LINE:COL: error|warning: message."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "2:bad command line", "3:cannot run (unreadable, binary, include cycle, limits)",
            "4:errors, but would run"})
final class CheckConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--strict", description = "Unknown keywords are errors (default: warnings).")
    boolean strict;

    @Option(names = "--dump", description = "Print the effective configuration as JSON on stdout.")
    boolean dump;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigLoad load = new ConfigLoader(config.configId == null ? ConfigLoader.defaultConfigId() : config.configId,
                strict, hostInterfaces()).load(config.file());
        for (Diagnostic d : load.diagnostics()) {
            err.println(d.format());
        }
        if (dump) {
            out.print(ConfigJson.dump(load.config()));
        }
        out.flush();
        return load.exitCode();
    }

    /** The interfaces of this host, for keepalived's "interface doesn't exist" check; null if they cannot be listed. */
    private static Predicate<String> hostInterfaces() {
        try {
            Set<String> names = new HashSet<>();
            NetworkInterface.networkInterfaces().forEach(n -> names.add(n.getName()));
            return names::contains;
        } catch (SocketException e) {
            return null;
        }
    }
}
