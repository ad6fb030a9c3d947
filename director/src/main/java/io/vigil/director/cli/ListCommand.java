package io.vigil.director.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil list}: every virtual server and the real servers in its pool, in {@code ipvsadm -Ln}'s layout, from
 * the running daemon over its control socket.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List each virtual server and its real servers as ipvsadm -Ln does.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no daemon", "2:bad command line"})
final class ListCommand extends ControlSocketCommand {

    @Option(names = {"-n", "--numeric"}, description = "Numeric addresses (always; accepted for ipvsadm's users).")
    boolean numeric;

    @Option(names = "--json", description = "One object per service with its pool, health and checks.")
    boolean json;

    @Override
    List<String> request() {
        List<String> request = new ArrayList<>(List.of("list"));
        if (json) {
            request.add("--json");
        }
        return request;
    }
}
