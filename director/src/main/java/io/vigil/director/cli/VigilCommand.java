package io.vigil.director.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil}: the top of the command line. <b>Every subcommand is registered here, in {@code subcommands}</b>:
 * to add one, write one {@code @Command} class that implements {@code Callable<Integer>} (its exit code) and add
 * it to the list; {@code --help}, the man page vigil-NAME(8) and shell completion follow from its annotations.
 * Thread safety: one instance per command line, used on the caller's thread.
 */
@Command(name = "vigil",
        header = "keepalived-style high-availability director: VRRP, health checks, an LVS dataplane",
        description = {"Vigil reads keepalived.conf, floats virtual IPs between hosts with VRRP and keeps each "
                + "virtual server's pool of healthy real servers."},
        synopsisSubcommandLabel = "COMMAND",
        versionProvider = VersionCommand.class,
        subcommands = {
            VersionCommand.class,
            CheckConfigCommand.class,
            RunCommand.class,
            StatusCommand.class,
            ListCommand.class,
            ReloadCommand.class,
            TunnelEndpointCommand.class,
            GenhashCommand.class,
            DemoCommand.class,
            HelpCommand.class,
            AutoComplete.GenerateCompletion.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure at run time (no daemon, fetch failed, cannot start)",
            "2:bad command line",
            "3:the configuration cannot run",
            "4:the configuration has errors but would run",
        },
        footerHeading = "%nFiles:%n",
        footer = {"/etc/vigil/keepalived.conf (then /etc/keepalived/keepalived.conf)  the configuration",
            "/etc/vigil/vigil.conf  engine settings (HOCON)", "/run/vigil  pid file and control socket"})
public final class VigilCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** {@code vigil} alone: the usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
