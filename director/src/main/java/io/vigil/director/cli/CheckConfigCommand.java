package io.vigil.director.cli;

import io.vigil.director.config.ConfigJson;
import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import io.vigil.director.config.Diagnostic;
import io.vigil.director.config.NotAppliedKeywords;
import io.vigil.director.control.ControlClient;
import io.vigil.director.control.ControlReply;
import io.vigil.director.daemon.Daemon;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil check-config}: reads a keepalived.conf as {@code keepalived -t} does, prints one diagnostic per line
 * on stderr, optionally the effective configuration as JSON on stdout, and exits 0 (valid), 3 (cannot run) or 4
 * (errors but would run). With {@code --diff}, the running daemon answers what reloading the file would change.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Check a keepalived.conf as keepalived -t does: one diagnostic per line on stderr, "
                + "FILE:LINE:COL: error|warning: message.",
            "With --diff -f FILE: ask the running daemon what reloading FILE would change, one line per change "
                + "(+ added, - removed, ~ changed); nothing is changed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid (--diff: would be accepted)", "1:--diff: no daemon",
            "2:bad command line", "3:cannot run (unreadable, binary, include cycle, limits)",
            "4:errors, but would run (--diff: would be refused)",
            "5:scripts would run as root without enable_script_security"})
final class CheckConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--strict", description = "Unknown keywords are errors (default: warnings).")
    boolean strict;

    @Option(names = "--dump", description = "Print the effective configuration as JSON on stdout.")
    boolean dump;

    @Option(names = "--diff", description = "Compare FILE with the running daemon's configuration (needs -f).")
    boolean diff;

    @Mixin
    StateDirOption stateDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (diff) {
            if (config.file == null) {
                throw new ParameterException(spec.commandLine(), "--diff needs -f FILE, the configuration to compare");
            }
            return diff(out, err);
        }
        if (stateDir.stateDir != null) {
            throw new ParameterException(spec.commandLine(), "--state-dir goes with --diff");
        }
        ConfigLoad load = new ConfigLoader(config.configId == null ? ConfigLoader.defaultConfigId() : config.configId,
                strict, Daemon::interfaceExists).load(config.file());
        for (Diagnostic d : load.diagnostics()) {
            err.println(d.format());
        }
        for (Diagnostic d : NotAppliedKeywords.warnings(load.config())) {
            err.println(d.format());
        }
        if (dump) {
            out.print(ConfigJson.dump(load.config()));
        }
        out.flush();
        return load.configTestExitCode();
    }

    /**
     * {@code --diff}: the running daemon reads FILE as a reload would and answers what it would change (one line per
     * change), or why it would refuse the file; nothing is changed. keepalived's "interface doesn't exist" check is
     * made as {@code vigil run} makes it ({@code if_nametoindex(3)}).
     */
    private int diff(PrintWriter out, PrintWriter err) {
        try {
            ControlReply reply = ControlClient.request(stateDir.orDefault(),
                    List.of("reload", "--diff", config.file.toAbsolutePath().toString()));
            (reply.exitCode() == 0 ? out : err).print(reply.body());
            out.flush();
            err.flush();
            return reply.exitCode();
        } catch (IOException e) {
            err.println("vigil check-config --diff: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
