package io.vigil.director.cli;

import io.vigil.director.control.ControlClient;
import io.vigil.director.control.ControlReply;
import io.vigil.director.daemon.StateDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code vigil status [--state-dir DIR] [--json]}: the running daemon's VRRP instances, over its control socket. */
final class StatusCommand implements Command {

    static final String USAGE = "usage: vigil status [--state-dir DIR] [--json]";

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "show each VRRP instance of the running daemon (state, priorities, master, VIPs, counters)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Path stateDir = StateDir.DEFAULT;
        List<String> request = new ArrayList<>(List.of("status"));
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--json" -> request.add("--json");
                case "--state-dir" -> {
                    if (i + 1 >= args.size()) {
                        err.println("vigil status: --state-dir needs a directory");
                        err.println(USAGE);
                        return ExitCodes.USAGE;
                    }
                    stateDir = Path.of(args.get(++i));
                }
                default -> {
                    err.println("vigil status: unknown option '" + args.get(i) + "'");
                    err.println(USAGE);
                    return ExitCodes.USAGE;
                }
            }
        }
        try {
            ControlReply reply = ControlClient.request(stateDir, request);
            (reply.exitCode() == 0 ? out : err).print(reply.body());
            return reply.exitCode();
        } catch (IOException e) {
            err.println("vigil status: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
