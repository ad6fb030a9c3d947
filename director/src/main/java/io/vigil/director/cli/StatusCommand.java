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

    @Option(names = "--json", arity = "0..1", paramLabel = "LAYOUT", fallbackValue = "vigil",
            description = "JSON instead of text. LAYOUT vigil (the default): an array of objects with keepalived's "
                    + "field names. LAYOUT keepalived: the file keepalived 2.2.7 writes on SIGJSON "
                    + "(/tmp/keepalived.json), [{\"data\": {...}, \"stats\": {...}}] per instance.")
    StatusJsonLayout json;

    @Override
    List<String> request() {
        List<String> request = new ArrayList<>(List.of("status"));
        if (json == StatusJsonLayout.VIGIL) {
            request.add("--json");
        } else if (json == StatusJsonLayout.KEEPALIVED) {
            request.add("--json=keepalived");
        }
        return request;
    }
}
