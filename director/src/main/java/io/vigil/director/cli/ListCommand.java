package io.vigil.director.cli;

import io.vigil.director.listing.ListOptions;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil list [--state-dir DIR] [-n] [-c | --timeout | --stats | --rate] [--exact] [--json]}: the services
 * and their real servers in {@code ipvsadm -Ln}'s formats, the connection table ({@code -c}) or the timeouts, from
 * the running daemon over its control socket. Options are ipvsadm's ({@link ListOptions}); addresses are always
 * numeric, so {@code -n} is accepted and changes nothing.
 */
final class ListCommand extends ControlSocketCommand {

    static final String USAGE = "usage: vigil list [--state-dir DIR] [-n] [-c|--connection] [--timeout] [--stats] "
            + "[--rate] [-X|--exact] [--json]";

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "list the virtual services and their real servers as ipvsadm -Ln does (--stats, --rate, -c, --timeout, --json)";
    }

    @Override
    String usage() {
        return USAGE;
    }

    @Override
    Map<String, String> flags() {
        return Map.of();
    }

    @Override
    List<String> requestWords(List<String> options) {
        return ListOptions.parse(options).words();
    }
}
