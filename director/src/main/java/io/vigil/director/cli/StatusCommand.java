package io.vigil.director.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil status}: the running daemon's VRRP instances, over its control socket. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each VRRP instance of the running daemon: state, priorities, master, VIPs, counters.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:shown", "1:no daemon", "2:bad command line"})
final class StatusCommand extends ControlSocketCommand {

    @Option(names = "--json", description = "An array of objects with keepalived's JSON names.")
    boolean json;

    @Override
    List<String> request() {
        List<String> request = new ArrayList<>(List.of("status"));
        if (json) {
            request.add("--json");
        }
        return request;
    }
}
