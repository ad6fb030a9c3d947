package io.vigil.director.cli;

import java.util.Map;

/**
 * {@code vigil list [--state-dir DIR] [-n] [--json]}: every virtual server and the real servers in its pool, in
 * {@code ipvsadm -Ln}'s layout, from the running daemon over its control socket. Addresses are always numeric, so
 * {@code -n} is accepted for ipvsadm's users and changes nothing.
 */
final class ListCommand extends ControlSocketCommand {

    static final String USAGE = "usage: vigil list [--state-dir DIR] [-n] [--json]";

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "list each virtual server and its real servers as ipvsadm -Ln does (--json: health and checks)";
    }

    @Override
    String usage() {
        return USAGE;
    }

    @Override
    Map<String, String> flags() {
        return Map.of("--json", "--json", "-n", "", "--numeric", "");
    }
}
