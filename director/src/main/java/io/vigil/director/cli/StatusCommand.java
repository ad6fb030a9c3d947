package io.vigil.director.cli;

import java.util.Map;

/** {@code vigil status [--state-dir DIR] [--json]}: the running daemon's VRRP instances, over its control socket. */
final class StatusCommand extends ControlSocketCommand {

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
    String usage() {
        return USAGE;
    }

    @Override
    Map<String, String> flags() {
        return Map.of("--json", "--json");
    }
}
